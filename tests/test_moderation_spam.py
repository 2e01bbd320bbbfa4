"""Spam protection in the comment form: honeypot, fill-in time, duplicates, flood limits."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.signing import BadSignature, TimestampSigner
from django.test import Client

from comments.models import Comment
from comments.moderation import review, spam
from comments.moderation.base import Action, Decision
from tests.factories import CommentFactory, PostFactory, comment_form_data, form_started
from tests.moderation_admin_support import run_action

pytestmark = pytest.mark.django_db

NOT_ACCEPTED = "Dein Kommentar konnte nicht angenommen werden."
TOO_FAST = "Das ging sehr schnell – bitte prüfe deinen Kommentar und sende ihn noch einmal ab."
DUPLICATE = "Diesen Kommentar hast du bereits abgeschickt."
FLOOD = "Du schreibst gerade sehr viele Kommentare. Bitte warte einen Moment."


@pytest.fixture(autouse=True)
def publish_everything(monkeypatch):
    # These tests are about spam protection; the rules have their own tests.
    monkeypatch.setattr(review, "review", lambda draft, context: Decision(Action.PUBLISH))


def url(post):
    return f"{post.get_absolute_url()}kommentare/"


def guest(**fields):
    return comment_form_data(
        **{
            "body": "Ein sachlicher Gedanke.",
            "author_name": "Anna Beispiel",
            "author_email": "anna@gaeste.gegenverkehr.invalid",
            **fields,
        }
    )


def token_in(html):
    match = re.search(rf'name="{spam.TIMESTAMP_FIELD}" value="([^"]+)"', html)
    assert match, "the form carries no timestamp"
    return match.group(1)


def errors_of(response):
    return response.content.decode()


class TestRenderedForm:
    def test_honeypot_is_labelled_hidden_and_out_of_the_tab_order(self, client, post):
        html = client.get(post.get_absolute_url()).content.decode()
        assert '<p class="comment-field comment-hp">' in html
        assert '<label for="id_homepage">Bitte dieses Feld leer lassen</label>' in html
        field = re.search(r"<input[^>]*name=\"homepage\"[^>]*>", html).group(0)
        assert 'tabindex="-1"' in field and 'autocomplete="off"' in field

    def test_the_form_carries_a_fresh_signed_time(self, client, post):
        html = client.get(post.get_absolute_url()).content.decode()
        first_seen, _nonce = spam.read_token(token_in(html))
        assert abs(first_seen - spam.clock()) < 5

    def test_every_form_gets_a_value_of_its_own(self, monkeypatch, settings):
        monkeypatch.setattr(spam, "clock", lambda: 1_000_000.2)
        first = spam.issue_token()
        # The same second, the same first-seen time: still another value (each is single-use).
        assert spam.issue_token() != first
        assert spam.read_token(spam.issue_token())[0] == spam.read_token(first)[0] == 1_000_000
        settings.SECRET_KEY = "ein-anderer-schluessel-" * 3
        with pytest.raises(BadSignature):
            spam.read_token(first)  # signed with the other key

    def test_the_honeypot_is_hidden_by_the_stylesheet(self):
        from django.conf import settings

        css = (settings.BASE_DIR / "static" / "css" / "comments.css").read_text()
        assert ".comment-hp {" in css and "left: -10000px" in css


class TestHoneypot:
    def test_filled_honeypot_is_refused_without_a_reason(self, client, post):
        response = client.post(url(post), guest(homepage="https://spam.example"))
        html = errors_of(response)
        assert response.status_code == 200
        assert NOT_ACCEPTED in html
        assert "Ein sachlicher Gedanke.</textarea>" in html
        assert not Comment.objects.exists()

    def test_whitespace_only_counts_as_empty(self, client, post):
        assert client.post(url(post), guest(homepage="  ")).status_code == 302


class TestFillTime:
    def test_too_fast_is_refused_and_a_human_can_send_again(self, client, post, monkeypatch):
        data = guest(**form_started(seconds_ago=1))
        response = client.post(url(post), data)
        html = errors_of(response)
        assert TOO_FAST in html
        assert "Ein sachlicher Gedanke.</textarea>" in html  # input kept
        assert not Comment.objects.exists()
        fresh = token_in(html)
        assert TimestampSigner(salt=spam.SIGNING_SALT).unsign(fresh)  # freshly signed, valid
        # Sending the same again at once is still too fast: the first-seen time is kept …
        assert TOO_FAST in errors_of(client.post(url(post), {**data, spam.TIMESTAMP_FIELD: fresh}))
        # … but a reader who checks the text for a few seconds gets through.
        now = spam.clock()
        monkeypatch.setattr(spam, "clock", lambda: now + 3)
        response = client.post(url(post), {**data, spam.TIMESTAMP_FIELD: fresh})
        assert response.status_code == 302
        assert Comment.objects.count() == 1

    def test_the_minimum_is_a_setting(self, client, post, settings):
        settings.COMMENTS_MIN_FILL_SECONDS = 0
        assert client.post(url(post), guest(**form_started(seconds_ago=0))).status_code == 302

    def test_a_slow_reader_is_fine(self, client, post):
        assert client.post(url(post), guest(**form_started(seconds_ago=3600))).status_code == 302

    @pytest.mark.parametrize("token", ["", "12345", "1700000000:abc:def", None])
    def test_missing_or_tampered_time_is_refused(self, client, post, token):
        data = guest()
        if token is None:
            del data[spam.TIMESTAMP_FIELD]
        else:
            data[spam.TIMESTAMP_FIELD] = token
        html = errors_of(client.post(url(post), data))
        assert "Das Formular konnte nicht geprüft werden." in html
        assert "Ein sachlicher Gedanke.</textarea>" in html
        assert not Comment.objects.exists()

    def test_a_forged_earlier_time_does_not_verify(self, client, post):
        forged = TimestampSigner(key="not-our-key", salt=spam.SIGNING_SALT).sign("1")
        html = errors_of(client.post(url(post), guest(**{spam.TIMESTAMP_FIELD: forged})))
        assert "Das Formular konnte nicht geprüft werden." in html

    def test_a_form_older_than_a_day_asks_to_resend_and_then_works(self, client, post, monkeypatch):
        now = spam.clock()
        monkeypatch.setattr(spam, "clock", lambda: now - 2 * 24 * 3600)
        old = spam.issue_token()
        monkeypatch.setattr(spam, "clock", lambda: now)
        response = client.post(url(post), guest(**{spam.TIMESTAMP_FIELD: old}))
        html = errors_of(response)
        assert "Das Formular war sehr lange geöffnet." in html
        resent = client.post(url(post), guest(**{spam.TIMESTAMP_FIELD: token_in(html)}))
        assert resent.status_code == 302


class TestDuplicates:
    def test_same_text_by_the_same_email_on_any_post(self, client, post):
        CommentFactory(
            post=PostFactory(),
            body="Ein sachlicher Gedanke.",
            author_email="ANNA@gaeste.gegenverkehr.invalid",
        )
        html = errors_of(client.post(url(post), guest()))
        assert DUPLICATE in html
        assert Comment.objects.count() == 1

    def test_same_text_from_the_same_ip(self, client, post):
        CommentFactory(post=post, body="Ein sachlicher Gedanke.", ip_address="127.0.0.1")
        assert DUPLICATE in errors_of(client.post(url(post), guest()))

    def test_same_text_by_the_same_account(self, client, post):
        user = get_user_model().objects.create_user("kerstin", email="k@example.invalid")
        CommentFactory(post=post, body="Ein sachlicher Gedanke.", user=user)
        client.force_login(user)
        assert DUPLICATE in errors_of(
            client.post(url(post), comment_form_data(body="Ein sachlicher Gedanke."))
        )

    def test_after_the_window_or_from_someone_else_it_is_fine(self, client, post, settings):
        CommentFactory(post=post, body="Ein sachlicher Gedanke.", author_email="x@example.invalid")
        assert client.post(url(post), guest()).status_code == 302
        settings.COMMENTS_DUPLICATE_WINDOW = 0
        assert client.post(url(post), guest()).status_code == 302


class TestFlood:
    def test_per_ip(self, client, post, settings):
        settings.COMMENTS_RATE_LIMITS = {"ip": (2, 60), "email": None}
        for number in range(2):
            response = client.post(
                url(post), guest(body=f"Gedanke {number}", author_email=f"{number}@example.invalid")
            )
            assert response.status_code == 302
        html = errors_of(client.post(url(post), guest(body="Noch einer")))
        assert FLOOD in html
        assert "Noch einer</textarea>" in html
        assert Comment.objects.count() == 2

    def test_per_email_across_ips(self, client, post, settings):
        settings.COMMENTS_RATE_LIMITS = {"ip": None, "email": (1, 60)}
        assert (
            client.post(url(post), guest(body="Eins"), REMOTE_ADDR="192.0.2.1").status_code == 302
        )
        html = errors_of(client.post(url(post), guest(body="Zwei"), REMOTE_ADDR="192.0.2.2"))
        assert FLOOD in html

    def test_per_account(self, client, post, settings):
        settings.COMMENTS_RATE_LIMITS = {"ip": None, "user": (1, 60)}
        client.force_login(get_user_model().objects.create_user("mirko"))
        assert client.post(url(post), comment_form_data(body="Eins")).status_code == 302
        assert FLOOD in errors_of(client.post(url(post), comment_form_data(body="Zwei")))

    def test_default_limit_is_five_per_minute_and_ip(self, client, post):
        for number in range(5):
            data = guest(body=f"Gedanke {number}", author_email=f"{number}@example.invalid")
            assert client.post(url(post), data).status_code == 302
        assert FLOOD in errors_of(client.post(url(post), guest(body="Sechs")))

    def test_a_broken_cache_lets_comments_through(self, client, post, monkeypatch):
        def broken(*args, **kwargs):
            raise ConnectionError("cache down")

        monkeypatch.setattr(spam, "over_limit", broken)
        assert client.post(url(post), guest()).status_code == 302


class TestFirstGuestComment:
    def test_held_until_one_is_approved(self, client, moderator, post, settings):
        settings.COMMENTS_HOLD_FIRST_GUEST_COMMENT = True
        client.post(url(post), guest(body="Mein erster Kommentar"))
        first = Comment.objects.get()
        assert first.status == Comment.Status.PENDING
        assert first.flagged_rules == spam.FIRST_COMMENT_RULE
        client.post(url(post), guest(body="Mein zweiter Kommentar"))
        assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 2
        in_the_admin = Client()
        in_the_admin.force_login(moderator)
        run_action(in_the_admin, "approve", [first])
        client.post(url(post), guest(body="Mein dritter Kommentar"))
        assert Comment.objects.get(body="Mein dritter Kommentar").is_published

    def test_off_by_default_and_never_for_accounts(self, client, post, settings):
        client.post(url(post), guest())
        assert Comment.objects.get().is_published
        settings.COMMENTS_HOLD_FIRST_GUEST_COMMENT = True
        client.force_login(get_user_model().objects.create_user("mirko"))
        client.post(url(post), comment_form_data(body="Als Konto"))
        assert Comment.objects.get(body="Als Konto").is_published
