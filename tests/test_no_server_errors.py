"""No request makes the site answer 5xx: every endpoint, generated hostile values (hypothesis).

Each endpoint of the URLconf (:func:`tests.endpoints.endpoints`, the admin included) is one
test. A crawl of the site as a reader and as a moderator (:func:`tests.endpoints.crawl`) tells
each endpoint's real URLs, query parameters and form fields; hypothesis then sends requests
made of:

* a real URL of the endpoint, or any path its pattern matches (years of 30 digits, slugs and
  tokens of any text, percent-encoded);
* GET, HEAD, POST and methods the view does not take;
* the endpoint's own query parameters and form fields, plus common ones, each either with a
  value the page offered (so the request gets deep: a valid form with one field gone wrong) or
  a hostile one: any Unicode text (NUL and other controls included), huge and odd numbers,
  strings of thousands of characters, raw bytes percent-encoded (invalid UTF-8, encoded
  surrogates), broken percent escapes;
* bodies as form data, multipart, JSON or garbage, declared in UTF-8, another charset or none;
* hostile headers (Host, User-Agent, Accept-Language, X-Forwarded-For, Referer) and cookies,
  and any client address, IPv4 or IPv6.

The admin endpoints are requested as a logged-in moderator. Every request runs in a savepoint
that is rolled back, and the cache is emptied, so examples do not depend on each other (nor
on rate limits). The test client re-raises any exception a view lets through; the assertion
catches 5xx answers.

Examples are derived from the test's name (``derandomize``): CI tries the same inputs every
run and cannot fail by chance. To search wider, run with ``HYPOTHESIS_PROFILE=explore`` (new
random inputs each run, ten times as many).
"""

import os
import re
from urllib.parse import quote, quote_from_bytes

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.test import client as test_client
from django.test.client import encode_multipart
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from blog.models import PostImage, PostRating, PostViewCount, ThesisVote
from comments.mail import links
from comments.models import OutgoingMail, Report, Subscription, Suspension, WatchedWord
from comments.moderation import audit
from comments.privacy.self_delete import self_delete_url
from core.local_memory import forget_all
from core.requests import Utf8WSGIRequest
from tests.endpoints import admin_pages, crawl, endpoints
from tests.factories import CommentFactory, PostFactory, ThesisFactory
from tests.images_support import upload
from tests.moderation_admin_support import PASSWORD, make_moderator

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ENDPOINTS = endpoints()

