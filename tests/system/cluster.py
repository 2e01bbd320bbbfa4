"""The production setup on one machine, for the system test.

A PostgreSQL database of the test's own, a Redis of the test's own (so the test may stop or hang
it), gunicorn app servers with ``DJANGO_ENV=production`` running from release directories (copies
of the project, as a deploy unpacks each release into a directory of its own) that collect their
static files into one shared ``STATIC_ROOT`` (docs/deploy.md, "Rolling releases"), and haproxy in
front of them, checking readiness (``/readyz``) and sending each server no more requests at once
than it has workers. Readers are plain HTTP clients that keep their cookies and
appear to come from an address of their own (a CDN in front of the balancer sets
X-Forwarded-For, hence ``TRUSTED_PROXY_COUNT=2``).

Every process is started in a session of its own and stopped through its process id.
"""

import csv
import http.client
import io
import itertools
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg

from tests.local_servers import HOST, stop_process, wait_until

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# What a release directory holds: the project without tests, tools and local state.
NOT_RELEASED = shutil.ignore_patterns(
    ".git", ".venv", ".pytest_cache", ".ruff_cache", "__pycache__", "*.pyc", "node_modules",
    "staticfiles", "staticfiles-manifest", "db.sqlite3*", "tests", "bench", "build", "*.egg-info",
)  # fmt: skip
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
MODERATOR = ("mona", "Moderation-im-Systemtest-2026")
APP_WORKERS = 2
# Requests haproxy sends one app server at once: its workers (sync workers, one thread each).
# More wait in haproxy's queue, not in the server's accept queue, where health checks would
# wait behind them (docs/deploy.md, "Health checks").
APP_CONCURRENCY = APP_WORKERS


# Database -----------------------------------------------------------------------------------


