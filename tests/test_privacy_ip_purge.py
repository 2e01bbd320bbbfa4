from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment, OutgoingMail, Subscription
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def purge() -> str:
    out = StringIO()
    call_command("purge_ip_addresses", stdout=out)
    return out.getvalue()


def comment_days_ago(days, **fields):
    values = {"ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)"}
    values.update(fields)
    return CommentFactory(submitted_at=timezone.now() - timedelta(days=days), **values)


def test_erases_ip_and_browser_after_the_retention_period(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 7
    old = comment_days_ago(8)
    recent = comment_days_ago(6)
    output = purge()
    assert "1 comment(s) older than 7 day(s): IP address and browser erased." in output
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None and old.user_agent == ""
    assert recent.ip_address == "203.0.113.7" and recent.user_agent
    assert old.body and old.author_name  # nothing else is touched


def test_is_idempotent(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 7
    comment_days_ago(30)
    comment_days_ago(10, ip_address=None)  # only a browser string left
    assert purge().startswith("2 comment(s)")
    assert purge().startswith("0 comment(s)")
    assert not Comment.objects.exclude(ip_address=None).exists()


def test_follows_the_setting(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 1
    comment_days_ago(2)
    assert purge().startswith("1 comment(s) older than 1 day(s)")


def test_drops_expired_subscription_requests_and_old_outbox_rows(settings):
    settings.COMMENTS_SUBSCRIPTION_CONFIRM_DAYS = 7
    comment = CommentFactory()
    long_ago = timezone.now() - timedelta(days=40)
    Subscription.objects.create(
        email="alt@x.invalid", post=comment.post, comment=comment, created_at=long_ago
    )
    kept = Subscription.objects.create(
        email="bestaetigt@x.invalid",
        post=comment.post,
        comment=comment,
        created_at=long_ago,
        confirmed_at=long_ago,
    )
    OutgoingMail.objects.create(
        kind="confirm",
        to="alt@x.invalid",
        subject="s",
        body_text="",
        status="sent",
        created_at=long_ago,
    )
    pending = OutgoingMail.objects.create(
        kind="confirm", to="neu@x.invalid", subject="s", body_text="t", created_at=long_ago
    )
    output = purge()
    assert "1 expired unconfirmed subscription(s) deleted." in output
    assert "1 finished outbox mail(s) deleted." in output
    assert list(Subscription.objects.all()) == [kept]
    assert list(OutgoingMail.objects.all()) == [pending]  # not sent yet: never dropped
