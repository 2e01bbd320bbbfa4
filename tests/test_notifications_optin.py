import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import Client

from comments.mail import links
from comments.models import Comment, OutgoingMail, Subscription
from tests.factories import CommentFactory, PostFactory
from tests.moderation_admin_support import change_status, run_action
from tests.privacy_support import guest_data, member_data, publish_everything, run_worker
from tests.privacy_support import submit_url as url_for

pytestmark = pytest.mark.django_db

GUEST = "anna@gaeste.gegenverkehr.invalid"


@pytest.fixture(autouse=True)
def _publish(monkeypatch, settings):
    publish_everything(monkeypatch, settings)
    settings.SITE_URL = "https://gegenverkehr.example"


@pytest.fixture
def subscribed(client, post, django_capture_on_commit_callbacks):
    """A guest comment with the notification box ticked; returns (comment, subscription)."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url_for(post), guest_data(notify="on"))
    comment = Comment.objects.get()
    return comment, Subscription.objects.get()


def reply_to(comment, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return CommentFactory(parent=comment, body="Gute Frage – hier meine Antwort.", **fields)


def link_in(text, name):
    match = re.search(rf"https://gegenverkehr\.example/benachrichtigungen/{name}/[^/\s]+/", text)
    assert match, text
    return match.group(0).removeprefix("https://gegenverkehr.example")


def test_the_box_is_not_ticked_and_has_a_label(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="notify"[^>]*>', html).group(0)
    assert "checked" not in checkbox
    assert '<label for="id_notify">Benachrichtige mich über Antworten</label>' in html


def test_without_the_box_nothing_is_subscribed(client, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url_for(post), guest_data())
    run_worker()
    assert not Subscription.objects.exists()
    assert mail.outbox == []


class TestDoubleOptIn:
    def test_only_a_confirmation_mail_before_confirming(
        self, subscribed, django_capture_on_commit_callbacks
    ):
        comment, subscription = subscribed
        assert not subscription.is_confirmed
        assert subscription.email == GUEST
        reply_to(comment, django_capture_on_commit_callbacks)
        run_worker()
        assert len(mail.outbox) == 1
        confirmation = mail.outbox[0]
        assert confirmation.to == [GUEST]
        assert confirmation.subject == (
            f"Bitte bestätigen: Benachrichtigungen zu „{comment.post.title}“"
        )
        assert "/benachrichtigungen/bestaetigen/" in confirmation.body
        assert "/kommentar/loeschen/" in confirmation.body  # sent with consent only
        assert OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPLY).count() == 0

    def test_get_shows_a_button_and_changes_nothing(self, client, subscribed):
        _, subscription = subscribed
        run_worker()
        path = link_in(mail.outbox[0].body, "bestaetigen")
        response = client.get(path)
        assert response.status_code == 200
        assert "Ja, benachrichtige mich" in response.content.decode()
        subscription.refresh_from_db()
        assert not subscription.is_confirmed

    def test_post_confirms_and_replies_are_mailed(
        self, client, subscribed, django_capture_on_commit_callbacks
    ):
        comment, subscription = subscribed
        run_worker()
        response = client.post(link_in(mail.outbox[0].body, "bestaetigen"))
        assert response.status_code == 200
        assert "Benachrichtigung bestätigt" in response.content.decode()
        subscription.refresh_from_db()
        assert subscription.is_confirmed

        reply = reply_to(comment, django_capture_on_commit_callbacks, author_name="Mirko")
        run_worker()
        message = mail.outbox[-1]
        assert len(mail.outbox) == 2
        assert message.to == [GUEST]
        assert message.subject == (f"Neue Antwort auf deinen Kommentar zu „{comment.post.title}“")
        assert "Gute Frage – hier meine Antwort." in message.body
        assert f"https://gegenverkehr.example/kommentar/{reply.pk}/" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert reply.body_html in html
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        thread_link = link_in(message.body, "abbestellen")
        assert message.extra_headers["List-Unsubscribe"] == (
            f"<https://gegenverkehr.example{thread_link}>"
        )
        assert "Nur diesen Thread abbestellen" in message.body
        assert "Alle Benachrichtigungen abbestellen" in message.body

    def test_expired_and_forged_confirmation_links(self, client, subscribed, monkeypatch):
        _, subscription = subscribed
        token = links.confirm_token(subscription)
        assert client.post(f"/benachrichtigungen/bestaetigen/{token}x/").status_code == 400
        monkeypatch.setattr(signing.time, "time", lambda: 10**10)  # far in the future
        response = client.post(f"/benachrichtigungen/bestaetigen/{token}/")
        assert response.status_code == 410
        assert "abgelaufen" in response.content.decode()
        subscription.refresh_from_db()
        assert not subscription.is_confirmed

    def test_accounts_with_an_address_are_confirmed_at_once(
        self, client, post, django_capture_on_commit_callbacks
    ):
        user = get_user_model().objects.create_user("redakteurin", "red@gegenverkehr.invalid")
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url_for(post), member_data(notify="on"))
        subscription = Subscription.objects.get()
        assert subscription.is_confirmed and subscription.user == user
        run_worker()
        assert mail.outbox == []


def confirmed_subscription(comment):
    return Subscription.objects.create(
        email=comment.author_email,
        post=comment.post,
        comment=comment,
        confirmed_at=comment.submitted_at,
    )


class TestWhoIsNotified:
    def test_own_replies_and_other_threads_send_nothing(self, django_capture_on_commit_callbacks):
        comment = CommentFactory()
        confirmed_subscription(comment)
        reply_to(comment, django_capture_on_commit_callbacks, author_email=comment.author_email)
        with django_capture_on_commit_callbacks(execute=True):
            CommentFactory(post=comment.post)  # a new thread, not a reply
        run_worker()
        assert mail.outbox == []

    def test_replies_deeper_in_the_thread_count(self, django_capture_on_commit_callbacks):
        comment = CommentFactory()
        confirmed_subscription(comment)
        first = reply_to(comment, django_capture_on_commit_callbacks)
        reply_to(first, django_capture_on_commit_callbacks)
        run_worker()
        assert [m.to for m in mail.outbox] == [[comment.author_email]] * 2

    def test_a_held_reply_is_mailed_once_approved_in_the_admin_and_only_once(
        self, mod_client, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory()
        confirmed_subscription(comment)
        reply = reply_to(comment, django_capture_on_commit_callbacks, status="pending")
        run_worker()
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            run_action(mod_client, "approve", [reply])
        reply.refresh_from_db()
        assert reply.is_published
        with django_capture_on_commit_callbacks(execute=True):
            # Held again and approved again (another moderator, another path): no second mail.
            change_status(mod_client, reply, "pending")
            change_status(mod_client, reply, "published")
        run_worker()
        assert [m.to for m in mail.outbox] == [[comment.author_email]]
        assert OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPLY).count() == 1

    def test_approval_on_the_change_page_notifies(
        self, mod_client, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory()
        confirmed_subscription(comment)
        reply = reply_to(comment, django_capture_on_commit_callbacks, status="pending")
        with django_capture_on_commit_callbacks(execute=True):
            response = change_status(mod_client, reply, "published")
        assert response.status_code == 302
        run_worker()
        assert [m.to for m in mail.outbox] == [[comment.author_email]]
        assert f"/kommentar/{reply.pk}/" in mail.outbox[0].body

    def test_reply_text_is_sanitised(self, django_capture_on_commit_callbacks):
        comment = CommentFactory()
        confirmed_subscription(comment)
        reply_to(comment, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            CommentFactory(parent=comment, body='Hallo <script>alert("x")</script> **fett**')
        run_worker()
        html = mail.outbox[-1].alternatives[0][0]
        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_editorial_mail_about_new_comments(self, settings, django_capture_on_commit_callbacks):
        settings.COMMENTS_NOTIFY_POST_AUTHOR = True
        settings.COMMENTS_EDITORIAL_EMAILS = ["redaktion@gegenverkehr.invalid"]
        with django_capture_on_commit_callbacks(execute=True):
            comment = CommentFactory(status="pending", author_email="gast@x.invalid")
        run_worker()
        [message] = mail.outbox
        assert message.to == ["redaktion@gegenverkehr.invalid"]
        assert comment.post.title in message.subject
        assert f"/admin/comments/comment/{comment.pk}/change/" in message.body
        assert "gast@x.invalid" not in message.body

    def test_editorial_mail_is_off_by_default(self, settings, django_capture_on_commit_callbacks):
        settings.COMMENTS_EDITORIAL_EMAILS = ["redaktion@gegenverkehr.invalid"]
        with django_capture_on_commit_callbacks(execute=True):
            CommentFactory()
        run_worker()
        assert mail.outbox == []


class TestUnsubscribe:
    @pytest.fixture
    def csrf_client(self):
        return Client(enforce_csrf_checks=True)

    def test_get_asks_and_one_click_post_unsubscribes_without_csrf(
        self, csrf_client, django_capture_on_commit_callbacks
    ):
        comment = CommentFactory()
        subscription = confirmed_subscription(comment)
        path = links.unsubscribe_url(subscription).removeprefix("https://gegenverkehr.example")
        page = csrf_client.get(path)
        assert "Nur diesen Thread abbestellen" in page.content.decode()
        assert Subscription.objects.exists()
        response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not Subscription.objects.exists()
        assert csrf_client.post(path).status_code == 200  # again: still fine
        reply_to(comment, django_capture_on_commit_callbacks)
        run_worker()
        assert mail.outbox == []

    def test_all_removes_every_subscription_of_the_address(self, csrf_client):
        first = CommentFactory(author_email="Vera@Beispiel.invalid")
        second = CommentFactory(post=PostFactory(), author_email="vera@beispiel.invalid")
        other = CommentFactory(post=first.post)
        subscription = confirmed_subscription(first)
        confirmed_subscription(second)
        confirmed_subscription(other)
        path = links.unsubscribe_url(subscription, links.SCOPE_ALL)
        csrf_client.post(path.removeprefix("https://gegenverkehr.example"))
        assert list(Subscription.objects.values_list("comment", flat=True)) == [other.pk]

    def test_forged_link(self, csrf_client):
        response = csrf_client.post("/benachrichtigungen/abbestellen/kaputt/")
        assert response.status_code == 400
        assert "ungültig" in response.content.decode()
