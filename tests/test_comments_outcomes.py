"""What a reader finds after acting: their own comment (published, or held and shown to them
alone), the notices inside it, the remembered details, and the page cache kept clean of all of
it. The browser journeys (tests/browser/test_outcomes.py) check the same in Chromium."""

import json
import re
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client, RequestFactory

from comments.discussion import own_comments, remember
from comments.models import Comment
from comments.moderation import review
from comments.moderation.base import Action, Decision, Finding
from tests.factories import CommentFactory, ThesisFactory, comment_form_data
from tests.moderation_admin_support import run_action

pytestmark = pytest.mark.django_db

GUEST = {
    "author_name": "Anna Beispiel",
    "author_email": "anna@gaeste.gegenverkehr.invalid",
    "author_website": "https://anna.example",
}


@pytest.fixture
def decision(monkeypatch):
    """The moderation outcome for this test (hold unless a test changes it)."""
    holder = {"decision": Decision(Action.HOLD, (Finding("werbung", "https://a.example"),))}
    monkeypatch.setattr(review, "review", lambda draft, context: holder["decision"])
    return holder


def submit(client, post, body, **fields):
    data = comment_form_data(body=body, **{**GUEST, **fields})
    return client.post(f"{post.get_absolute_url()}kommentare/", data)


def signed_pending(value: str) -> str:
    """``value`` signed as the site signs the held-comments cookie (a valid cookie)."""
    response = HttpResponse()
    response.set_signed_cookie(own_comments.COOKIE, value, salt=own_comments.SALT)
    return response.cookies[own_comments.COOKIE].value


def article(html: str, comment) -> str:
    """The HTML of one comment's <article>, or "" if the page does not show it."""
    start = html.find(f'id="kommentar-{comment.pk}"')
    return "" if start < 0 else html[start : html.index("</article>", start)]


class TestHeldComments:
    def test_the_author_sees_it_in_place_marked_and_nobody_else_does(self, client, post, decision):
        parent = CommentFactory(post=post, body="Ein veröffentlichter Kommentar.")
        Client().get(post.get_absolute_url())  # another reader: the page is cached now
        response = submit(client, post, "Meine Antwort, noch nicht frei.", parent=parent.pk)
        held = Comment.objects.get(parent=parent)
        assert held.status == Comment.Status.PENDING
        assert response["Location"] == f"{post.get_absolute_url()}#kommentar-{held.pk}"

        html = client.get(response["Location"]).content.decode()
        own = article(html, held)
        assert "Meine Antwort, noch nicht frei." in own
        assert '<strong class="comment-status">Wartet auf Freischaltung</strong>' in own
        assert "comment-reply" not in own and "comment-report" not in own
        # In place: below the comment it answers.
        assert re.search(
            rf'id="kommentar-{parent.pk}".*?<ol class="comment-replies">'
            rf'<li class="comment-item comment-level-2"><article class="comment comment-pending" '
            rf'id="kommentar-{held.pk}"',
            html,
            re.S,
        )
        # Counted nowhere yet.
        assert "1 Kommentar</h2>" in html
        # Again, without the notice: still there for the author, never for anyone else.
        assert "Wartet auf Freischaltung" in article(
            client.get(post.get_absolute_url()).content.decode(), held
        )
        assert article(Client().get(post.get_absolute_url()).content.decode(), held) == ""

    def test_the_thesis_filter_counts_published_comments_only(self, client, post, decision):
        thesis = ThesisFactory(post=post, position=1, title="Erste These")
        CommentFactory(post=post, thesis=thesis, body="Veröffentlicht zur These.")
        submit(client, post, "Gehalten zur These.", thesis=thesis.pk)
        html = client.get(f"{post.get_absolute_url()}?these=1").content.decode()
        assert "Gehalten zur These." in html
        assert "1 Kommentar zu These 1: Erste These" in html

    def test_the_cookie_is_signed_scoped_to_the_post_and_expires(self, client, post, decision):
        response = submit(client, post, "Gehalten.")
        cookie = response.cookies[own_comments.COOKIE]
        assert cookie["path"] == post.get_absolute_url()
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert int(cookie["max-age"]) == own_comments.MAX_AGE
        held = Comment.objects.get()
        request = RequestFactory().get("/", HTTP_COOKIE=f"{own_comments.COOKIE}={cookie.value}")
        assert own_comments.pending_ids(request) == [held.pk]
        tampered = cookie.value.replace(f"{held.pk}:", f"{held.pk + 1}:", 1)
        request = RequestFactory().get("/", HTTP_COOKIE=f"{own_comments.COOKIE}={tampered}")
        assert own_comments.pending_ids(request) == []

    def test_forged_or_foreign_ids_show_nothing(self, client, post):
        someone_elses = CommentFactory(post=post, status=Comment.Status.PENDING, body="Fremd.")
        client.cookies[own_comments.COOKIE] = f"{someone_elses.pk}:forged"
        assert "Fremd." not in client.get(post.get_absolute_url()).content.decode()
        # A valid cookie for another post's comment shows nothing on this one.
        other = CommentFactory(status=Comment.Status.PENDING, body="Anderswo.")
        client.cookies[own_comments.COOKIE] = signed_pending(str(other.pk))
        assert "Anderswo." not in client.get(post.get_absolute_url()).content.decode()

    def test_a_moderators_decision_ends_the_special_view(self, client, mod_client, post, decision):
        submit(client, post, "Wird freigeschaltet.")
        first = Comment.objects.get()
        submit(client, post, "Wird abgelehnt.")
        second = Comment.objects.exclude(pk=first.pk).get()
        run_action(mod_client, "approve", [first])
        run_action(mod_client, "reject", [second])
        html = client.get(post.get_absolute_url()).content.decode()
        assert "Wird freigeschaltet." in article(html, first)
        assert "Wartet auf Freischaltung" not in html
        assert "Wird abgelehnt." not in html
        assert "Wird freigeschaltet." in Client().get(post.get_absolute_url()).content.decode()

    def test_posting_again_drops_decided_ids_and_a_published_one_ends_the_cookie(
        self, client, mod_client, post, decision
    ):
        submit(client, post, "Erster, gehalten.")
        first = Comment.objects.get()
        run_action(mod_client, "approve", [first])
        decision["decision"] = Decision(Action.PUBLISH)
        response = submit(client, post, "Zweiter, gleich sichtbar.")
        cookie = response.cookies[own_comments.COOKIE]
        assert cookie.value == "" and int(cookie["max-age"]) == 0  # deleted
        assert cookie["path"] == post.get_absolute_url()

    def test_the_cookie_holds_a_bounded_number_of_ids(self, client, post, decision, settings):
        settings.COMMENTS_RATE_LIMITS = {"ip": None, "email": None}
        for number in range(own_comments.MAX_IDS + 3):
            submit(client, post, f"Gehaltener Kommentar Nummer {number}.")
        ids = own_comments.pending_ids(client.get(post.get_absolute_url()).wsgi_request)
        newest = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
        assert ids == newest[-own_comments.MAX_IDS :]

    def test_accounts_see_their_held_comments_without_a_cookie(self, post):
        user = get_user_model().objects.create_user("mirko", password="geheim-123")
        CommentFactory(post=post, user=user, status=Comment.Status.PENDING, body="Mein Konto.")
        reader = Client()
        reader.force_login(user)
        assert "Mein Konto." in reader.get(post.get_absolute_url()).content.decode()


