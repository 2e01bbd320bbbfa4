"""Hand-made requests an attacker sends: each gets a clear 4xx or a form error, never a 500.

Run on SQLite and on PostgreSQL (which refuses NUL in text and over-long values, where SQLite
stores them silently). ``tests/test_no_server_errors.py`` sends generated values to every
endpoint; these are the cases found by hand, each named once.
"""

import pytest
from django.core import mail

from blog.models import PostRating, ThesisVote
from comments.models import Comment, Report
from tests.factories import CommentFactory, PostFactory, ThesisFactory, comment_form_data

pytestmark = pytest.mark.django_db

LONG_EMAIL = "a" * 250 + "@example.com"  # 262 characters: the column holds 254


@pytest.fixture
def post():
    post = PostFactory()
    ThesisFactory(post=post, position=1)
    return post


# Over-long e-mail addresses -----------------------------------------------------------------


def test_comment_with_an_overlong_email_is_a_form_error_and_stores_nothing(client, post):
    response = client.post(
        f"{post.get_absolute_url()}kommentare/",
        comment_form_data(author_name="Lea", author_email=LONG_EMAIL, body="Ein Gedanke dazu."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die E-Mail-Adresse darf höchstens 254 Zeichen lang sein." in html
    assert "Ein Gedanke dazu." in html  # the reader loses nothing
    assert not Comment.objects.exists()


def test_recommendation_to_an_overlong_address_is_a_form_error(client, post):
    response = client.post(
        f"{post.get_absolute_url()}empfehlen/",
        {"recipient": LONG_EMAIL, "sender_name": "Lea", "note": ""},
    )
    assert response.status_code == 200
    assert "höchstens 254 Zeichen" in response.content.decode()
    assert not mail.outbox


def test_every_reader_form_is_no_longer_than_its_column():
    """Where a reader's value is stored, the form refuses what the column cannot hold."""
    from django import forms
    from django.core.exceptions import FieldDoesNotExist

    from blog.forms import ShareForm
    from comments.discussion.forms import CommentForm
    from comments.moderation.reports import ReportForm

    stored_in = {
        CommentForm: (Comment, {}),
        ReportForm: (Report, {}),
    }
    checked = 0
    for form_class, (model, renamed) in stored_in.items():
        for name, field in form_class.base_fields.items():
            model_name = renamed.get(name, name)
            try:
                column = model._meta.get_field(model_name)
            except FieldDoesNotExist:  # a form-only field: honeypot, consent, …
                column = None
            if getattr(column, "max_length", None) and isinstance(field, forms.CharField):
                assert field.max_length is not None, (form_class, name)
                assert field.max_length <= column.max_length, (form_class, name)
                checked += 1
    assert checked >= 4
    # The recommendation is not stored, but mailed: RFC 5321 allows 254 characters per address.
    assert ShareForm.base_fields["recipient"].max_length == 254


# NUL characters ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "q=ok&seite=%00", "%00=1"])
def test_search_with_a_nul_character_is_a_bad_request(client, query):
    response = client.get(f"/suche/?{query}")
    assert response.status_code == 400
    assert "Diese Anfrage können wir nicht verarbeiten" in response.content.decode()


def test_nul_in_a_form_field_is_a_form_error_and_stores_nothing(client, post):
    response = client.post(f"{post.get_absolute_url()}thesen/1/abstimmen/", {"stimme": "zu\x00"})
    assert response.status_code == 400
    assert "Bitte wähle „Stimme zu“ oder „Sehe ich anders“." in response.content.decode()
    response = client.post(
        f"{post.get_absolute_url()}kommentare/",
        comment_form_data(author_name="Lea\x00", author_email="lea@example.com", body="Hallo"),
    )
    assert response.status_code == 200
    assert "Nullzeichen sind nicht erlaubt." in response.content.decode()
    response = client.post(
        f"{post.get_absolute_url()}empfehlen/",
        {"recipient": "a@example.com", "sender_name": "Lea", "note": "Lies das\x00"},
    )
    assert "Nullzeichen sind nicht erlaubt." in response.content.decode()
    assert not Comment.objects.exists() and not ThesisVote.objects.exists()
    assert not mail.outbox


def test_nul_in_the_path_or_a_header_is_a_bad_request(client, post):
    assert client.get("/thema/%00/").status_code == 400
    assert client.get("/", HTTP_USER_AGENT="Mozilla\x00").status_code == 400


def test_a_cookie_with_a_nul_character_is_ignored(client, post):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get(post.get_absolute_url()).status_code == 200


# Dates beyond the calendar --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("post", "bewerten/"),
        ("post", "thesen/1/abstimmen/"),
        ("get", "empfehlen/"),
        ("post", "empfehlen/"),
        ("post", "kommentare/"),
        ("get", "kommentare/feed/"),
        ("get", ""),
    ],
)
@pytest.mark.parametrize("year", ["2147483648", "99999", "0", "99999999999999999999999"])
def test_post_urls_with_a_year_beyond_the_calendar_are_404(client, post, method, suffix, year):
    url = f"/{year}/01/01/{post.slug}/{suffix}"
    data = {"stars": "5", "stimme": "zu"} if method == "post" else {}
    response = getattr(client, method)(url, data)
    assert response.status_code == 404
    assert not PostRating.objects.exists() and not ThesisVote.objects.exists()


@pytest.mark.parametrize("year", ["2147483648", "99999999999999999999999"])
def test_month_archive_with_a_year_beyond_the_calendar_is_404(client, year):
    assert client.get(f"/{year}/01/").status_code == 404


# Bodies in other encodings, malformed multipart ----------------------------------------------


