"""Readers report comments; enough reports from different networks hide a comment."""

import pytest
from django.test import Client

from comments.models import Comment, ModerationLogEntry, Report
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(post):
    return CommentFactory(post=post, body="Ein strittiger Gedanke.\n\nZweiter Absatz.")


def report_url(comment):
    return f"/kommentar/{comment.pk}/melden/"


def report(client, comment, ip="192.0.2.1", **data):
    return client.post(report_url(comment), {"reason": "beleidigend", **data}, REMOTE_ADDR=ip)


class TestPage:
    def test_every_comment_has_a_report_link(self, client, comment):
        html = client.get(comment.post.get_absolute_url()).content.decode()
        link = f'<a class="comment-report" href="/kommentar/{comment.pk}/melden/" rel="nofollow">'
        assert f"{link}Melden</a>" in html

    def test_form_without_javascript(self, client, comment):
        html = client.get(report_url(comment)).content.decode()
        assert '<h1 id="melden-titel">Kommentar melden</h1>' in html
        assert "<p>Ein strittiger Gedanke.</p>" in html  # the comment as readers see it
        assert 'name="csrfmiddlewaretoken"' in html
        for value, label in Report.Reason.choices:
            assert f'value="{value}"' in html
            assert str(label) in html
        assert '<label for="id_text">Erläuterung (freiwillig)</label>' in html
        assert 'maxlength="500"' in html
        assert "Community-Richtlinien" in html

    def test_csrf_is_enforced(self, comment):
        response = Client(enforce_csrf_checks=True).post(
            report_url(comment), {"reason": "strafbar"}
        )
        assert response.status_code == 403
        assert not Report.objects.exists()

    @pytest.mark.parametrize("status", ["pending", "removed", "spam"])
    def test_only_published_comments_can_be_reported(self, client, post, status):
        hidden = CommentFactory(post=post, status=status)
        assert client.get(report_url(hidden)).status_code == 404
        assert client.post(report_url(hidden), {"reason": "strafbar"}).status_code == 404

    def test_comments_on_drafts_cannot_be_reported(self, client):
        on_draft = CommentFactory(post=PostFactory(status="draft"))
        assert client.get(report_url(on_draft)).status_code == 404

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({}, "Bitte wähle einen Grund."),
            ({"reason": "langweilig"}, "Bitte wähle einen der genannten Gründe."),
            ({"reason": "sonstiges", "text": "x" * 501}, "höchstens 500 Zeichen"),
        ],
    )
    def test_invalid_reports_are_shown_again(self, client, comment, data, message):
        response = client.post(report_url(comment), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Report.objects.exists()


class TestReporting:
    def test_report_is_stored_and_confirmed_after_a_redirect(self, client, comment):
        response = report(client, comment, text="Das ist eine Beleidigung.")
        assert response.status_code == 302
        assert response["Location"] == comment.get_absolute_url()
        stored = Report.objects.get()
        assert (stored.comment, stored.reason, stored.text) == (
            comment,
            "beleidigend",
            "Das ist eine Beleidigung.",
        )
        assert len(stored.reporter_key) == 64 and "192.0.2.1" not in stored.network_key
        html = client.get(response["Location"]).content.decode()
        assert "Danke für deine Meldung. Die Moderation sieht sich den Kommentar an." in html

    def test_one_report_per_reader(self, client, comment):
        report(client, comment)
        response = report(client, comment, reason="werbung")
        assert Report.objects.count() == 1
        html = client.get(response["Location"]).content.decode()
        assert "Du hast diesen Kommentar bereits gemeldet" in html

    def test_another_reader_can_report_too(self, client, comment):
        report(client, comment)
        report(Client(), comment)
        assert Report.objects.count() == 2

    def test_enough_reports_from_different_networks_hide_the_comment(self, comment, settings):
        settings.COMMENTS_REPORTS_TO_HIDE = 3
        post = comment.post
        for number in range(2):
            report(Client(), comment, ip=f"192.0.2.{number}")
        comment.refresh_from_db()
        assert comment.is_published
        response = report(Client(), comment, ip="198.51.100.7")
        assert response["Location"] == f"{post.get_absolute_url()}#kommentare"
        comment.refresh_from_db()
        post.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        assert comment.moderation["reports"]["count"] == 3
        assert post.comment_count == 0
        entry = ModerationLogEntry.objects.get()
        assert (entry.action, entry.actor, entry.target_id) == (
            "hide_reported",
            None,
            str(comment.pk),
        )

    def test_reports_from_one_network_do_not_hide(self, comment, settings):
        settings.COMMENTS_REPORTS_TO_HIDE = 2
        for _ in range(3):
            report(Client(), comment, ip="192.0.2.50")
        comment.refresh_from_db()
        assert Report.objects.count() == 3
        assert comment.is_published

    def test_too_many_reports_from_one_address(self, comment, settings):
        settings.COMMENTS_REPORT_RATE = (1, 3600)
        other = CommentFactory(post=comment.post)
        client = Client()
        report(client, comment)
        response = report(client, other)
        assert Report.objects.count() == 1
        assert "sehr viele Meldungen" in client.get(response["Location"]).content.decode()