class TestNoticesInTheComment:
    def test_a_published_comment_lands_on_itself_with_its_delete_link(self, client, post, decision):
        decision["decision"] = Decision(Action.PUBLISH)
        response = submit(client, post, "Sofort sichtbar.", notify="on")
        comment = Comment.objects.get()
        assert response["Location"] == f"{post.get_absolute_url()}#kommentar-{comment.pk}"
        html = client.get(response["Location"]).content.decode()
        own = article(html, comment)
        assert 'class="notices" role="status"' in own
        assert 'noch <a href="/kommentar/loeschen/' in own
        assert "Bitte bestätige darin" in own
        assert "Wartet auf Freischaltung" not in own
        assert 'class="wrap messages"' not in html
        # Shown once: the next visit has no notices.
        assert "notices" not in article(
            client.get(post.get_absolute_url()).content.decode(), comment
        )

    def test_a_report_answers_inside_the_reported_comment(self, client, post):
        comment = CommentFactory(post=post)
        response = client.post(f"/kommentar/{comment.pk}/melden/", {"reason": "beleidigend"})
        assert response["Location"] == f"{post.get_absolute_url()}#kommentar-{comment.pk}"
        html = client.get(response["Location"]).content.decode()
        assert "Danke für deine Meldung." in article(html, comment)
        assert 'class="wrap messages"' not in html


