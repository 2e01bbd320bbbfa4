"""How the post page scales with the size of its discussion.

Builds posts with 100, 1,000 and 10,000 published comments (threads up to depth 5, inserted with
bulk_create and the paths the model would assign), requests each post page through Django's
test client and prints: comments, database queries, median server-side time, time per comment
and HTML size.

    .venv/bin/python bench/comments_page.py              # temporary SQLite file
    DATABASE_URL=postgres://… .venv/bin/python bench/comments_page.py --runs 20

With DATABASE_URL the script migrates that database and leaves its rows behind: point it at a
scratch database.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000, 10_000)
DEPTHS = (1, 2, 3, 4, 5, 3, 2)  # repeating pattern of consecutive comment depths


def setup_django(database_file: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Server-side rendering time is the subject here, not the page cache.
    os.environ["BLOG_PAGE_CACHE_SECONDS"] = "0"
    if database_file:
        os.environ["DATABASE_URL"] = f"sqlite:///{database_file}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_post(size: int):
    """A published post with ``size`` published comments in threads up to depth 5.

    Built with the test factories (``tests/factories.py``): one INSERT per depth, the paths and
    parents the model would assign, one minute between comments.
    """
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import PostFactory, bulk_comment_threads

    post = PostFactory(
        title=f"Benchmark mit {size} Kommentaren",
        slug=f"bench-{size}-{time.time_ns()}",  # unique in a database used before
        body="Ein Absatz.",
    )
    started = timezone.now() - timedelta(hours=size)
    bulk_comment_threads(
        post,
        size,
        depths=DEPTHS,
        each=lambda index: {
            "author_name": f"Leserin {index}",
            "author_email": f"leserin{index}@gaeste.gegenverkehr.invalid",
            "body": (
                f"Kommentar {index}: ein Gedanke zur B2B-Kommunikation.\n\nMit https://example.org."
            ),
            "submitted_at": started + timedelta(minutes=index),
        },
    )
    return post


def measure(post, runs: int):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = post.get_absolute_url()
    client.get(url)  # warm up template and URL caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), statistics.median(timings), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="requests per size (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        database_file = None if os.environ.get("DATABASE_URL") else f"{scratch}/bench.sqlite3"
        setup_django(database_file)
        from django.db import connection

        from comments.models import Comment

        print(f"Database: {connection.vendor}, {args.runs} runs per size\n")
        columns = {"comments": 9, "queries": 8, "median ms": 10, "µs/comment": 11, "HTML KiB": 9}
        header = " ".join(f"{name:>{width}}" for name, width in columns.items())
        print(header)
        print("-" * len(header))
        for size in SIZES:
            post = build_post(size)
            assert Comment.objects.for_post(post).count() == size
            queries, median, html_bytes = measure(post, args.runs)
            print(
                f"{size:>9,} {queries:>8} {median * 1000:>10.1f} "
                f"{median / size * 1e6:>11.1f} {html_bytes / 1024:>9.0f}"
            )
        connection.close()


if __name__ == "__main__":
    main()
