"""Search cost with the blog's own texts at 5, 500 and 5,000 posts, side by side in one run.

Copies the seed articles (with their theses and tags) until the database holds N published
posts, then requests /suche/ through Django's test client for a few queries — a rare word, an
author, a frequent word (every post matches, one page of 10 results with snippets), a query
without hits — and prints median server time and the number of hits. Also the time to
(re)build one post's search entry, which every save of a post pays.

    .venv/bin/python bench/search.py [--runs 15]
    DATABASE_URL=postgres://… .venv/bin/python bench/search.py   # a scratch database
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

SIZES = (5, 500, 5_000)
QUERIES = {
    "rare word": "Skepsis",
    "author": "Kerstin Hoffmann",
    "frequent word": "Social Media",
    "no hits": "Quantenschaum",
}


def median_ms(function, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def grow_to(size):
    """Copies of the seed posts (new slugs, same texts, theses and tags) up to ``size``."""
    from blog.models import Post, SearchEntry, Thesis

    originals = list(Post.objects.filter(pk__lte=5).prefetch_related("theses", "tags"))
    count = Post.objects.count()
    while count < size:
        source = originals[count % len(originals)]
        copy = Post.objects.get(pk=source.pk)
        copy.pk = None
        copy.slug = f"{source.slug}-{count}"
        copy.save()
        Thesis.objects.bulk_create(
            Thesis(
                post=copy, position=t.position, title=t.title, body=t.body, body_html=t.body_html
            )
            for t in source.theses.all()
        )
        copy.tags.set(list(source.tags.all()))
        count += 1
    return SearchEntry.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    with tempfile.TemporaryDirectory() as scratch:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from blog import search_index
        from blog.models import Post

        call_command("migrate", verbosity=0)
        call_command("loaddata", "seed", verbosity=0)
        client = Client()
        print(f"Database: {connection.vendor}; median of {args.runs} runs; times in ms\n")
        head = f"{'posts':>6} " + " ".join(f"{name:>16}" for name in QUERIES) + f" {'index 1':>8}"
        print(head)
        print("-" * len(head))
        for size in SIZES:
            grow_to(size)
            cells = []
            for query in QUERIES.values():
                assert client.get("/suche/", {"q": query}).status_code == 200
                hits = Post.objects.published().search(query).count()
                ms = median_ms(lambda q=query: client.get("/suche/", {"q": q}), args.runs)
                cells.append(f"{ms:8.1f} ({hits:>5})")
            theses_post = Post.objects.get(pk=2)
            index_ms = median_ms(lambda p=theses_post: search_index.index_post(p.pk), args.runs)
            print(f"{size:>6} " + " ".join(f"{cell:>16}" for cell in cells) + f" {index_ms:8.1f}")
        print("\n(hits) = number of matching posts; the page shows 10 with snippets.")


if __name__ == "__main__":
    main()