class TestRememberedDetails:
    def test_ticked_box_stores_the_details_for_the_script(self, client, post, decision):
        response = submit(client, post, "Merk dir mich.", remember="on")
        cookie = response.cookies[remember.COOKIE]
        assert json.loads(unquote(cookie.value)) == {
            "name": "Anna Beispiel",
            "email": "anna@gaeste.gegenverkehr.invalid",
            "website": "https://anna.example",
        }
        assert int(cookie["max-age"]) == remember.MAX_AGE
        assert cookie["path"] == "/" and cookie["samesite"] == "Lax"
        assert not cookie["httponly"]  # the page's script fills the form from it

    def test_the_page_never_contains_them(self, client, post, decision):
        submit(client, post, "Merk dir mich.", remember="on")
        for reader in (client, Client()):
            html = reader.get(post.get_absolute_url()).content.decode()
            assert "anna@gaeste.gegenverkehr.invalid" not in html
            assert 'name="author_name"' in html and 'value="Anna Beispiel"' not in html
        # The box is offered only to readers whose browser runs the script that fills the form.
        assert re.search(
            r'<p class="comment-check comment-field-remember" hidden data-remember>', html
        )

    def test_an_unticked_box_forgets_them(self, client, post, decision):
        submit(client, post, "Merk dir mich.", remember="on")
        response = submit(client, post, "Jetzt nicht mehr.")
        cookie = response.cookies[remember.COOKIE]
        assert cookie.value == "" and int(cookie["max-age"]) == 0

    def test_a_refused_comment_changes_nothing(self, client, post, decision):
        decision["decision"] = Decision(Action.REJECT, (Finding("beleidigung", "Idiot"),))
        response = submit(client, post, "Idiot.", remember="on")
        assert response.status_code == 200
        assert remember.COOKIE not in response.cookies

    def test_accounts_have_nothing_to_remember(self, post, decision):
        user = get_user_model().objects.create_user("mirko", password="geheim-123")
        reader = Client()
        reader.force_login(user)
        assert 'name="remember"' not in reader.get(post.get_absolute_url()).content.decode()
        response = reader.post(
            f"{post.get_absolute_url()}kommentare/",
            comment_form_data(body="Als Konto", remember="on"),
        )
        assert response.status_code == 302
        assert remember.COOKIE not in response.cookies


class TestErrorSummary:
    def test_a_failed_submission_opens_at_the_focused_summary(self, client, post, decision):
        response = submit(client, post, "", author_email="kaputt")
        html = response.content.decode()
        assert (
            'action="' + post.get_absolute_url() + 'kommentare/#kommentar-formular-fehler"' in html
        )
        summary = html[html.index('<div class="comment-form-errors"') :]
        summary = summary[: summary.index("</div>")]
        assert 'id="kommentar-formular-fehler" tabindex="-1" autofocus' in summary
        assert '<a href="#id_body">Bitte schreibe einen Kommentar.</a>' in summary
        assert '<a href="#id_author_email">Bitte gib eine gültige E-Mail-Adresse an.</a>' in summary
        assert html.count("autofocus") == 1

    def test_an_unbound_form_has_no_summary_and_focuses_nothing(self, client, post):
        html = client.get(post.get_absolute_url()).content.decode()
        assert "comment-form-errors" not in html
        assert "autofocus" not in html

    def test_a_rejection_is_one_message_naming_the_clause(self, client, post, monkeypatch):
        monkeypatch.undo()  # the real rules
        response = submit(client, post, "Du bist ein Vollidiot, wenn du das glaubst.")
        html = response.content.decode()
        errors = re.findall(r'<ul class="errorlist nonfield">(.*?)</ul>', html, re.S)
        assert len(errors) == 1
        (message,) = re.findall(r"<li>(.*?)</li>", errors[0], re.S)
        assert "Beleidigung / grob anstößig: „Vollidiot“" in message
        assert "Freischaltung" not in message and "geprüft" not in message
        assert not Comment.objects.exists()


@pytest.mark.parametrize("cookie", ["gv_wartend", "gv_abgestimmt"])
def test_readers_with_content_of_their_own_bypass_the_page_cache(cookie):
    from core import page_cache

    plain = RequestFactory().get("/2024/01/01/beitrag/")
    assert page_cache.is_cacheable_request(plain)
    marked = RequestFactory().get("/2024/01/01/beitrag/", HTTP_COOKIE=f"{cookie}=1")
    assert not page_cache.is_cacheable_request(marked)


def test_every_cookie_a_reader_gets_is_explained_on_the_privacy_page(client, post, decision):
    set_cookies = set()
    response = submit(client, post, "Gehalten, mit gemerkten Angaben.", remember="on")
    set_cookies |= set(response.cookies)
    response = client.post(f"{post.get_absolute_url()}bewerten/", {"stars": 3})
    set_cookies |= set(response.cookies)
    assert {"gv_wartend", "gv_kommentator", "gv_abgestimmt", "gv_besucher"} <= set_cookies
    privacy = Client().get("/datenschutz/").content.decode()
    for name in set_cookies - {"csrftoken"}:
        assert f"<dt><code>{name}</code></dt>" in privacy, name
