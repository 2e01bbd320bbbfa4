"""Requests per second under gunicorn with the production settings, against a hello-world view.

For SQLite and PostgreSQL (a scratch database ``gv_bench``), with Redis as the shared cache, it
prepares a database (migrations, seed content, one post with 1,000 comments), starts gunicorn with
``config/gunicorn.py`` and ``DJANGO_ENV=production``, and drives it with ``wrk`` (Debian package
``wrk``) on loopback: the hello-world view, the home page, and the 1,000-comment post page with
the page cache on and off, the seed theses post (a typical page) — once as one returning visitor
reloading it (sending back the CSRF cookie of a first visit, as a browser does) and once with a
new visitor on every request (no cookie, another user agent: each view counted, a new CSRF secret
and cookie issued every time) — and the floor view answering a fixed page of the 1,000-comment
page's size (what moving that many bytes costs). "vs hello" is requests per second relative to
the hello-world view measured on the same server; the rows are measured round-robin in several
rounds and the median reported, so a busy stretch on a shared machine hits every row alike.

    .venv/bin/python bench/throughput.py [--seconds 5] [--rounds 3] [--connections 16]
    .venv/bin/python bench/throughput.py --sqlite-only      # or --postgres-only
    BENCH_PORT=18150 BENCH_REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/throughput.py
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
# Where the benchmark server listens and what it uses; the environment may name others (e.g. on a
# machine shared with other work): BENCH_PORT, BENCH_POSTGRES_DB, BENCH_REDIS_URL.
PORT = int(os.environ.get("BENCH_PORT", "8765"))
POSTGRES_DB = os.environ.get("BENCH_POSTGRES_DB", "gv_bench")
POSTGRES = f"postgres://postgres@127.0.0.1:5432/{POSTGRES_DB}"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
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


def browser_cookie(path: str) -> str:
    """The ``Cookie`` header a browser sends on its next visit after a first GET of ``path``."""
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}") as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(cookie.split(";", 1)[0] for cookie in cookies)


def wrk(path: str, seconds: int, connections: int, script: str | None = None, cookie=""):
    extra = ["-s", script] if script else []
    if cookie:
        extra += ["-H", f"Cookie: {cookie}"]
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
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    scratch = tempfile.mkdtemp()
    lua = str(Path(scratch) / "new_visitors.lua")
    Path(lua).write_text(NEW_VISITORS_LUA)
    databases = [] if args.postgres_only else [("SQLite", f"sqlite:///{scratch}/bench.sqlite3")]
    if not args.sqlite_only:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", POSTGRES_DB])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", POSTGRES_DB], check=True)
        databases.append(("PostgreSQL", POSTGRES))
    print(
        f"wrk: 2 threads, {args.connections} connections, {args.seconds} s per row and round, "
        f"{args.rounds} rounds round-robin; median req/s and p50 of the rounds\n"
    )
    print(
        f"{'database':<11} {'page cache':<10} {'page':<24} {'req/s':>9} {'p50':>9} {'vs hello':>9}"
    )
    for name, url in databases:
        post_url = prepare(url)
        for page_cache in (True, False):
            server = serve(url, page_cache)
            try:
                size = len(urllib.request.urlopen(f"http://127.0.0.1:{PORT}{post_url}").read())
                # A reader coming back sends the cookie (the CSRF token's) the first visit set.
                returning = browser_cookie(SEED_POST)
                pages = [
                    ("hello world", "/bench/hello/", None, ""),
                    ("home", "/", None, returning),
                    ("seed post (typical)", SEED_POST, None, returning),
                    ("post, 1,000 comments", post_url, None, returning),
                    ("seed post, new visitors", SEED_POST, lua, ""),
                    ("floor, same size", f"/bench/floor/{size}/", None, ""),
                ]
                results = {label: [] for label, *_request in pages}
                # Round-robin: a slow stretch on the shared machine hits every row alike.
                for _round in range(args.rounds):
                    for label, path, script, cookie in pages:
                        results[label].append(
                            wrk(path, args.seconds, args.connections, script, cookie)
                        )
            finally:
                stop(server)
            hello = statistics.median(rps for rps, _p50 in results["hello world"])
            for label, measured in results.items():
                rps = statistics.median(rps for rps, _p50 in measured)
                p50 = sorted(measured)[len(measured) // 2][1]
                cache_label = "on" if page_cache else "off"
                print(
                    f"{name:<11} {cache_label:<10} {label:<24} {rps:>9.0f} {p50:>9} "
                    f"{rps / hello:>8.0%}",
                    flush=True,
                )
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
