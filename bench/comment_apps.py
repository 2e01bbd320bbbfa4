"""Our comment section against django-comments-xtd, rendered side by side in one run.

For 100, 1,000 and 10,000 comments (threads to depth 5) it builds one published post with that
many of our comments and attaches the same discussion to the same post as django-comments-xtd
comments: same names, e-mail addresses, texts, times and thread shape (xtd levels 0–4). Then it
renders, alternating run by run, through Django's template engine with an anonymous GET request
(context processors, CSRF token) what each app shows under a post:

- ours: ``{% load discussion %}{% comment_section post %}`` (count, threaded list, form);
- xtd, its documented standard set with its default templates: ``{% get_comment_count %}``
  (shown in a heading), ``{% render_xtdcomment_tree for post %}``, ``{% render_comment_form %}``.

Every run uses a fresh request and queryset, so each includes its own database queries; nothing is
cached across runs (the template is compiled once, as Django's cached loader would). It prints the
median and p95 render time, queries and HTML size per app, the ratio xtd / ours, the time per
comment, and how each scales from 1,000 to 10,000 comments (the growth factor and the time per
added comment, which leaves out the fixed cost of the heading and the form).

Caveats: the two sections are not the same HTML. xtd renders each comment through its template
(once more, with a flattened copy of the context, for each comment that has replies), with a
Gravatar URL (an MD5 per comment), a reverse() each for the permalink and the reply link, and
Bootstrap markup, and shows the raw comment text; ours shows the bleach-sanitised HTML stored at
save time (Markdown and links) with a reply and a report link, built in Python with the per-page
parts (labels, URL patterns, month names) prepared once. xtd's form is shorter (no privacy notice
or consent box). With 10 runs the p95 is the slowest run. The xtd comments are inserted in bulk
with the thread fields its ``save()`` computes (checked against ``save()`` on a small post); a
check counts the comments each rendering shows.

    pip install -e ".[bench]"        # django-comments-xtd and django-contrib-comments
    .venv/bin/python bench/comment_apps.py [--runs 10] [--sizes 100 1000 10000]

It always uses a temporary SQLite file.
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

SIZES = (100, 1_000, 10_000)
OURS = "{% load discussion %}{% comment_section post %}"
XTD = (
    "{% load comments comments_xtd %}"
    "{% get_comment_count for post as comment_count %}<h2>{{ comment_count }} comments</h2>"
    "{% render_xtdcomment_tree for post %}"
    "{% render_comment_form for post %}"
)
# One per rendered comment: our thread_html.py, xtd's comment_tree.html.
OURS_MARK = '<article class="comment" id="kommentar-'
XTD_MARK = '<div id="c'
OUR_COLUMNS = (
    "pk",
    "parent_id",
    "author_name",
    "author_email",
    "author_website",
    "body",
    "submitted_at",
)


def our_rows(post) -> list[tuple]:
    """Our published comments of ``post`` in display (depth-first) order."""
    from comments.models import Comment

    return list(Comment.objects.filter(post=post).order_by("path").values_list(*OUR_COLUMNS))


def xtd_values(content_type, post, name, email, website, body, submitted) -> dict:
    """One of our comments as the fields of a public django-contrib-comments row."""
    return {
        "content_type": content_type,
        "object_pk": str(post.pk),
        "site_id": 1,
        "user_name": name,
        "user_email": email,
        "user_url": website,
        "comment": body,
        "submit_date": submitted,
        "is_public": True,
        "is_removed": False,
    }


def attach_xtd(post) -> None:
    """Copy our discussion of ``post`` to xtd comments in bulk, with the fields xtd keeps.

    xtd stores per comment: ``thread_id`` (the id of the thread's first comment), ``parent_id``
    (a first comment's own id), ``level`` (0 for a first comment), ``order`` (position in the
    thread, depth-first, from 1) and ``nested_count`` (number of replies below it at any depth).
    XtdComment extends django-contrib-comments' Comment by multi-table inheritance, which
    bulk_create does not support: the base rows go in with bulk_create and explicit ids, the
    xtd rows with one executemany.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import Max
    from django_comments.models import Comment as BaseComment
    from django_comments_xtd.models import XtdComment

    content_type = ContentType.objects.get_for_model(post)
    first_id = (BaseComment.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    ids: dict[int, int] = {}  # our pk -> xtd id
    fields: dict[int, list] = {}  # xtd id -> [thread_id, parent_id, level, order, nested_count]
    ancestors: dict[int, tuple[int, ...]] = {}
    thread_sizes: dict[int, int] = {}
    base_rows = []
    for offset, (pk, parent, name, email, website, body, submitted) in enumerate(our_rows(post)):
        cid = ids[pk] = first_id + offset
        if parent is None:
            thread, parent_cid, level, chain = cid, cid, 0, ()
        else:
            parent_cid = ids[parent]
            thread = fields[parent_cid][0]
            level = fields[parent_cid][2] + 1
            chain = (*ancestors[parent_cid], parent_cid)
        ancestors[cid] = chain
        thread_sizes[thread] = thread_sizes.get(thread, 0) + 1
        fields[cid] = [thread, parent_cid, level, thread_sizes[thread], 0]
        for above in chain:
            fields[above][4] += 1
        base_rows.append(
            BaseComment(
                pk=cid, **xtd_values(content_type, post, name, email, website, body, submitted)
            )
        )
    names = ("comment_ptr", "thread_id", "parent_id", "level", "order", "followup", "nested_count")
    meta = XtdComment._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
    with transaction.atomic():
        BaseComment.objects.bulk_create(base_rows, batch_size=500)
        with connection.cursor() as cursor:
            rows = [(cid, *values[:4], False, values[4]) for cid, values in fields.items()]
            cursor.executemany(sql, rows)


def attach_xtd_one_by_one(post) -> None:
    """The same through ``XtdComment.save()``, which computes the thread fields itself."""
    from django.contrib.contenttypes.models import ContentType
    from django_comments_xtd.models import XtdComment

    content_type = ContentType.objects.get_for_model(post)
    ids: dict[int, int] = {}
    for pk, parent, name, email, website, body, submitted in our_rows(post):
        comment = XtdComment(
            parent_id=ids[parent] if parent else 0,
            **xtd_values(content_type, post, name, email, website, body, submitted),
        )
        comment.save()
        ids[pk] = comment.pk


def thread_fields(post) -> list[tuple]:
    """xtd's thread fields of ``post``'s comments, with ids replaced by positions."""
    from django_comments_xtd.models import XtdComment

    rows = list(
        XtdComment.objects.filter(object_pk=str(post.pk))
        .order_by("thread_id", "order")
        .values_list("pk", "thread_id", "parent_id", "level", "order", "nested_count", "user_name")
    )
    position = {row[0]: index for index, row in enumerate(rows)}
    return [
        (position[thread], position[parent], level, order, nested, name)
        for _, thread, parent, level, order, nested, name in rows
    ]


def check_bulk_fields() -> None:
    """The bulk insertion yields exactly the thread fields ``XtdComment.save()`` computes."""
    from bench.comments_page import DEPTHS, build_post

    size = 3 * len(DEPTHS) + 2
    bulk, saved = build_post(size), build_post(size)
    attach_xtd(bulk)
    attach_xtd_one_by_one(saved)
    assert thread_fields(bulk) == thread_fields(saved), "bulk thread fields differ from save()"


def render_timings(templates: dict, post, runs: int) -> dict[str, list[float]]:
    """Render each template ``runs`` times, alternating, each with a fresh request."""
    timings: dict[str, list[float]] = {name: [] for name in templates}
    for _ in range(runs):
        for name, template in templates.items():
            request = new_request(post)
            started = time.perf_counter()
            template.render({"post": post}, request)
            timings[name].append(time.perf_counter() - started)
    return timings


def new_request(post):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get(post.get_absolute_url())
    request.user = AnonymousUser()
    return request


def render_once(template, post) -> tuple[str, int]:
    """The HTML and the number of queries of one rendering."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = template.render({"post": post}, new_request(post))
    return html, len(queries)


def median_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="renderings per app and size")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.comment_apps_settings"
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/comment_apps.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.template import engines

        from bench.comments_page import build_post
        from comments.models import Comment

        call_command("migrate", verbosity=0)
        check_bulk_fields()
        engine = engines["django"]
        templates = {"ours": engine.from_string(OURS), "xtd": engine.from_string(XTD)}
        version = _xtd_version()
        print(
            f"Database: {connection.vendor}; django-comments-xtd {version}; {args.runs} runs per "
            "figure, alternating; times in ms, per comment in µs\n"
        )
        head = (
            f"{'comments':>9} | {'ours':>7} {'p95':>7} {'q':>3} {'KiB':>6} | "
            f"{'xtd':>8} {'p95':>8} {'q':>3} {'KiB':>6} | {'xtd/ours':>8} | "
            f"{'µs ours':>7} {'µs xtd':>7}"
        )
        print(head)
        print("-" * len(head))
        medians: dict[int, dict[str, float]] = {}
        for size in args.sizes:
            post = build_post(size)
            attach_xtd(post)
            assert Comment.objects.for_post(post).count() == size
            figures = {}
            for name, template in templates.items():
                render_once(template, post)  # warm-up: first-use caches (Site, translations)
                html, queries = render_once(template, post)
                shown = html.count(OURS_MARK if name == "ours" else XTD_MARK)
                assert shown == size, f"{name} shows {shown} of {size} comments"
                figures[name] = (queries, len(html.encode()))
            timings = render_timings(templates, post, args.runs)
            ours, ours_p95 = median_p95(timings["ours"])
            xtd, xtd_p95 = median_p95(timings["xtd"])
            medians[size] = {"ours": ours, "xtd": xtd}
            print(
                f"{size:>9,} | {ours * 1e3:>7.1f} {ours_p95 * 1e3:>7.1f} {figures['ours'][0]:>3} "
                f"{figures['ours'][1] / 1024:>6,.0f} | {xtd * 1e3:>8.1f} {xtd_p95 * 1e3:>8.1f} "
                f"{figures['xtd'][0]:>3} {figures['xtd'][1] / 1024:>6,.0f} | {xtd / ours:>8.1f} | "
                f"{ours / size * 1e6:>7.1f} {xtd / size * 1e6:>7.1f}"
            )
        if 1_000 in medians and 10_000 in medians:
            growth = {name: medians[10_000][name] / medians[1_000][name] for name in templates}
            added = {
                name: (medians[10_000][name] - medians[1_000][name]) / 9_000 * 1e6
                for name in templates
            }
            print(
                "\nLinearity, time at 10,000 / time at 1,000 comments (10.0 = linear): "
                f"ours {growth['ours']:.1f}, xtd {growth['xtd']:.1f}; "
                f"per added comment: ours {added['ours']:.1f} µs, xtd {added['xtd']:.1f} µs"
            )
        connection.close()


def _xtd_version() -> str:
    from importlib.metadata import version

    return version("django-comments-xtd")


if __name__ == "__main__":
    main()