@pytest.mark.parametrize(
    "charset", ["utf-16", "utf-32", "utf-7", "cp1026", "unicode_escape", "base64", "rot13", "bogus"]
)
def test_form_bodies_in_another_charset_are_a_bad_request(client, post, charset):
    response = client.generic(
        "POST",
        f"{post.get_absolute_url()}bewerten/",
        b"stars=5",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert not PostRating.objects.exists()


def call_wsgi_application(method: str, path: str, query: str, body: bytes, content_type: str):
    """One request through the WSGI application the application server runs (the test client
    builds its own requests); returns the status line."""
    from io import BytesIO

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "192.0.2.10",
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": BytesIO(),
    }
    statuses = []
    # As the test client does: the request must not close the test's database transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        b"".join(application(environ, lambda status, headers, *_: statuses.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


@pytest.mark.parametrize("charset", ["base64", "unicode_escape", "rot13", "utf-16"])
def test_a_charset_that_breaks_query_string_decoding_is_a_bad_request(post, charset):
    """Django decodes the query string by the declared charset while it builds the request,
    before any middleware: ``base64`` is no text codec, ``unicode_escape`` makes surrogates."""
    content_type = f"text/plain; charset={charset}"
    status = call_wsgi_application("GET", "/suche/", "q=%5Cud800", b"", content_type)
    assert status.startswith("400"), status
    status = call_wsgi_application(
        "POST", f"{post.get_absolute_url()}bewerten/", "", b"stars=5", content_type
    )
    assert status.startswith("400")
    assert not PostRating.objects.exists()


def test_utf8_bodies_are_accepted_with_or_without_the_charset(client, post):
    for content_type in [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
    ]:
        response = client.generic(
            "POST", f"{post.get_absolute_url()}bewerten/", b"stars=5", content_type=content_type
        )
        assert response.status_code == 302, content_type


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"--x\r\nfoo", "multipart/form-data; boundary=x"),
        (b"--x\r\nfoo", "multipart/form-data"),
        (b"garbage", "multipart/form-data; boundary="),
        (b"--" + b"x" * 71 + b"\r\n", "multipart/form-data; boundary=" + "x" * 71),
    ],
)
def test_malformed_multipart_is_a_bad_request(client, post, body, content_type):
    response = client.generic(
        "POST", f"{post.get_absolute_url()}bewerten/", body, content_type=content_type
    )
    assert response.status_code == 400


# The admin, for staff ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "submitted_at__year=99999999999",
        "submitted_at__year=9999",
        "submitted_at__year=9999&submitted_at__month=12&submitted_at__day=31",
        "submitted_at__year=2024&submitted_at__month=99",
        "submitted_at__gte=99999-01-01",
        "submitted_at__year__gt=99999999999",
        "created__year=99999999999",
        "post__id__exact=99999999999999999999",
        "p=99999999999999999999",
    ],
)
def test_admin_filters_beyond_the_calendar_redirect_with_the_error_flag(mod_client, query):
    CommentFactory()
    response = mod_client.get(f"/admin/comments/comment/?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("query", ["q=%00", "status=%00", "status__exact=%00", "flagged_rules=%00"])
def test_admin_filters_with_nul_are_a_bad_request(mod_client, query):
    CommentFactory()
    assert mod_client.get(f"/admin/comments/comment/?{query}").status_code == 400


def test_admin_pattern_lookups_are_refused(mod_client):
    CommentFactory()
    assert mod_client.get("/admin/comments/comment/?body__regex=(").status_code == 400


def test_admin_action_on_ids_that_are_no_numbers_shows_an_error(mod_client):
    comment = CommentFactory(status=Comment.Status.PENDING)
    response = mod_client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": ["x", str(comment.pk)], "index": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Die Auswahl enthält ungültige Einträge." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("selected", ["", "99999999999999999999999", "9223372036854775808", "-1e3"])
def test_admin_action_on_ids_beyond_the_column_shows_an_error(mod_client, selected):
    comment = CommentFactory(status=Comment.Status.PENDING)
    response = mod_client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [selected, str(comment.pk)], "index": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Die Auswahl enthält ungültige Einträge." in response.content.decode()


def test_moderators_cannot_merge_tags(mod_client):
    """taggit's merge page checks only for staff: a moderator, who may not change tags, could
    create tags and move the tags of every post."""
    from taggit.models import Tag

    PostFactory(tags=["b2b"])
    response = mod_client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "gekapert"})
    assert response.status_code == 403
    assert not Tag.objects.filter(name="gekapert").exists()


def test_merging_tags_without_a_selection_asks_for_one(admin_client):
    response = admin_client.post(
        "/admin/taggit/tag/merge-tags/", {"new_tag_name": "neu"}, follow=True
    )
    assert response.status_code == 200
    assert "Bitte wähle zuerst die Schlagwörter aus." in response.content.decode()


def test_merging_selected_tags_still_works(admin_client):
    from taggit.models import Tag

    post = PostFactory(tags=["b2b", "B2B-Kommunikation"])
    ids = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    admin_client.post(
        "/admin/taggit/tag/",
        {"action": "render_tag_form", "_selected_action": ids, "index": "0"},
    )
    response = admin_client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "b2b"})
    assert response.status_code == 302
    assert [tag.name for tag in post.tags.all()] == ["b2b"]


@pytest.mark.parametrize(("page", "status"), [("change", 200), ("history", 200), ("delete", 403)])
def test_admin_pages_with_an_empty_to_field_parameter(mod_client, page, status):
    """An empty ``?_to_field=`` names no field: the primary key is meant (moderators may not
    delete comments: 403, as without the parameter)."""
    comment = CommentFactory()
    response = mod_client.get(f"/admin/comments/comment/{comment.pk}/{page}/?_to_field=")
    assert response.status_code == status
