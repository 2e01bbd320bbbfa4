"""Readers report comments; enough reports from different networks hide a comment."""

import pytest
from django.test import Client

from comments.models import Comment, ModerationLogEntry, Report
from tests.factories import CommentFactory, PostFactory
from tests.moderation_admin_support import run_action

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
        for ip in ("192.0.2.1", "198.51.100.7"):
            report(Client(), comment, ip=ip)
        comment.refresh_from_db()
        assert comment.is_published
        response = report(Client(), comment, ip="203.0.113.9")
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
        assert Report.objects.open().count() == 3  # a moderator still has to decide

    @pytest.mark.parametrize(
        "addresses",
        [
            ["192.0.2.1", "192.0.2.77", "192.0.2.254"],  # one IPv4 /24
            ["2001:db8:1:2::1", "2001:db8:1:2::beef", "2001:db8:1:2:ffff::9"],  # one IPv6 /64
        ],
    )
    def test_reports_from_one_network_do_not_hide(self, comment, settings, addresses):
        settings.COMMENTS_REPORTS_TO_HIDE = 2
        for ip in addresses:
            report(Client(), comment, ip=ip)
        comment.refresh_from_db()
        assert Report.objects.count() == 3
        assert comment.is_published
        assert len(set(Report.objects.values_list("network_key", flat=True))) == 1
        assert not any(
            ip in key
            for ip in addresses
            for key in Report.objects.values_list("network_key", flat=True)
        )

    def test_hiding_a_comment_never_hides_other_readers_replies(self, client, comment, settings):
        settings.COMMENTS_REPORTS_TO_HIDE = 3
        first = CommentFactory(parent=comment, body="Eine sachliche Antwort.")
        second = CommentFactory(parent=first, body="Und eine Antwort darauf.")
        for ip in ("192.0.2.1", "198.51.100.7", "203.0.113.9"):
            report(Client(), comment, ip=ip)
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        html = client.get(comment.post.get_absolute_url()).content.decode()
        thread = html[html.index(f'id="kommentar-{comment.pk}"') :]
        assert "Dieser Kommentar wird gerade von der Moderation geprüft." in thread
        assert "Ein strittiger Gedanke." not in html
        assert thread.index(f'id="kommentar-{first.pk}"') < thread.index(
            f'id="kommentar-{second.pk}"'
        )
        assert "Eine sachliche Antwort." in thread and "Und eine Antwort darauf." in thread
        comment.post.refresh_from_db()
        assert comment.post.comment_count == 2
        # The reply's permalink still leads to an anchor on the page.
        response = client.get(f"/kommentar/{first.pk}/")
        assert response["Location"] == f"{comment.post.get_absolute_url()}#kommentar-{first.pk}"

    def test_reports_after_an_approval_count_afresh(self, comment, settings, mod_client):
        settings.COMMENTS_REPORTS_TO_HIDE = 2
        for ip in ("192.0.2.1", "198.51.100.7"):
            report(Client(), comment, ip=ip)
        run_action(mod_client, "approve", [comment])
        comment.refresh_from_db()
        assert comment.is_published
        report(Client(), comment, ip="203.0.113.9")
        comment.refresh_from_db()
        assert comment.is_published  # one open report, from one network

    def test_too_many_reports_from_one_address(self, comment, settings):
        settings.COMMENTS_REPORT_RATE = (1, 3600)
        other = CommentFactory(post=comment.post)
        client = Client()
        report(client, comment)
        response = report(client, other)
        assert Report.objects.count() == 1
        assert "sehr viele Meldungen" in client.get(response["Location"]).content.decode()


class TestLifecycle:
    """open → resolved (a moderator decided on the comment) or dismissed, with who and when."""

    @pytest.fixture
    def reported(self, comment):
        for ip in ("192.0.2.1", "198.51.100.7"):
            report(Client(), comment, ip=ip)
        return comment

    @pytest.mark.parametrize(
        ("action", "extra"),
        [("approve", {}), ("remove", {"apply": "1", "clause": "beleidigung"}), ("reject", {})],
    )
    def test_a_decision_resolves_the_open_reports(
        self, reported, mod_client, moderator, action, extra
    ):
        before = mod_client.get("/admin/comments/report/").context["cl"].result_count
        assert before == 2
        run_action(mod_client, action, [reported], **extra)
        reports = list(Report.objects.all())
        assert {r.status for r in reports} == {Report.Status.RESOLVED}
        assert {r.closed_by for r in reports} == {moderator}
        assert all(r.closed_at is not None for r in reports)
        # They leave the open list and the queue's counts.
        assert mod_client.get("/admin/comments/report/").context["cl"].result_count == 0
        everything = mod_client.get("/admin/comments/report/?zustand=alle")
        assert everything.context["cl"].result_count == 2
        queue = mod_client.get("/admin/comments/comment/?gemeldet=ja").context["cl"]
        assert queue.result_count == 0
        entry = ModerationLogEntry.objects.get(target_id=str(reported.pk))
        assert entry.details["reports_resolved"] == 2

    def test_hiding_after_reports_resolves_nothing(self, reported, settings):
        settings.COMMENTS_REPORTS_TO_HIDE = 3
        report(Client(), reported, ip="203.0.113.9")
        assert Comment.objects.get(pk=reported.pk).status == Comment.Status.PENDING
        assert Report.objects.open().count() == 3

    def test_a_moderator_dismisses_reports(self, reported, mod_client, moderator):
        first, second = Report.objects.order_by("pk")
        response = mod_client.post(
            "/admin/comments/report/", {"action": "dismiss", "_selected_action": [first.pk]}
        )
        assert response.status_code == 302
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, first.closed_by) == (Report.Status.DISMISSED, moderator)
        assert first.closed_at is not None
        assert second.is_open
        listed = mod_client.get("/admin/comments/report/").context["cl"].result_list
        assert list(listed) == [second]
        dismissed = mod_client.get("/admin/comments/report/?zustand=verworfen")
        assert list(dismissed.context["cl"].result_list) == [first]
        entry = ModerationLogEntry.objects.get(action="dismiss_reports")
        assert (entry.actor, entry.target_type, entry.target_id) == (
            moderator,
            "comments.report",
            str(first.pk),
        )
        assert entry.target_repr == f"Meldung #{first.pk} zu Kommentar #{reported.pk}"
        reported.refresh_from_db()
        assert reported.is_published  # dismissing reports changes no comment

    def test_the_queue_counts_only_open_reports(self, reported, mod_client):
        html = mod_client.get("/admin/").content.decode()
        assert "1 veröffentlichter Kommentar wurde gemeldet" in html
        mod_client.post(
            "/admin/comments/report/",
            {
                "action": "dismiss",
                "_selected_action": list(Report.objects.values_list("pk", flat=True)),
            },
        )
        assert "gemeldet" not in mod_client.get("/admin/").content.decode()
        row = mod_client.get("/admin/comments/comment/").content.decode()
        assert '<td class="field-report_count">0</td>' in row
