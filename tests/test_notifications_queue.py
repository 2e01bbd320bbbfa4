import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.mail.tasks import queue_mail
from comments.models import Comment, OutgoingMail, Subscription
from tests.factories import CommentFactory
from tests.moderation_admin_support import run_action
from tests.privacy_support import guest_data, publish_everything, run_worker, submit_url

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every connection is refused."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        raise ConnectionRefusedError(111, "Connection refused")


class DisconnectingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class BrokenMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ValueError("Header values may not contain linefeed")


@pytest.fixture(autouse=True)
def _setup(monkeypatch, settings):
    publish_everything(monkeypatch, settings)
    RefusingBackend.calls = 0


def server_down(settings, backend=RefusingBackend):
    settings.EMAIL_BACKEND = f"{backend.__module__}.{backend.__name__}"


def make_due():
    """Let the retry delay pass: the outbox row and its task become due now."""
    past = timezone.now() - timedelta(seconds=1)
    OutgoingMail.objects.filter(status=OutgoingMail.Status.PENDING).update(next_try_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


def test_posting_while_the_mail_server_refuses_and_delivery_once_it_is_back(
    client, post, settings, django_capture_on_commit_callbacks
):
    server_down(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(post), guest_data(notify="on"))
    assert response.status_code == 302
    assert Comment.objects.get().is_published
    assert RefusingBackend.calls == 0  # posting never talks to the mail server

    run_worker()
    queued = OutgoingMail.objects.get()
    assert RefusingBackend.calls == 1
    assert queued.status == OutgoingMail.Status.PENDING
    assert queued.attempts == 1
    assert "ConnectionRefusedError" in queued.last_error
    assert queued.next_try_at > timezone.now()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()

    settings.EMAIL_BACKEND = LOCMEM
    run_worker()  # the retry is not due yet
    assert mail.outbox == []

    make_due()
    run_worker()
    [message] = mail.outbox
    assert message.to == ["anna@gaeste.gegenverkehr.invalid"]
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.SENT
    assert queued.attempts == 2
    assert queued.sent_at is not None
    assert queued.body_text == ""  # no copy of the text is kept once delivered

    make_due()
    run_worker()
    call_command("send_queued_mail", verbosity=0)
    assert len(mail.outbox) == 1


def test_a_dropped_connection_is_retried_too(settings, django_capture_on_commit_callbacks):
    server_down(settings, DisconnectingBackend)
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(kind="confirm", to="a@b.invalid", subject="Hallo", body_text="Text")
    run_worker()
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.PENDING
    assert "SMTPServerDisconnected" in queued.last_error


def test_gives_up_after_the_last_attempt(settings, django_capture_on_commit_callbacks):
    settings.COMMENTS_MAIL_MAX_ATTEMPTS = 2
    server_down(settings)
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(kind="confirm", to="a@b.invalid", subject="Hallo", body_text="Text")
    run_worker()
    make_due()
    run_worker()
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.FAILED
    assert queued.attempts == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_broken_mail_is_not_retried(settings, django_capture_on_commit_callbacks):
    server_down(settings, BrokenMailBackend)
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_mail(kind="confirm", to="a@b.invalid", subject="Hallo", body_text="Text")
    run_worker()
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.FAILED
    assert "ValueError" in queued.last_error


def test_the_task_is_enqueued_only_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_mail(kind="confirm", to="a@b.invalid", subject="Hallo", body_text="Text")
    assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert DBTaskResult.objects.get().task_path == "comments.mail.tasks.deliver_mail"


def test_the_sweep_sends_mail_whose_task_was_lost(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(kind="confirm", to="a@b.invalid", subject="Hallo", body_text="Text")
    DBTaskResult.objects.all().delete()  # e.g. a worker killed mid-task
    run_worker()
    assert mail.outbox == []
    call_command("send_queued_mail", verbosity=0)
    assert len(mail.outbox) == 1
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def test_a_reply_removed_before_delivery_is_not_mailed(mod_client):
    comment = CommentFactory()
    Subscription.objects.create(
        email=comment.author_email, post=comment.post, comment=comment, confirmed_at=timezone.now()
    )
    reply = CommentFactory(parent=comment)  # queued, but the worker has not run yet
    run_action(mod_client, "remove", [reply], apply="1", clause="werbung")
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.REMOVED
    call_command("send_queued_mail", verbosity=0)
    assert mail.outbox == []
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.CANCELLED


def test_the_same_mail_is_queued_once():
    first = queue_mail(kind="reply", to="a@b.invalid", subject="x", body_text="y", dedupe_key="k")
    second = queue_mail(kind="reply", to="a@b.invalid", subject="x", body_text="y", dedupe_key="k")
    assert first is not None and second is None
    assert OutgoingMail.objects.count() == 1
