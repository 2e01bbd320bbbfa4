"""The page cache (core/page_cache.py) through the pages readers open: post pages and listings.

Hits carry each reader's own values; every change reaches the next reader after its commit,
also when another reader rendered the page while the change was not committed yet; local
copies never outlive the shared entry; view counts on cached pages stay current; keys are
bounded (canonical URLs only) and never mix hosts or releases.
"""

import random
import re

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import PostViewCount
from comments.models import Comment
from core import page_cache
from tests.factories import CommentFactory, PostFactory, ThesisFactory
from tests.moderation_admin_support import run_action
from tests.post_admin_support import post_change_data

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}


@pytest.fixture
def post():
    return PostFactory(body="Ein Beitrag zum Zwischenspeichern.")


@pytest.fixture
def wall_clock(monkeypatch):
    """The Unix time the page cache reads expiry times by, set by the test: ``now[0] += s``."""
    now = [1_900_000_000.0]
    monkeypatch.setattr(page_cache, "wall_clock", lambda: now[0])
    return now


def html_of(url, client=None, **extra) -> str:
    return (client or Client()).get(url, **extra).content.decode()


def page_entries() -> list[str]:
    """The keys of every page in the shared cache (local memory or Redis)."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        keys = list(backend._cache)
    elif isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        keys = [key.decode() for key in client.scan_iter(match="*:page:*")]
    else:
        pytest.fail(f"cannot inspect the cache backend {type(backend).__name__}")
    return [key for key in keys if ":page:" in key]


# Hits ---------------------------------------------------------------------------------------


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


def test_every_placeholder_gets_the_readers_value(post):
    html = Client().get(post.get_absolute_url()).content.decode()
    cached = Client().get(post.get_absolute_url()).content.decode()
    assert "__PER_READER_" not in cached and "__LIVE_" not in cached
    assert cached.count('name="csrfmiddlewaretoken"') == html.count('name="csrfmiddlewaretoken"')
    assert len(set(TOKEN.findall(cached))) == 1  # one token per reader, in every form


def test_text_that_looks_like_a_placeholder_stays_text(post):
    CommentFactory(post=post, body="Trick: __PER_READER_csrfmiddlewaretoken__ __LIVE_views__")
    Client().get(post.get_absolute_url())
    cached = html_of(post.get_absolute_url())
    assert "Trick: _&#95;PER_READER_csrfmiddlewaretoken__ _&#95;LIVE_views__" in cached
    assert len(set(TOKEN.findall(cached))) == 1


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
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "add", "set", "get_many", "set_many"):
        monkeypatch.setattr(cache, method, broken)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


# Invalidation: after the commit --------------------------------------------------------------


def test_publishing_a_comment_invalidates_the_cached_page(
    client, post, django_capture_on_commit_callbacks
):
    client.get(post.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(post=post, body="Frisch freigeschaltet.")
    assert "Frisch freigeschaltet." in html_of(post.get_absolute_url())


def test_removing_a_comment_invalidates_the_cached_page(
    mod_client, post, django_capture_on_commit_callbacks
):
    comment = CommentFactory(post=post, body="Gleich entfernt.")
    assert "Gleich entfernt." in Client().get(post.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the bump follows the commit
        run_action(mod_client, "remove", [comment], apply="1", clause="werbung")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REMOVED
    assert "Gleich entfernt." not in html_of(post.get_absolute_url())


def test_editing_the_post_invalidates_the_cached_page(
    client, post, django_capture_on_commit_callbacks
):
    client.get(post.get_absolute_url())
    post.body = "Überarbeitete Fassung."
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
    assert "Überarbeitete Fassung." in html_of(post.get_absolute_url())


def test_a_change_bumps_the_version_only_when_its_transaction_commits(
    post, django_capture_on_commit_callbacks
):
    Client().get(post.get_absolute_url())
    key = f"page-version:{page_cache.post_scope(post.pk)}"
    before = cache.get(key)
    with django_capture_on_commit_callbacks() as pending:
        CommentFactory(post=post)
        assert cache.get(key) == before  # a reader now still stores under the old version
    assert len(pending) >= 1
    for callback in pending:
        callback()
    assert cache.get(key) not in (None, before)


class ReaderInTheWindow:
    """A reader whose database transaction does not see a change yet: it renders the page as it
    was before the change and stores it under the versions it reads at that moment.

    ``watch(url)`` keeps the page as it is now (rendered through the view, as that reader
    would render it). Then, between the first write of the next transaction and its commit,
    the reader stores what it rendered, with the versions the shared cache holds in that
    window — exactly what a concurrent request on another connection does under READ
    COMMITTED. Bumped inside the transaction, those versions are the new ones and the old page
    would be served after the commit.
    """

    def __init__(self):
        self.pages = {}
        self.armed = False
        self.stored = []

    def watch(self, url):
        response = Client().get(url)
        assert response.status_code == 200
        self.pages[url] = response

    def store_old_pages(self):
        for url, response in self.pages.items():
            request = RequestFactory().get(url)
            request.LANGUAGE_CODE = "de"
            key = page_cache.page_key(request)
            scope = page_cache.known_scope(key)
            versions = page_cache.versions_before_render(scope)
            post_id = int(scope.split(":")[1]) if scope.startswith("post:") else None
            page_cache.store_page(request, key, scope, versions, response, post_id=post_id)
            self.stored.append(url)


@pytest.fixture
def reader_in_the_window(monkeypatch):
    window = ReaderInTheWindow()

    def watch_writes(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
            window.armed = window.armed or "django_session" not in sql
        return execute(sql, params, many, context)

    commit = connection.commit

    def commit_after_the_reader():
        if window.armed:
            window.armed = False
            window.store_old_pages()
        return commit()

    monkeypatch.setattr(connection, "commit", commit_after_the_reader)
    with connection.execute_wrapper(watch_writes):
        yield window


@pytest.mark.django_db(transaction=True)
class TestAReaderRenderingBeforeTheCommit:
    """Every path that changes what a page shows: the next reader after the commit sees it."""

    def test_a_moderators_approval(self, mod_client, reader_in_the_window):
        post = PostFactory()
        held = CommentFactory(post=post, body="Gerade freigegeben.", status="pending")
        reader_in_the_window.watch(post.get_absolute_url())
        reader_in_the_window.watch("/")
        assert run_action(mod_client, "approve", [held]).status_code == 302
        assert reader_in_the_window.stored, "no reader rendered inside the window"
        assert "Gerade freigegeben." in html_of(post.get_absolute_url())
        assert "1 Kommentar<" in html_of("/")  # the teaser's count

    def test_a_comment_through_the_form(self, reader_in_the_window):
        from tests.factories import comment_form_data

        post = PostFactory()
        reader_in_the_window.watch(post.get_absolute_url())
        data = comment_form_data(
            body="Direkt veröffentlicht, sofort zu sehen.",
            author_name="Leserin",
            author_email="leserin@example.org",
        )
        answer = Client().post(f"{post.get_absolute_url()}kommentare/", data, **BROWSER)
        assert answer.status_code == 302 and "#kommentar-" in answer["Location"]
        assert reader_in_the_window.stored
        assert "Direkt veröffentlicht, sofort zu sehen." in html_of(post.get_absolute_url())

    def test_a_post_edited_in_the_admin(self, admin_client, reader_in_the_window):
        post = PostFactory(title="Alter Titel")
        reader_in_the_window.watch(post.get_absolute_url())
        reader_in_the_window.watch("/")
        data = post_change_data(post, title="Neuer Titel", tags="B2B, Frisch")
        answer = admin_client.post(f"/admin/blog/post/{post.pk}/change/", data)
        assert answer.status_code == 302, answer.context and answer.context["errors"]
        assert reader_in_the_window.stored
        page, home = html_of(post.get_absolute_url()), html_of("/")
        assert "Neuer Titel" in page and "Frisch" in page
        assert "Neuer Titel" in home and "Alter Titel" not in home

    def test_the_publisher_details_saved_in_the_admin(self, admin_client, reader_in_the_window):
        from tests.test_site_settings import DETAILS

        post = PostFactory()
        reader_in_the_window.watch(post.get_absolute_url())
        answer = admin_client.post("/admin/blog/sitesettings/1/change/", DETAILS)
        assert answer.status_code == 302
        assert reader_in_the_window.stored
        assert "Ein Angebot von Muster Medien GmbH." in html_of(post.get_absolute_url())

    def test_a_rating(self, reader_in_the_window):
        post = PostFactory()
        reader_in_the_window.watch(post.get_absolute_url())
        rater = Client()
        token = TOKEN.search(html_of(post.get_absolute_url(), rater)).group(1)
        answer = rater.post(
            f"{post.get_absolute_url()}bewerten/",
            {"stars": "4", "csrfmiddlewaretoken": token},
            **BROWSER,
        )
        assert answer.status_code == 302
        assert reader_in_the_window.stored
        assert "(1 Bewertung)" in html_of(post.get_absolute_url())

    def test_a_thesis_vote(self, reader_in_the_window):
        post = PostFactory(body="Text\n\n<!--theses-->\n\nSchluss")
        ThesisFactory(post=post, position=1)
        reader_in_the_window.watch(post.get_absolute_url())
        answer = Client().post(
            f"{post.get_absolute_url()}thesen/1/abstimmen/", {"stimme": "zu"}, **BROWSER
        )
        assert answer.status_code == 302
        assert reader_in_the_window.stored
        assert "1 stimmt zu" in html_of(post.get_absolute_url())


# Local copies ------------------------------------------------------------------------------


def _visit_twice(post):
    Client().get(post.get_absolute_url())  # rendered and stored
    Client().get(post.get_absolute_url())  # a hit: the version is now remembered


def _bump_through_another_app_server(post):
    # What a bump does in another process: only the shared cache changes.
    cache.set(f"page-version:{page_cache.post_scope(post.pk)}", "changed-elsewhere", timeout=None)


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


def test_this_servers_change_shows_at_once(post, settings, django_capture_on_commit_callbacks):
    settings.BLOG_PAGE_CACHE_RECHECK_SECONDS = 3600
    _visit_twice(post)
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(post=post, body="Sofort sichtbar.")
    assert "Sofort sichtbar." in html_of(post.get_absolute_url())


def test_a_page_rendered_after_another_servers_change_is_served_from_then_on(
    post, settings, clock, django_assert_num_queries
):
    from core import local_memory

    settings.BLOG_PAGE_CACHE_RECHECK_SECONDS = 60
    _visit_twice(post)
    _bump_through_another_app_server(post)
    # ... and another server stored its new rendering; this process holds no copy of the page.
    request = RequestFactory().get(post.get_absolute_url())
    request.LANGUAGE_CODE = "de"
    key = page_cache.page_key(request)
    entry = list(cache.get(key))
    entry[page_cache.VERSIONS] = (entry[page_cache.VERSIONS][0], "changed-elsewhere")
    entry[page_cache.HTML] = b"<p>elsewhere</p>"
    cache.set(key, tuple(entry))
    local_memory.PAGES.clear()
    clock[0] += 1
    with CaptureQueriesContext(connection) as rendered:
        Client().get(post.get_absolute_url())
    assert len(rendered) > 0  # the shared copy is stale: built again
    clock[0] += 1
    with django_assert_num_queries(0):
        Client().get(post.get_absolute_url())  # and served from the cache from then on


def test_hits_do_not_extend_the_life_of_a_local_copy(post, settings, monkeypatch, clock):
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
    assert any(key.startswith("page:") for key in shared_reads)


def test_a_local_copy_never_outlives_the_shared_entry(
    post, settings, clock, wall_clock, django_assert_num_queries
):
    from core import local_memory

    settings.BLOG_PAGE_CACHE_SECONDS = 10
    Client().get(post.get_absolute_url())  # stored in the shared cache at t = 0, until t = 10
    clock[0] += 8
    wall_clock[0] += 8
    local_memory.PAGES.clear()  # another app server, fetching the shared entry at t = 8 ...
    with django_assert_num_queries(0):
        Client().get(post.get_absolute_url())
    clock[0] += 1.9
    wall_clock[0] += 1.9
    with django_assert_num_queries(0):
        Client().get(post.get_absolute_url())  # ... keeps it until t = 10,
    clock[0] += 0.2
    wall_clock[0] += 0.2
    with CaptureQueriesContext(connection) as rendered:
        Client().get(post.get_absolute_url())  # not until t = 18.
    assert len(rendered) > 0


# Numbers on cached pages -------------------------------------------------------------------


def test_view_counts_on_cached_pages_are_at_most_the_live_interval_old(post, settings, clock):
    settings.BLOG_PAGE_CACHE_LIVE_SECONDS = 30
    settings.BLOG_VIEW_FLUSH_SECONDS = 3600  # the views stay pending in the cache here
    assert "0 Aufrufe, 0 heute" in html_of(post.get_absolute_url())  # rendered and stored
    for number in range(1, 4):  # three readers from three networks, served from the cache
        Client().get(post.get_absolute_url(), REMOTE_ADDR=f"198.51.{number}.7", **BROWSER)
    clock[0] += 29
    assert "0 Aufrufe, 0 heute" in html_of(post.get_absolute_url())
    clock[0] += 2
    with CaptureQueriesContext(connection) as queries:
        html = html_of(post.get_absolute_url())
    assert "3 Aufrufe, 3 heute" in html
    assert len(queries) == 1  # the count; the page itself came from the cache


def test_a_cached_page_keeps_its_count_when_the_count_cannot_be_read(post, monkeypatch, clock):
    from blog import view_counts

    PostViewCount.objects.create(post=post, day=timezone.localdate(), count=7)
    Client().get(post.get_absolute_url())
    clock[0] += 60

    def unreachable(post_id):
        raise ConnectionError("database away")

    monkeypatch.setattr(view_counts, "view_totals", unreachable)
    response = Client().get(post.get_absolute_url())
    assert response.status_code == 200
    assert "7 Aufrufe, 7 heute" in response.content.decode()


# Listings ------------------------------------------------------------------------------------


def test_the_home_page_is_cached(post, django_assert_num_queries):
    Client().get("/")
    with django_assert_num_queries(0):
        home = Client().get("/")
    assert post.title in home.content.decode()


def test_the_home_page_follows_new_posts_comments_and_renamed_tags(
    post, django_capture_on_commit_callbacks
):
    Client().get("/")
    with django_capture_on_commit_callbacks(execute=True):
        newer = PostFactory(title="Ganz neu erschienen")
    assert "Ganz neu erschienen" in html_of("/")
    with django_capture_on_commit_callbacks(execute=True):
        CommentFactory(post=newer)
    assert "1 Kommentar<" in html_of("/")
    with django_capture_on_commit_callbacks(execute=True):
        newer.tags.add("Frisch")
    assert "Frisch" in html_of("/")


def test_a_listing_expires_when_the_next_scheduled_post_appears(post):
    scheduled = PostFactory(published_at=timezone.now() + timezone.timedelta(seconds=90))
    assert scheduled.title not in html_of("/")
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = "de"
    entry = cache.get(page_cache.page_key(request))
    assert entry[page_cache.EXPIRES_AT] == pytest.approx(scheduled.published_at.timestamp())


def test_pages_of_other_listings_are_cached_and_canonical(django_assert_num_queries):
    from datetime import UTC, datetime

    post = PostFactory(published_at=datetime(2011, 5, 4, 12, 0, tzinfo=UTC), tags=["B2B"])
    for url in ("/archiv/", post.author.get_absolute_url(), "/thema/b2b/", "/2011/05/"):
        assert post.title in html_of(url)
        with django_assert_num_queries(0):
            assert Client().get(url).status_code == 200
    sloppy = Client().get("/2011/5/")
    assert (sloppy.status_code, sloppy["Location"]) == (301, "/2011/05/")
    assert Client().get("/2011/13/").status_code == 404
    assert Client().get("/seite/2/")["Location"] == "/?page=2"


# Keys: canonical, bounded, one host, one release ------------------------------------------------


def test_non_canonical_addresses_redirect_or_are_not_found(client):
    post = PostFactory(body="Eins.\n\n<!--nextpage-->\n\nZwei.")
    url = post.get_absolute_url()
    for query, target in (
        ("?seite=２", f"{url}?seite=2"),
        ("?seite=٢", f"{url}?seite=2"),
        ("?seite=02", f"{url}?seite=2"),
        ("?seite=1", url),
        ("?these=abc", url),
        ("?seite=2&seite=2", f"{url}?seite=2"),
    ):
        response = client.get(url + query)
        assert (response.status_code, response["Location"]) == (301, target), query
    for query in ("?seite=0", "?seite=abc", "?seite=3", "?seite=-1", "?seite=" + "9" * 50):
        assert client.get(url + query).status_code == 404, query
    year, month, day, slug = url.strip("/").split("/")
    loose = f"/{year}/{int(month)}/{int(day)}/{slug}/"
    if loose != url:
        assert client.get(loose)["Location"] == url
    assert client.get(f"/0{year}/{month}/{day}/{slug}/")["Location"] == url


def test_random_requests_create_a_handful_of_entries_at_most(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    post = PostFactory(body="Eins.\n\n<!--nextpage-->\n\nZwei.")
    ThesisFactory(post=post, position=1)
    url = post.get_absolute_url()
    year, month, day, slug = url.strip("/").split("/")
    rng = random.Random(15)
    digits = "0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９"
    statuses = {}
    for _ in range(300):
        number = "".join(rng.choice(digits) for _ in range(rng.randint(1, 4)))
        path = rng.choice(
            [
                f"{url}?these={rng.getrandbits(40):x}",
                f"{url}?these={number}",
                f"{url}?seite={number}",
                f"{url}?utm_source={rng.getrandbits(40):x}",
                f"/{year}/{int(month)}/{int(day)}/{slug}/?x={rng.random()}",
                f"/?page={number}",
                f"/?fbclid={rng.getrandbits(40):x}",
                f"/archiv/?{rng.getrandbits(20):x}={rng.getrandbits(20):x}",
            ]
        )
        status = Client().get(path, HTTP_HOST=rng.choice(["testserver", "localhost"])).status_code
        statuses[status] = statuses.get(status, 0) + 1
    assert set(statuses) <= {200, 301, 404}, statuses
    # The post's two pages, its thesis filter, the home page and the archive.
    assert len(page_entries()) <= 5, sorted(page_entries())


def test_unknown_parameters_are_served_the_canonical_page(post, django_assert_num_queries):
    Client().get(post.get_absolute_url())
    with django_assert_num_queries(0):
        tracked = Client().get(f"{post.get_absolute_url()}?utm_source=newsletter&x=%3Cb%3E")
    assert tracked.status_code == 200
    assert "newsletter" not in tracked.content.decode() and "<b>" not in tracked.content.decode()


def test_the_host_header_never_reaches_a_page(settings, post):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.SITE_URL = "https://gegenverkehr.example"
    for url in (post.get_absolute_url(), "/", "/feed/", "/feed/atom/", "/sitemap.xml"):
        first = Client().get(url, HTTP_HOST="localhost:8102").content.decode()
        assert "localhost:8102" not in first, url
        others = Client().get(url).content.decode()
        assert "localhost:8102" not in others, url
    page = html_of(post.get_absolute_url())
    canonical = f"https://gegenverkehr.example{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert f'"url": "{canonical}"' in page
    assert canonical in html_of("/sitemap.xml") and canonical in html_of("/feed/")


def test_a_page_of_one_release_is_never_served_by_another(post, settings):
    settings.RELEASE = "release-1"
    Client().get(post.get_absolute_url())
    settings.RELEASE = "release-2"
    with CaptureQueriesContext(connection) as rendered:
        Client().get(post.get_absolute_url())
    assert len(rendered) > 0
    assert len(page_entries()) == 2