settings.register_profile(
    "ci",
    deadline=None,  # a loaded 2-core machine: time is no property of these requests
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("explore", parent=settings.get_profile("ci"), derandomize=False)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES = {"reader": 30, "admin": 10}
if PROFILE == "explore":
    EXAMPLES = {kind: count * 10 for kind, count in EXAMPLES.items()}

# Values a person would type, so that a form can be valid but for the field under attack.
PLAUSIBLE = {
    "body": "Ein sachlicher Gedanke zur B2B-Kommunikation.",
    "author_name": "Lea Beispiel",
    "author_email": "lea@example.org",
    "author_website": "https://example.org/",
    "consent": "on",
    "notify": "on",
    "stars": "4",
    "stimme": "zu",
    "reason": "sonstiges",
    "text": "Bitte prüfen.",
    "recipient": "kollegin@example.org",
    "sender_name": "Jan",
    "note": "Lesenswert.",
    "username": "moderatorin",
    "password": PASSWORD,
    "q": "Kommunikation",
    "language": "en",
    "next": "/",
}
# Query parameters any view might read, beyond those its links carry.
COMMON_PARAMS = ["q", "seite", "antwort", "page", "p", "o", "e", "all", "next", "_popup"]
COMMON_PARAMS += ["_to_field", "_changelist_filters", "term", "app_label", "model_name"]
COMMON_PARAMS += ["field_name", "action", "index", "select_across", "_selected_action"]

SPECIAL = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "-0",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999999",
    "٣",
    "２",
    "Ⅻ",
    "\x00",
    "\x00" * 3,
    "a\x00b",
    "\r\n",
    "\ufeff",
    "\u202e",
    "9999-12-31",
    "0000-00-00",
    "2024-02-30",
    "99999-01-01",
    "true",
    "None",
    "[]",
    "{}",
    '{"a": "\\u0000"}',
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "http://evil.example/",
    "//evil.example",
    "javascript:alert(1)",
    "a" * 255 + "@example.org",
    "x" * 70_000,
    "(",
    "(a+)+$",
    "%",
    "%%",
    "%zz",
    "%u00e4",
    "%E4",
    "%ED%A0%80",
    "%C0%AF",
    "%FF%FE",
]
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),  # the client sends UTF-8
    max_size=60,
)
HOSTILE = st.one_of(
    TEXT,
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(
        lambda char, count: char * count,
        st.sampled_from(["a", "ä", "9", "-", ".", "%", "😀", "\x00", " "]),
        st.integers(min_value=100, max_value=20_000),
    ),
)
# How one value goes onto the wire: percent-encoded UTF-8, as is (broken escapes stay broken),
# or raw bytes percent-encoded (invalid UTF-8).
ENCODED = st.one_of(
    HOSTILE.map(lambda value: quote(value, safe="")),
    HOSTILE.map(lambda value: value.replace("&", "%26").replace("=", "%3D").replace("#", "%23")),
    st.binary(max_size=40).map(lambda raw: quote_from_bytes(raw, safe="")),
)
CHARSETS = ["", "; charset=utf-8", "; charset=UTF-16", "; charset=base64", "; charset=bogus"]
CHARSETS += ["; charset=unicode_escape", "; charset=latin-1"]
HOSTS = ["testserver", "evil.example", "localhost:8102", "testserver:99999999999", "[::1]"]
HOSTS += ["testserver\x00", "ä.example", ""]
COOKIES = ["sessionid", "csrftoken", "gv_besucher", "messages", "django_language"]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The content, discussion and moderation records every page and admin list shows, made
    once for the module inside a transaction that is rolled back at its end. Uploaded images
    go to a folder of the test's own, served by the app (as in development)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), SERVE_MEDIA=True)
    with media, django_db_blocker.unblock(), transaction.atomic():
        post = PostFactory(
            body="Erste Seite.\n\n<!--theses-->\n\n<!--nextpage-->\n\nZweite Seite.",
            tags=["social-media", "b2b"],
        )
        PostImage.objects.create(
            post=post, position=1, image=upload(), alt_text="Ein Bild", caption="Bildtext"
        )
        PostFactory(status="draft")
        for _ in range(10):  # more than a page of the index
            PostFactory(tags=["b2b"])
        for position in (1, 2):
            ThesisFactory(post=post, position=position)
        comment = CommentFactory(post=post)
        reply = CommentFactory(parent=comment)
        CommentFactory(post=post, status="pending", flagged_rules="beleidigung")
        subscription = Subscription.objects.create(
            email="lea@example.org", post=post, comment=comment
        )
        moderator = make_moderator()
        superuser = get_user_model().objects.create_superuser("chefin", "chefin@example.org", "x")
        Report.objects.create(comment=reply, reason="sonstiges", reporter_key="r" * 64)
        Suspension.objects.create(email="troll@example.org", reason="Beleidigungen")
        WatchedWord.objects.create(word="werbung")
        audit.log(moderator, audit.Action.APPROVE, comment)
        OutgoingMail.objects.create(
            kind="confirm", to="lea@example.org", subject="Bitte bestätigen", body_text="…"
        )
        PostRating.objects.create(post=post, visitor_hash="v" * 64, stars=4)
        ThesisVote.objects.create(thesis=post.theses.first(), visitor_hash="v" * 64, agrees=True)
        PostViewCount.objects.create(post=post, day="2024-05-01", count=3)

        reader, admin = Client(), Client()
        admin.force_login(superuser)  # the crawl sees every admin page
        as_moderator = Client()
        as_moderator.force_login(moderator)
        mailed = [
            self_delete_url(comment, absolute=False),
            links.confirm_url(subscription),
            links.unsubscribe_url(subscription, links.SCOPE_THREAD),
            links.unsubscribe_url(subscription, links.SCOPE_ALL),
        ]
        starts = ["/", "/admin/", post.get_absolute_url(), f"/kommentar/{reply.pk}/melden/"]
        starts += ["/sitemap.xml", "/healthz", "/readyz", "/admin/login/"]
        starts += ["/admin/password_change/done/"]
        starts += [mail_link.replace("http://localhost:8000", "") for mail_link in mailed]
        starts += [f"{post.get_absolute_url()}kommentare/feed/", "/admin/jsi18n/", "/seite/2/"]
        starts += ["/admin/taggit/tag/merge-tags/"]
        starts += [f"/admin/auth/user/{superuser.pk}/password/", *admin_pages()]
        seen = crawl({"reader": reader, "admin": admin}, starts, per_endpoint=2)
        yield {
            "seen": seen,
            "sessions": {
                "moderator": as_moderator.cookies["sessionid"].value,
                "superuser": admin.cookies["sessionid"].value,
            },
        }
        transaction.set_rollback(True)