class Database:
    """A PostgreSQL database of the test's own, created empty and dropped at the end."""

    def __init__(self, name: str, server: str):
        self.name = name
        self.server = server.rstrip("/")

    @property
    def url(self) -> str:
        return f"{self.server}/{self.name}"

    def _admin(self):
        return psycopg.connect(f"{self.server}/postgres", autocommit=True)

    def create(self) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def connect(self, **kwargs):
        return psycopg.connect(self.url, **kwargs)

    def rows(self, sql: str, params=()) -> list[tuple]:
        with self.connect(autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


# Releases and app servers -------------------------------------------------------------------


class Release:
    """The project as deployed into a directory of its own."""

    def __init__(self, directory: Path, environment: dict):
        self.directory = directory
        self.environment = environment

    @classmethod
    def copy_of_project(cls, directory: Path, environment: dict) -> "Release":
        shutil.copytree(ROOT, directory, ignore=NOT_RELEASED, symlinks=True)
        return cls(directory, environment)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=self.directory,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout


class AppServer:
    """gunicorn with config/gunicorn.py, from a release directory, on a port of its own."""

    def __init__(self, name: str, release: Release, port: int, log_dir: Path):
        self.name = name
        self.release = release
        self.port = port
        self.log = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "AppServer":
        environment = {
            **self.release.environment,
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "GUNICORN_WORKERS": str(APP_WORKERS),
            "GUNICORN_ACCESS_LOG": "-",
            # Beside the logs, not in the home directory: a killed server leaves it behind.
            "GUNICORN_CONTROL_SOCKET": str(self.log.with_suffix(".ctl")),
        }
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                cwd=self.release.directory,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                return Reader(self.port).get("/readyz", timeout=5).status == 200
            except OSError:
                return False

        wait_until(ready, timeout, f"app server {self.name} to answer /readyz with 200")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the master and its workers at once: the machine died."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, timeout=35)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


# The load balancer ----------------------------------------------------------------------------


def haproxy_binary() -> str:
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
    binary = shutil.which("haproxy", path=path)
    if binary is None:
        raise RuntimeError("haproxy is required: apt-get install -y haproxy")
    return binary


class Balancer:
    """haproxy: round robin over the app servers, each checked with GET /readyz."""

    BACKEND = "app"

    def __init__(self, port: int, servers: dict[str, int], directory: Path, disabled=()):
        self.port = port
        self.socket_path = directory / "haproxy.sock"
        self.config = directory / "haproxy.cfg"
        self.log = directory / "haproxy.log"
        lines = [
            f"    server {name} {HOST}:{port} check" + (" disabled" if name in disabled else "")
            for name, port in servers.items()
        ]
        self.config.write_text(
            HAPROXY_CONFIG.format(
                socket=self.socket_path,
                port=port,
                backend=self.BACKEND,
                servers="\n".join(lines),
                maxconn=APP_CONCURRENCY,
            )
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> "Balancer":
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [haproxy_binary(), "-f", str(self.config), "-db"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self.socket_path.exists, 10, "haproxy's runtime socket")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)

    def command(self, line: str) -> str:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.settimeout(5)
            connection.connect(str(self.socket_path))
            connection.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def stats(self) -> dict[str, dict]:
        """Server name (and "BACKEND") -> haproxy's statistics row of it (``show stat``)."""
        table = self.command("show stat").lstrip("# ")
        return {
            row["svname"]: row
            for row in csv.DictReader(io.StringIO(table))
            if row.get("pxname") == self.BACKEND and row["svname"] != "FRONTEND"
        }

    def states(self) -> dict[str, str]:
        """Server name -> haproxy's status of it (UP, DOWN, MAINT, "UP 1/2", ...)."""
        return {name: row["status"] for name, row in self.stats().items() if name != "BACKEND"}

    def set_state(self, server: str, state: str) -> None:
        """``state``: ready (in rotation once its checks pass), maint (out)."""
        answer = self.command(f"set server {self.BACKEND}/{server} state {state}").strip()
        if answer:
            raise RuntimeError(f"haproxy: {answer}")

    def wait_states(self, expected: dict[str, str], timeout: float = 30) -> None:
        wait_until(
            lambda: all(self.states().get(n) == s for n, s in expected.items()),
            timeout,
            f"haproxy to see {expected} (it sees {self.states()})",
        )


HAPROXY_CONFIG = """\
global
    stats socket {socket} mode 600 level admin
    maxconn 256

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout check 2s
    # A refused connection (a dead server) is tried again on another server; a request that
    # reached a server is never sent twice.
    retries 2
    option redispatch
    option forwardfor

frontend web
    bind {HOST}:{port}
    default_backend {backend}

backend {backend}
    balance roundrobin
    option httpchk
    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host {HOST}
    http-check expect status 200
    # maxconn: no more requests at once than the server has workers; the rest wait here.
    default-server inter 500ms fall 2 rise 2 maxconn {maxconn}
    timeout queue 30s
{servers}
""".replace("{HOST}", HOST)


# Readers ---------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


_addresses = itertools.count(1)


def new_address() -> str:
    """A client address of its own (private range; nothing is ever sent there)."""
    number = next(_addresses)
    return f"10.77.{number // 250 % 250}.{number % 250 + 1}"


@dataclass
class Reader:
    """One browser: sends its cookies back (all of them: in production TLS ends in front of the
    balancer, so Secure cookies travel), and an address of its own via X-Forwarded-For."""

    port: int
    address: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method, path, fields=None, *, port=None, timeout=30.0) -> Response:
        port = port or self.port
        path = path.partition("#")[0]  # a browser never sends the fragment; the balancer refuses it
        headers = {"User-Agent": USER_AGENT, "Accept-Language": "de", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{port}"
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        elapsed = time.monotonic() - started
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        headers = {name.lower(): value for name, value in answer.getheaders()}
        return Response(answer.status, headers, content, elapsed)

    def get(self, path, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, **kwargs) -> Response:
        return self.request("POST", path, fields, **kwargs)


class _Forms(HTMLParser):
    """The forms of a page: their attributes and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            fields[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            fields[self._textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_in(html: str, **wanted: str) -> dict:
    """The form whose attributes include ``wanted`` (``class_`` for class): attrs and fields."""
    parser = _Forms()
    parser.feed(html)
    wanted = {name.rstrip("_"): value for name, value in wanted.items()}
    for form in parser.forms:
        if all(value in form["attrs"].get(name, "").split() for name, value in wanted.items()):
            return form
    raise AssertionError(f"No form with {wanted} on the page.")


# The whole site --------------------------------------------------------------------------------


def environment(database_url: str, redis_url: str, secret_key: str, static_root: Path) -> dict:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUNICORN_", "REDIS_", "DATABASE_", "DB_", "BLOG_"))
        and not name.startswith(("COMMENTS_", "SECURE_", "ALLOWED_", "CSRF_", "TRUSTED_"))
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TRUSTED_PROXY_COUNT": "2",
        # Shared by the releases on this "host": every release's hashed files stay there.
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def new_secret_key() -> str:
    return secrets.token_urlsafe(60)
