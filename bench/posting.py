"""Comments posted by concurrent readers through the real form, against gunicorn.

20 client threads post 200 comments in all, each as a reader would: GET the post page (cookies,
CSRF token, the form's signed start time), wait the minimum fill-in time, POST the form (consent
ticked, honeypot empty). Runs gunicorn (4 workers, production settings with Redis as the shared
cache) on SQLite and on PostgreSQL (scratch database ``gv_bench``; port, database and Redis as in
``bench/throughput.py``) and prints accepted answers, rows stored, errors and latency. "lost" =
accepted answers without a stored row.

    .venv/bin/python bench/posting.py [--comments 200] [--clients 20] [--sqlite-only]
"""

import argparse
import concurrent.futures
import http.cookiejar
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.throughput import (  # noqa: E402
    PORT,
    POSTGRES,
    POSTGRES_DB,
    environment,
    prepare,
    serve,
    stop,
)

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_one(post_url: str, index: int, fill_seconds: float) -> tuple[int, float]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    base = f"http://127.0.0.1:{PORT}"
    page = opener.open(base + post_url, timeout=30).read().decode()
    form = page[page.index('id="kommentar-formular"') :]
    fields = dict(HIDDEN.findall(form))
    fields.update(
        author_name=f"Leserin {index}",
        author_email=f"leserin{index}@last.gegenverkehr.invalid",
        body=f"Kommentar {index}: Social Media im B2B-Bereich braucht Geduld und Inhalte.",
        consent="on",
        homepage="",
    )
    time.sleep(fill_seconds)
    request = urllib.request.Request(
        base + post_url + "kommentare/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": base + post_url},
    )
    started = time.perf_counter()
    try:
        status = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as answer:
        status = answer.code
    return status, time.perf_counter() - started


def count_rows(database_url: str, post_url: str) -> int:
    script = (
        "import django; django.setup();"
        "from comments.models import Comment;"
        f"slug = {post_url!r}.strip('/').split('/')[-1];"
        "print(Comment.objects.filter(post__slug=slug, author_email__endswith='@last.gegenverkehr.invalid').count())"  # noqa: E501
    )
    env = environment(database_url, page_cache=True)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp()
    databases = [("SQLite", f"sqlite:///{scratch}/posting.sqlite3")]
    if not args.sqlite_only:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", POSTGRES_DB])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", POSTGRES_DB], check=True)
        databases.append(("PostgreSQL", POSTGRES))
    print(f"{args.comments} comments, {args.clients} concurrent clients, gunicorn 4 workers\n")
    print(
        f"{'database':<11} {'accepted':>8} {'stored':>7} {'lost':>5} {'4xx':>5} {'5xx':>5} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'seconds':>8}"
    )
    for name, url in databases:
        post_url = prepare(url, comments=0)
        server = serve(url, page_cache=True, workers=4)
        started = time.perf_counter()
        try:
            with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
                futures = [
                    pool.submit(post_one, post_url, index, 1.2) for index in range(args.comments)
                ]
                results = [future.result() for future in futures]
        finally:
            stop(server)
        elapsed = time.perf_counter() - started
        statuses = [status for status, _ in results]
        latencies = sorted(seconds for _, seconds in results)
        accepted = sum(status == 302 for status in statuses)
        stored = count_rows(url, post_url)
        print(
            f"{name:<11} {accepted:>8} {stored:>7} {max(accepted - stored, 0):>5} "
            f"{sum(400 <= s < 500 for s in statuses):>5} {sum(s >= 500 for s in statuses):>5} "
            f"{statistics.median(latencies) * 1e3:>8.0f} "
            f"{latencies[int(len(latencies) * 0.95) - 1] * 1e3:>8.0f} {elapsed:>8.1f}"
        )


if __name__ == "__main__":
    main()
