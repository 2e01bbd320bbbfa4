import time

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog import view_counts
from blog.models import PostRating, PostViewCount, ThesisVote
from core import local_memory
from tests.factories import PostFactory, ThesisFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # These tests read the live counter on the page; cached pages show it with a delay by design
    # (tests/test_page_cache.py covers that).
    settings.BLOG_PAGE_CACHE_SECONDS = 0


BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def visit(client, post, ip="198.51.100.1", agent=BROWSER, **extra):
    return client.get(post.get_absolute_url(), REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, **extra)


def test_two_visitors_are_counted_and_shown_in_german(client, post):
    visit(client, post, ip="198.51.100.1")
    visit(client, post, ip="198.51.100.2")
    assert view_counts.view_totals(post) == {"total": 2, "today": 2}
    html = visit(client, post, ip="198.51.100.3").content.decode()
    assert "2 Aufrufe, 2 heute" in html


def test_singular_and_thousands_separator(client, post):
    PostViewCount.objects.create(post=post, day=timezone.localdate(), count=1)
    assert "1 Aufruf, 1 heute" in visit(client, post).content.decode()
    PostViewCount.objects.filter(post=post).update(count=1233)
    html = visit(client, post, ip="198.51.100.9").content.decode()
    assert "1.234 Aufrufe, 1.234 heute" in html


def test_reload_within_the_window_is_not_counted(client, post):
    for _ in range(5):
        visit(client, post)
    assert view_counts.view_totals(post)["total"] == 1


def test_a_reload_counted_by_this_process_needs_no_shared_cache_write(client, post, monkeypatch):
    visit(client, post)
    attempts = []
    original_add = cache.add
    monkeypatch.setattr(
        cache, "add", lambda *a, **k: attempts.append(a[0]) or original_add(*a, **k)
    )
    visit(client, post)
    visit(client, post, ip="198.51.100.77")
    assert len([key for key in attempts if key.startswith("blog:views:seen:")]) == 1
    assert view_counts.view_totals(post)["total"] == 2


def test_a_visitor_counted_by_another_process_is_asked_for_once(client, post, monkeypatch):
    visit(client, post)
    local_memory.COUNTED_VISITORS.clear()  # as if the view had been counted by another app server
    attempts = []
    original_add = cache.add
    monkeypatch.setattr(
        cache, "add", lambda *a, **k: attempts.append(a[0]) or original_add(*a, **k)
    )
    for _ in range(3):
        visit(client, post)
    assert len([key for key in attempts if key.startswith("blog:views:seen:")]) == 1
    assert view_counts.view_totals(post)["total"] == 1


def test_same_visitor_counts_again_after_the_window(client, post, settings):
    settings.BLOG_VIEW_WINDOW_SECONDS = 1
    visit(client, post)
    time.sleep(1.2)
    visit(client, post)
    assert view_counts.view_totals(post)["total"] == 2


def test_same_ip_with_another_browser_is_another_visitor(client, post):
    visit(client, post, agent=BROWSER)
    visit(client, post, agent=BROWSER.replace("Firefox", "Chrome"))
    assert view_counts.view_totals(post)["total"] == 2


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp)",
        "Baiduspider",
        "curl/8.5.0",
        "Wget/1.21",
        "python-requests/2.32.3",
        "python-httpx/0.27.0",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0 Safari/537.36",
        "Slackbot-LinkExpanding 1.0",
        "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "Site24x7 monitoring",
        "Google Web Preview",
        "facebookexternalhit/1.1",
    ],
)
def test_bots_are_not_counted(client, post, agent):
    assert visit(client, post, agent=agent).status_code == 200
    assert view_counts.view_totals(post)["total"] == 0


def test_head_and_prefetch_requests_are_not_counted(client, post):
    client.head(post.get_absolute_url(), REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT=BROWSER)
    visit(client, post, HTTP_SEC_PURPOSE="prefetch")
    assert view_counts.view_totals(post)["total"] == 0


def test_missing_pages_and_drafts_are_not_counted(client, post):
    draft = PostFactory(status="draft")
    assert visit(client, draft).status_code == 404
    assert (
        client.get(
            f"{post.get_absolute_url()}?seite=9",
            REMOTE_ADDR="198.51.100.1",
            HTTP_USER_AGENT=BROWSER,
        ).status_code
        == 404
    )
    assert view_counts.view_totals(post)["total"] == 0
    assert view_counts.view_totals(draft)["total"] == 0


def test_nothing_personal_is_stored(client, post):
    visit(client, post, ip="203.0.113.77", agent=BROWSER + " Unverwechselbar/1.0")
    for row in PostViewCount.objects.values():
        assert set(row) == {"id", "post_id", "day", "count"}
    assert "203.0.113.77" not in cache_dump()
    assert "Unverwechselbar" not in cache_dump()


