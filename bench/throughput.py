"""Requests per second under gunicorn with the production settings, against a hello-world view.

For SQLite and PostgreSQL (a scratch database ``gv_bench``), with Redis as the shared cache, it
prepares a database (migrations, seed content, one post with 1,000 comments), starts gunicorn with
``config/gunicorn.py`` and ``DJANGO_ENV=production``, and drives it with ``wrk`` (Debian package
``wrk``) on loopback: the hello-world view, the home page, and the 1,000-comment post page with
the page cache on and off, the seed theses post (a typical page) — once as one visitor reloading
it (plain ``wrk``) and once with a new visitor on every request, each view counted — and the
floor view answering a fixed page of the 1,000-comment page's size (what moving that many bytes
costs). "vs hello" is
requests per second relative to the hello-world view measured in the same run on the same server.

    .venv/bin/python bench/throughput.py [--seconds 10] [--connections 16] [--sqlite-only]
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PORT = 8765
POSTGRES = "postgres://postgres@127.0.0.1:5432/gv_bench"
REDIS = "redis://127.0.0.1:6379/14"
SEED_POST = "/2012/03/15/social-media-in-b2b-weiterhin-mehr-ob-als-wie/"


def environment(database_url: str, page_cache: bool) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS,
        "BLOG_PAGE_CACHE_SECONDS": "300" if page_cache else "0",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "LOG_LEVEL": "ERROR",
    }


def prepare(database_url: str, comments: int = 1000) -> str:
    env = environment(database_url, page_cache=True)
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "call_command('collectstatic', interactive=False, verbosity=0);"
        "call_command('loaddata', 'seed', 'seed_comments', verbosity=0);"
        "from bench.comments_page import build_post;"
        f"print(build_post({comments}).get_absolute_url())"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def serve(database_url: str, page_cache: bool, workers: int | None = None) -> subprocess.Popen:
    env = environment(database_url, page_cache)
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/hello/", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


# Every request from another browser, so every request is a new visitor whose view is counted
# (plain wrk sends the same request again and again: one visitor reloading).
NEW_VISITORS_LUA = """
local counter = 0
function setup(thread)
  thread:set("id", tostring(math.random(1, 1e9)))
end
function request()
  counter = counter + 1
  local agent = "Mozilla/5.0 (X11; Linux x86_64) Leser/" .. id .. "." .. counter
  return wrk.format("GET", nil, {["User-Agent"] = agent})
end
"""


def wrk(path: str, seconds: int, connections: int, script: str | None = None):
    extra = ["-s", script] if script else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *extra,
         f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)
    if "Non-2xx" in out:
        raise RuntimeError(f"{path}: non-2xx answers\n{out}")
    return rps, p50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    scratch = tempfile.mkdtemp()
    lua = str(Path(scratch) / "new_visitors.lua")
    Path(lua).write_text(NEW_VISITORS_LUA)
    databases = [("SQLite", f"sqlite:///{scratch}/bench.sqlite3")]
    if not args.sqlite_only:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "gv_bench"])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "gv_bench"], check=True)
        databases.append(("PostgreSQL", POSTGRES))
    print(f"wrk: 2 threads, {args.connections} connections, {args.seconds} s per row\n")
    print(
        f"{'database':<11} {'page cache':<10} {'page':<22} {'req/s':>9} {'p50':>9} {'vs hello':>9}"
    )
    for name, url in databases:
        post_url = prepare(url)
        for page_cache in (True, False):
            server = serve(url, page_cache)
            try:
                hello, hello_p50 = wrk("/bench/hello/", args.seconds, args.connections)
                rows = [("hello world", hello, hello_p50)]
                pages = [("home", "/"), ("seed post (typical)", SEED_POST)]
                pages.append(("post, 1,000 comments", post_url))
                for label, path in pages:
                    rows.append((label, *wrk(path, args.seconds, args.connections)))
                new_visitors = wrk(SEED_POST, args.seconds, args.connections, lua)
                rows.append(("seed post, new visitors", *new_visitors))
                size = len(urllib.request.urlopen(f"http://127.0.0.1:{PORT}{post_url}").read())
                floor = f"/bench/floor/{size}/"
                rows.append(("floor, same size", *wrk(floor, args.seconds, args.connections)))
            finally:
                stop(server)
            for label, rps, p50 in rows:
                cache_label = "on" if page_cache else "off"
                print(
                    f"{name:<11} {cache_label:<10} {label:<22} {rps:>9.0f} {p50:>9} "
                    f"{rps / hello:>8.0%}"
                )
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
