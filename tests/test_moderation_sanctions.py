"""Suspensions: who they hit, what the commenter reads, and that they expire by themselves."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.utils import timezone

from comments.models import Comment, Suspension
from comments.moderation import review, sanctions
from comments.moderation.base import Action, Decision
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def publish_everything(monkeypatch):
    monkeypatch.setattr(review, "review", lambda draft, context: Decision(Action.PUBLISH))


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("kerstin", email="kerstin@example.invalid")


def url(post):
    return f"{post.get_absolute_url()}kommentare/"


def guest(**fields):
    return comment_form_data(
        body="Ich schreibe trotzdem.",
        author_name="Gesperrte Person",
        author_email="gesperrt@gaeste.gegenverkehr.invalid",
        **fields,
    )


class TestActiveFor:
    def test_matches_account_email_or_ip(self, user):
        by_user = Suspension.objects.create(user=user, reason="x")
        by_email = Suspension.objects.create(email="A@Example.invalid", reason="x")
        by_ip = Suspension.objects.create(ip_address="192.0.2.9", reason="x")
        assert list(Suspension.objects.active_for(user=user)) == [by_user]
        assert list(Suspension.objects.active_for(email="a@example.INVALID")) == [by_email]
        assert list(Suspension.objects.active_for(ip="192.0.2.9")) == [by_ip]
        assert set(Suspension.objects.active_for(user=user, ip="192.0.2.9")) == {by_user, by_ip}
        assert not Suspension.objects.active_for().exists()
        assert not Suspension.objects.active_for(email="b@example.invalid").exists()

    def test_expired_and_lifted_suspensions_do_not_count(self):
        now = timezone.now()
        Suspension.objects.create(
            email="a@example.invalid", until=now - timedelta(seconds=1), reason="x"
        )
        Suspension.objects.create(email="a@example.invalid", lifted_at=now, reason="x")
        assert not Suspension.objects.active_for(email="a@example.invalid").exists()
        assert Suspension.objects.expired().count() == 2

    def test_permanent_ones_come_first(self):
        Suspension.objects.create(
            email="a@example.invalid", until=timezone.now() + timedelta(days=1), reason="kurz"
        )
        Suspension.objects.create(email="a@example.invalid", reason="dauerhaft")
        assert (
            Suspension.objects.active_for(email="a@example.invalid").first().reason == "dauerhaft"
        )

    def test_a_suspension_needs_a_target(self):
        with pytest.raises(IntegrityError):
            Suspension.objects.create(reason="niemand")

    def test_durations(self):
        start = timezone.now()
        assert sanctions.until_for("24h", start) == start + timedelta(hours=24)
        assert sanctions.until_for("3d", start) == start + timedelta(days=3)
        assert sanctions.until_for("7d", start) == start + timedelta(days=7)
        assert sanctions.until_for("30d", start) == start + timedelta(days=30)
        assert sanctions.until_for("permanent", start) is None


class TestMessage:
    def test_names_the_end_in_german(self, user):
        until = datetime(2026, 11, 30, 14, 0, tzinfo=BERLIN)
        suspension = Suspension(user=user, until=until, reason="Beleidigungen")
        assert sanctions.message_for(suspension) == (
            "Dein Konto ist bis 30. November 2026, 14:00 Uhr für Kommentare gesperrt. "
            "Grund: Beleidigungen"
        )

    def test_permanent_and_guest_wording(self):
        assert sanctions.message_for(Suspension(email="a@example.invalid", reason="Spam")) == (
            "Deine E-Mail-Adresse ist dauerhaft für Kommentare gesperrt. Grund: Spam"
        )
        assert sanctions.message_for(Suspension(ip_address="192.0.2.1", reason="")) == (
            "Dein Internetanschluss ist dauerhaft für Kommentare gesperrt."
        )


class TestForm:
    def test_suspended_guest_cannot_post_and_keeps_the_text(self, client, post):
        Suspension.objects.create(
            email="gesperrt@gaeste.gegenverkehr.invalid",
            until=timezone.now() + timedelta(days=3),
            reason="Wiederholte Beleidigungen",
        )
        response = client.post(url(post), guest())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Deine E-Mail-Adresse ist bis " in html
        assert "Grund: Wiederholte Beleidigungen" in html
        assert "Ich schreibe trotzdem.</textarea>" in html
        assert not Comment.objects.exists()

    def test_suspended_account(self, client, post, user):
        Suspension.objects.create(user=user, reason="Werbung")
        client.force_login(user)
        html = client.post(url(post), comment_form_data(body="Hallo")).content.decode()
        assert "Dein Konto ist dauerhaft für Kommentare gesperrt. Grund: Werbung" in html
        assert not Comment.objects.exists()

    def test_suspended_ip(self, client, post):
        Suspension.objects.create(ip_address="127.0.0.1", reason="Spam")
        html = client.post(url(post), guest()).content.decode()
        assert "Dein Internetanschluss ist dauerhaft für Kommentare gesperrt." in html

    def test_expired_suspension_lets_the_comment_through(self, client, post):
        # Time "passes" by moving the end into the past: no job has to run.
        suspension = Suspension.objects.create(
            email="gesperrt@gaeste.gegenverkehr.invalid",
            until=timezone.now() + timedelta(hours=24),
            reason="x",
        )
        assert client.post(url(post), guest()).status_code == 200
        Suspension.objects.filter(pk=suspension.pk).update(
            until=timezone.now() - timedelta(seconds=1)
        )
        assert client.post(url(post), guest()).status_code == 302
        assert Comment.objects.count() == 1

    def test_lifted_suspension_lets_the_comment_through(self, client, post):
        Suspension.objects.create(
            email="gesperrt@gaeste.gegenverkehr.invalid", reason="x", lifted_at=timezone.now()
        )
        assert client.post(url(post), guest()).status_code == 302


def test_expiry_label():
    now = timezone.now()
    assert Suspension(email="a@b.invalid").expiry_label == "dauerhaft"
    assert (
        Suspension(email="a@b.invalid", until=now - timedelta(minutes=1)).expiry_label
        == "abgelaufen"
    )
    assert Suspension(email="a@b.invalid", lifted_at=now).expiry_label == "aufgehoben"
    label = Suspension(
        email="a@b.invalid", until=datetime(2030, 1, 2, 9, 30, tzinfo=BERLIN)
    ).expiry_label
    assert label == "läuft ab am 2. Januar 2030, 09:30 Uhr"