def cache_dump() -> str:
    """Every key and value in the cache, for the local memory and the Redis backends."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return repr(list(backend._cache.items()))
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        return repr([(key, client.get(key)) for key in client.scan_iter()])
    pytest.fail(f"cannot inspect the cache backend {type(backend).__name__}")


def test_counting_does_not_write_to_the_database_per_view(client, post):
    visit(client, post, ip="198.51.100.1")
    for index in range(2, 5):
        with CaptureQueriesContext(connection) as captured:
            visit(client, post, ip=f"198.51.100.{index}")
        statements = [query["sql"].upper() for query in captured.captured_queries]
        assert not any(sql.startswith(("UPDATE", "INSERT")) for sql in statements)
        assert not any("FOR UPDATE" in sql for sql in statements)
    assert PostViewCount.objects.count() == 0
    assert view_counts.view_totals(post)["total"] == 4


def test_flush_command_moves_counts_and_keeps_the_totals(client, post):
    other = PostFactory()
    for index in range(3):
        visit(client, post, ip=f"198.51.100.{index}")
    visit(client, other)
    before = view_counts.view_totals(post)
    html_before = visit(client, post, ip="198.51.100.200").content.decode()

    call_command("flush_view_counts", verbosity=0)

    row = PostViewCount.objects.get(post=post)
    assert (row.day, row.count) == (timezone.localdate(), 4)
    assert PostViewCount.objects.get(post=other).count == 1
    assert cache.get(view_counts.counter_key(post.pk, timezone.localdate())) == 0
    assert view_counts.view_totals(post) == {"total": before["total"] + 1, "today": 4}
    # Flushing twice moves nothing twice.
    call_command("flush_view_counts", verbosity=0)
    assert PostViewCount.objects.get(post=post).count == 4
    html_after = visit(client, post, ip="198.51.100.200").content.decode()
    assert "4 Aufrufe, 4 heute" in html_after
    assert "3 Aufrufe, 3 heute" in html_before


def test_flush_command_reports(client, post, capsys):
    visit(client, post)
    call_command("flush_view_counts")
    assert "1 Aufrufe aus 1 Zählern gespeichert." in capsys.readouterr().out


def test_counter_is_flushed_early_at_the_threshold(client, post, settings):
    settings.BLOG_VIEW_FLUSH_THRESHOLD = 3
    for index in range(4):
        visit(client, post, ip=f"198.51.100.{index}")
    assert PostViewCount.objects.get(post=post).count == 3
    assert view_counts.view_totals(post) == {"total": 4, "today": 4}


def test_older_pending_days_count_in_the_total_only(post):
    yesterday = view_counts.pending_days()[1]
    cache.set(view_counts.counter_key(post.pk, yesterday), 5)
    PostViewCount.objects.create(post=post, day=yesterday, count=10)
    assert view_counts.view_totals(post) == {"total": 15, "today": 0}
    assert view_counts.flush_pending([post.pk]) == (5, 1)
    assert view_counts.view_totals(post) == {"total": 15, "today": 0}


def test_failed_database_write_gives_the_views_back(post, monkeypatch):
    today = timezone.localdate()
    cache.set(view_counts.counter_key(post.pk, today), 7)

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(PostViewCount.objects, "add", broken)
    with pytest.raises(RuntimeError):
        view_counts.flush_counter(post.pk, today)
    assert cache.get(view_counts.counter_key(post.pk, today)) == 7


@pytest.mark.parametrize("method", ["add", "incr", "get", "get_many"])
def test_a_failing_cache_never_breaks_the_post_page(client, post, monkeypatch, method):
    PostViewCount.objects.create(post=post, day=timezone.localdate(), count=2)

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, method, broken)
    response = visit(client, post)
    assert response.status_code == 200
    assert "Aufrufe" in response.content.decode()
    monkeypatch.undo()
    assert view_counts.view_totals(post)["total"] >= 2


def test_post_page_queries_stay_constant_with_all_widgets(client, django_assert_max_num_queries):
    small = PostFactory(body="Text\n\n<!--theses-->\n\nSchluss")
    ThesisFactory(post=small, position=1)
    with django_assert_max_num_queries(20) as captured:
        visit(client, small)
    baseline = len(captured.captured_queries)

    big = PostFactory(body="Text\n\n<!--theses-->\n\nSchluss")
    theses = [ThesisFactory(post=big, position=number) for number in range(1, 12)]
    ThesisVote.objects.bulk_create(
        ThesisVote(thesis=thesis, visitor_hash=f"{index:064d}", agrees=index % 3 != 0)
        for thesis in theses
        for index in range(15)
    )
    PostRating.objects.bulk_create(
        PostRating(post=big, visitor_hash=f"{index:064d}", stars=index % 5 + 1)
        for index in range(40)
    )
    PostViewCount.objects.bulk_create(
        PostViewCount(post=big, day=day, count=10) for day in view_counts.pending_days()
    )
    with django_assert_max_num_queries(baseline):
        response = visit(client, big)
    html = response.content.decode()
    assert html.count('class="thesis-vote"') == 11
    assert "10 stimmen zu · 5 sehen es anders" in html
    assert "(40 Bewertungen)" in html