def request_strategy(endpoint, seen):
    """Requests for one endpoint: method, path, query, body, content type, headers."""
    real_urls = seen.urls if seen else []
    paths = st.from_regex(endpoint.regex, fullmatch=True).map(lambda path: "/" + quote(path))
    if real_urls:
        real = st.sampled_from(real_urls)
        paths = st.one_of(real, st.builds(mutated, real, st.integers(0, 20), SEGMENT), paths)
    params = sorted({*(seen.params if seen else ()), *COMMON_PARAMS})
    fields = seen.fields if seen else {}
    offered = {name: sorted(values) for name, values in fields.items()}
    names = sorted({*fields, *params, *PLAUSIBLE}) + ["\x00", "a" * 300, "%zz"]
    return st.fixed_dictionaries(
        {
            "method": st.sampled_from(["GET", "GET", "POST", "POST", "HEAD", "PUT", "OPTIONS"]),
            "path": paths,
            "query": st.lists(st.tuples(st.sampled_from(params), ENCODED), max_size=4),
            "baseline": st.booleans(),  # start the form from what the page offered
            "fields": st.lists(st.tuples(st.sampled_from(names), HOSTILE), max_size=4),
            "body": st.sampled_from(["form", "form", "multipart", "json", "garbage"]),
            "charset": st.sampled_from(CHARSETS),
            "headers": st.fixed_dictionaries(
                {},
                optional={
                    "HTTP_HOST": st.sampled_from(HOSTS),
                    "HTTP_USER_AGENT": HOSTILE,
                    "HTTP_ACCEPT_LANGUAGE": HOSTILE,
                    "HTTP_X_FORWARDED_FOR": HOSTILE,
                    "HTTP_REFERER": HOSTILE,
                },
            ),
            "cookies": st.lists(st.tuples(st.sampled_from(COOKIES), TEXT), max_size=2),
            "address": st.ip_addresses().map(str),
            "user": st.sampled_from(["moderator", "moderator", "superuser"]),
        }
    ).map(lambda request: {**request, "offered": offered})


# A path segment put in place of a real one: numbers far beyond any id or year, or any value.
SEGMENT = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.sampled_from(["2147483648", "9223372036854775808", "0", "00", "99999"]),
    ENCODED.filter(lambda value: value and "%2F" not in value.upper()),
)


def mutated(url: str, index: int, segment: str) -> str:
    """``url`` with one of its path segments replaced by ``segment`` (the query is dropped)."""
    parts = url.split("?", 1)[0].split("/")
    inner = [number for number, part in enumerate(parts) if part]
    if not inner:
        return url
    parts[inner[index % len(inner)]] = segment
    return "/".join(parts)


BOUNDARY_SEGMENTS = [("99999999999999999999", "GET"), ("99999999999999999999", "POST")]
BOUNDARY_SEGMENTS += [("2147483648", "POST"), ("%00", "GET")]
BOUNDARY_VALUES = ["\x00", "9" * 30, "x" * 5000]
MAX_BOUNDARY_REQUESTS = 30


