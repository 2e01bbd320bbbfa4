"""Post page cost against Django's own floor, measured side by side in one run.

For posts with 0, 100, 1,000 and 10,000 comments (threads to depth 5) it requests the post page
through Django's test client (full middleware stack, no network) and prints queries, median and
p95 server time uncached (page cache off) and cached, the HTML size, and the same figures for the
floor: a minimal view returning a fixed page of the same size through the same middleware.
"Ratio" = uncached post page / floor of the same size.

    .venv/bin/python bench/page.py [--runs 20]
    DATABASE_URL=postgres://… .venv/bin/python bench/page.py   # a scratch database
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (0, 100, 1_000, 10_000)


def timed(client, url, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    with tempfile.TemporaryDirectory() as scratch:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client, override_settings
        from django.test.utils import CaptureQueriesContext

        from bench.comments_page import build_post

        call_command("migrate", verbosity=0)
        client = Client()
        print(f"Database: {connection.vendor}; {args.runs} runs per figure; times in ms\n")
        head = (
            f"{'comments':>9} {'queries':>7} {'KiB':>7} {'uncached':>9} {'p95':>7} "
            f"{'floor':>7} {'ratio':>6} {'cached':>7} {'c/hello':>8}"
        )
        print(head)
        print("-" * len(head))
        for size in SIZES:
            post = build_post(size)
            url = post.get_absolute_url()
            with override_settings(BLOG_PAGE_CACHE_SECONDS=0):
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    size_bytes = len(client.get(url).content)
                query_count = len(queries)  # read now: later requests reset the query log
                uncached, p95 = timed(client, url, args.runs)
                floor_url = f"/bench/floor/{size_bytes}/"
                client.get(floor_url)
                floor, _ = timed(client, floor_url, args.runs)
            with override_settings(BLOG_PAGE_CACHE_SECONDS=300):
                client.get(url)
                cached, _ = timed(client, url, args.runs)
            hello, _ = timed(client, "/bench/hello/", args.runs)
            print(
                f"{size:>9,} {query_count:>7} {size_bytes / 1024:>7.0f} {uncached * 1e3:>9.2f} "
                f"{p95 * 1e3:>7.2f} {floor * 1e3:>7.2f} {uncached / floor:>6.1f} "
                f"{cached * 1e3:>7.2f} {cached / hello:>8.2f}"
            )
        connection.close()


if __name__ == "__main__":
    main()
