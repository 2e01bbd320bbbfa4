import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import PostViewCount
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}


@pytest.fixture
def post():
    return PostFactory(body="Ein Beitrag zum Zwischenspeichern.")


def test_second_anonymous_visit_is_served_from_the_cache(client, post, django_assert_num_queries):
    first = client.get(post.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(post.get_absolute_url())
    assert second.status_code == 200
    assert "Ein Beitrag zum Zwischenspeichern." in second.content.decode()


def test_every_reader_gets_their_own_csrf_token_and_it_works(post):
    first_reader, second_reader = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = first_reader.get(post.get_absolute_url()).content.decode()
    second_html = second_reader.get(post.get_absolute_url()).content.decode()
    assert "__PER_READER_" not in second_html
    first_tokens, second_tokens = set(TOKEN.findall(first_html)), set(TOKEN.findall(second_html))
    assert first_tokens and second_tokens and not first_tokens & second_tokens
    # The token in the cached page is valid for the reader it was served to.
    response = second_reader.post(
        post.get_absolute_url() + "bewerten/",
        {"stars": "4", "csrfmiddlewaretoken": second_tokens.pop()},
        **BROWSER,
    )
    assert response.status_code == 302


def test_publishing_a_comment_invalidates_the_cached_page(client, post):
    client.get(post.get_absolute_url())
    CommentFactory(post=post, body="Frisch freigeschaltet.")
    assert "Frisch freigeschaltet." in Client().get(post.get_absolute_url()).content.decode()


def test_removing_a_comment_invalidates_the_cached_page(client, post):
    comment = CommentFactory(post=post, body="Gleich entfernt.")
    assert "Gleich entfernt." in client.get(post.get_absolute_url()).content.decode()
    Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.REMOVED)
    assert "Gleich entfernt." not in Client().get(post.get_absolute_url()).content.decode()


def test_editing_the_post_invalidates_the_cached_page(client, post):
    client.get(post.get_absolute_url())
    post.body = "Überarbeitete Fassung."
    post.save()
    assert "Überarbeitete Fassung." in Client().get(post.get_absolute_url()).content.decode()


def test_pages_and_filters_are_cached_separately(client):
    post = PostFactory(body="Seite eins.\n\n<!--nextpage-->\n\nSeite zwei.")
    client.get(post.get_absolute_url())
    second = Client().get(post.get_absolute_url() + "?seite=2").content.decode()
    assert "Seite zwei." in second and "Seite eins." not in second


def test_logged_in_readers_and_reply_forms_bypass_the_cache(client, post, admin_user):
    client.get(post.get_absolute_url())
    reader = Client()
    reader.force_login(admin_user)
    assert "Angemeldet als" in reader.get(post.get_absolute_url()).content.decode()
    comment = CommentFactory(post=post)
    client.get(post.get_absolute_url())
    reply_page = Client().get(f"{post.get_absolute_url()}?antwort={comment.pk}")
    assert "Antwort an" in reply_page.content.decode()


def test_views_are_counted_for_cached_pages(post, settings):
    settings.BLOG_VIEW_FLUSH_THRESHOLD = 1
    Client().get(post.get_absolute_url(), REMOTE_ADDR="198.51.100.1", **BROWSER)
    Client().get(post.get_absolute_url(), REMOTE_ADDR="198.51.100.2", **BROWSER)
    assert sum(PostViewCount.objects.values_list("count", flat=True)) == 2


def test_a_failing_cache_still_serves_the_page(client, post, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert client.get(post.get_absolute_url()).status_code == 200


def test_cached_pages_issue_a_fresh_comment_form_start_time(post, monkeypatch):
    from comments.moderation import spam

    started = re.compile(r'name="form_started" value="([^"]+)"')
    monkeypatch.setattr(spam, "clock", lambda: 1_000_000.0)
    first = started.search(Client().get(post.get_absolute_url()).content.decode()).group(1)
    monkeypatch.setattr(spam, "clock", lambda: 1_000_600.0)
    cached = started.search(Client().get(post.get_absolute_url()).content.decode()).group(1)
    # Served from the cache ten minutes later, the form still starts "now", not ten minutes ago.
    assert cached != first
    assert spam.read_token(cached)[0] == 1_000_600


def _visit_twice(post):
    Client().get(post.get_absolute_url())  # rendered and stored
    Client().get(post.get_absolute_url())  # a hit: the version is now remembered


def _bump_through_another_app_server(post):
    # What bump_post_version() does in another process: only the shared cache changes.
    from django.core.cache import cache

    cache.set(f"post-version:{post.pk}", "changed-elsewhere", timeout=None)


def test_another_servers_change_shows_after_the_recheck_interval(
    post, settings, clock, django_assert_num_queries
):
    settings.BLOG_PAGE_CACHE_RECHECK_SECONDS = 5
    _visit_twice(post)
    _bump_through_another_app_server(post)
    clock[0] += 4
    with django_assert_num_queries(0):
        assert Client().get(post.get_absolute_url()).status_code == 200
    clock[0] += 2
    with CaptureQueriesContext(connection) as rendered:
        Client().get(post.get_absolute_url())
    assert len(rendered) > 0  # the page was built again from the database


def test_this_servers_change_shows_at_once(post, settings):
    settings.BLOG_PAGE_CACHE_RECHECK_SECONDS = 3600
    _visit_twice(post)
    CommentFactory(post=post, body="Sofort sichtbar.")
    assert "Sofort sichtbar." in Client().get(post.get_absolute_url()).content.decode()


def test_hits_do_not_extend_the_life_of_a_local_copy(post, settings, monkeypatch, clock):
    from django.core.cache import cache

    settings.BLOG_PAGE_CACHE_SECONDS = 10
    Client().get(post.get_absolute_url())  # rendered and stored
    for step in (3, 3, 3):  # hits 3, 6 and 9 seconds later
        clock[0] += step
        assert Client().get(post.get_absolute_url()).status_code == 200
    shared_reads = []
    original_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: shared_reads.append(key) or original_get(key, *a, **k)
    )
    clock[0] += 2  # 11 s after the page was stored, whatever the hits in between
    Client().get(post.get_absolute_url())
    assert any(key.startswith("post-page:") for key in shared_reads)


def test_every_placeholder_gets_the_readers_value(post):
    html = Client().get(post.get_absolute_url()).content.decode()
    cached = Client().get(post.get_absolute_url()).content.decode()
    assert "__PER_READER_" not in cached
    assert cached.count('name="csrfmiddlewaretoken"') == html.count('name="csrfmiddlewaretoken"')
    assert len(set(TOKEN.findall(cached))) == 1  # one token per reader, in every form


def test_a_page_rendered_after_another_servers_change_is_served_from_then_on(
    post, settings, clock, django_assert_num_queries
):
    from core import local_memory

    settings.BLOG_PAGE_CACHE_RECHECK_SECONDS = 60
    _visit_twice(post)
    _bump_through_another_app_server(post)
    # ... and another server stored its new rendering; this process holds no copy of the page.
    from django.core.cache import cache

    page_key = f"post-page:de:{post.get_absolute_url()}"
    cache.set(page_key, (post.pk, "changed-elsewhere", b"<p>elsewhere</p>"))
    local_memory.PAGES.clear()
    clock[0] += 1
    with CaptureQueriesContext(connection) as rendered:
        Client().get(post.get_absolute_url())
    assert len(rendered) > 0  # the shared copy is stale: built again
    clock[0] += 1
    with django_assert_num_queries(0):
        Client().get(post.get_absolute_url())  # and served from the cache from then on