def boundary_requests(seen) -> list[dict]:
    """The classic cases, tried on every endpoint before the generated ones: each path
    segment of a real URL beyond the integers and with NUL; each known query parameter empty,
    with NUL and with a huge number; each form field with NUL, a huge number, a long text."""
    if seen is None or not seen.urls:
        return []
    base = {
        "method": "GET",
        "query": [],
        "baseline": True,
        "fields": [],
        "body": "form",
        "charset": "",
        "headers": {},
        "cookies": [],
        "address": "198.51.100.7",
        "user": "moderator",
        "offered": {name: sorted(values) for name, values in seen.fields.items()},
    }
    url = seen.urls[0]
    requests = []
    segments = [part for part in url.split("?", 1)[0].split("/") if part]
    for index in range(len(segments)):
        for segment, method in BOUNDARY_SEGMENTS:
            requests.append({**base, "method": method, "path": mutated(url, index, segment)})
    for name in sorted(seen.params):
        for value in ("", *BOUNDARY_VALUES[:2]):
            requests.append({**base, "path": url, "query": [(name, quote(value))]})
    for name in sorted(seen.fields):
        for value in BOUNDARY_VALUES:
            requests.append({**base, "method": "POST", "path": url, "fields": [(name, value)]})
    step = max(1, -(-len(requests) // MAX_BOUNDARY_REQUESTS))  # big admin forms: every n-th
    return requests[::step][:MAX_BOUNDARY_REQUESTS]


def form_of(request) -> list[tuple[str, str]]:
    data = {}
    if request["baseline"]:
        for name, values in request["offered"].items():
            data[name] = PLAUSIBLE.get(name, values[-1] if values else "")
    return list(data.items()) + request["fields"]


def wsgi(value: str) -> str:
    """``value`` as a WSGI server puts it into the environ: its UTF-8 bytes read as Latin-1."""
    return value.encode("utf-8").decode("latin-1")


def send(client: Client, request, cookies: list[tuple[str, str]]):
    method, path = request["method"], request["path"]
    query = "&".join(f"{quote(name, safe='')}={value}" for name, value in request["query"])
    extra = {name: wsgi(value) for name, value in request["headers"].items()}
    extra["REMOTE_ADDR"] = request["address"]
    extra["HTTP_COOKIE"] = wsgi("; ".join(f"{name}={value}" for name, value in cookies))
    if query:
        extra["QUERY_STRING"] = wsgi(query)
    pairs = form_of(request)
    if request["body"] == "form":
        body = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
        content_type = "application/x-www-form-urlencoded" + request["charset"]
    elif request["body"] == "multipart":
        data = {}
        for name, value in pairs:
            data.setdefault(name, []).append(value)
        body = encode_multipart("BoUnDaRy", data)
        content_type = "multipart/form-data; boundary=BoUnDaRy" + request["charset"]
    elif request["body"] == "json":
        body = "{" + ",".join(f'"{name}": "{value[:50]}"' for name, value in pairs) + "}"
        content_type = "application/json" + request["charset"]
    else:
        body = b"--BoUnDaRy\r\n\x00\xff garbage"
        content_type = "multipart/form-data; boundary=BoUnDaRy"
    if method in ("GET", "HEAD"):
        return client.generic(method, path, **extra)
    return client.generic(method, path, body, content_type=content_type, **extra)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
def test_no_request_makes_the_endpoint_answer_5xx(endpoint, site, settings, monkeypatch):
    # The test client builds Django's own request class; the site runs with config.wsgi's.
    monkeypatch.setattr(test_client, "WSGIRequest", Utf8WSGIRequest)
    settings.COMMENTS_MIN_FILL_SECONDS = 0  # forms shown during the crawl may be sent at once
    seen = site["seen"].get(endpoint.route)
    kind = "admin" if endpoint.is_admin else "reader"

    @settings_for(kind)
    @given(request=request_strategy(endpoint, seen))
    def no_server_error(request):
        cache.clear()
        forget_all()
        cookies = list(request["cookies"])
        if kind == "admin":
            cookies.append(("sessionid", site["sessions"][request["user"]]))
        with transaction.atomic():
            response = send(Client(), request, cookies)
            transaction.set_rollback(True)
        assert response.status_code < 500, (
            f"{request['method']} {request['path']} → {response.status_code}"
        )

    for request in boundary_requests(seen):
        no_server_error = example(request=request)(no_server_error)
    no_server_error()


def settings_for(kind: str):
    return settings(settings.get_profile(PROFILE), max_examples=EXAMPLES[kind])


def test_the_crawl_reaches_every_endpoint_but_the_listed_ones(site):
    """A real URL is known for every endpoint (else only generated paths test it), except
    those no page links to and whose parameters no crawl can guess."""
    unreached = {
        endpoint.route
        for endpoint in ENDPOINTS
        if not getattr(site["seen"].get(endpoint.route), "urls", None)
    }
    expected = {route for route in unreached if UNREACHED.search(route)}
    assert unreached == expected, sorted(unreached - expected)


# The admin's redirects from its old change URLs and its catch-all are linked from nowhere;
# no admin uses autocomplete fields.
UNREACHED = re.compile(r"^admin/(?:.+/<path:object_id>/|\(\?P<url>\.\*\)\$|autocomplete/)$")
