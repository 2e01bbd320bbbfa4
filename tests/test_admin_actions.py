"""Moderators' decisions in the admin: bulk actions, suspensions, watched words, the audit log;
and the post admin (thesis order, comment counts)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.utils import timezone

from blog.models import Thesis
from comments.models import Comment, ModerationLogEntry, Suspension, WatchedWord
from tests.factories import CommentFactory, PostFactory, ThesisFactory
from tests.moderation_admin_support import run_action
from tests.post_admin_support import post_change_data

pytestmark = pytest.mark.django_db

Status = Comment.Status


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def statuses(*comments):
    return [Comment.objects.get(pk=c.pk).status for c in comments]


class TestBulkDecisions:
    @pytest.mark.parametrize(
        ("action", "status", "log_action", "message"),
        [
            ("approve", Status.PUBLISHED, "approve", "2 Kommentare freigeschaltet."),
            ("reject", Status.REJECTED, "reject", "2 Kommentare abgelehnt."),
            ("mark_spam", Status.SPAM, "spam", "2 Kommentare als Spam markiert."),
            ("remove", Status.REMOVED, "remove", "2 Kommentare entfernt."),
        ],
    )
    def test_action_changes_status_counts_and_logs_each_row(
        self, mod_client, moderator, post, action, status, log_action, message
    ):
        initial = Status.PUBLISHED if status != Status.PUBLISHED else Status.PENDING
        first = CommentFactory(post=post, status=initial)
        second = CommentFactory(post=post, status=initial)
        already = CommentFactory(post=post, status=status)
        # Removing asks for the guideline clause first (its own tests: test_decisions.py).
        reason = {"apply": "1", "clause": "beleidigung"} if action == "remove" else {}
        response = run_action(mod_client, action, [first, second, already], **reason)
        assert response.status_code == 302
        assert messages_of(response) == [message]
        assert statuses(first, second, already) == [status] * 3
        post.refresh_from_db()
        assert post.comment_count == (3 if status == Status.PUBLISHED else 0)
        entries = ModerationLogEntry.objects.order_by("target_id")
        assert [(e.actor, e.action, e.target_type) for e in entries] == [
            (moderator, log_action, "comments.comment")
        ] * 2
        assert {e.target_id for e in entries} == {str(first.pk), str(second.pk)}
        assert entries[0].details["from"] == initial

    def test_singular_message(self, mod_client, post):
        comment = CommentFactory(post=post, status="pending")
        assert messages_of(run_action(mod_client, "approve", [comment])) == [
            "1 Kommentar freigeschaltet."
        ]

    def test_approving_with_replies_releases_held_replies(self, mod_client, post):
        held = CommentFactory(post=post, status="pending")
        reply = CommentFactory(post=post, parent=held, status="pending")
        deeper = CommentFactory(post=post, parent=reply, status="pending")
        spam = CommentFactory(post=post, parent=held, status="spam")
        elsewhere = CommentFactory(post=post, status="pending")
        response = run_action(mod_client, "approve_with_replies", [held])
        assert messages_of(response) == ["3 Kommentare freigeschaltet (mit Antworten)."]
        assert statuses(held, reply, deeper, spam, elsewhere) == [
            Status.PUBLISHED,
            Status.PUBLISHED,
            Status.PUBLISHED,
            Status.SPAM,
            Status.PENDING,
        ]
        assert ModerationLogEntry.objects.filter(action="approve").count() == 3
        post.refresh_from_db()
        assert post.comment_count == 3

    def test_plain_approve_leaves_replies_held(self, mod_client, post):
        held = CommentFactory(post=post, status="pending")
        reply = CommentFactory(post=post, parent=held, status="pending")
        run_action(mod_client, "approve", [held])
        assert statuses(held, reply) == [Status.PUBLISHED, Status.PENDING]

    def test_status_change_in_the_change_view_is_logged(self, mod_client, moderator, post):
        comment = CommentFactory(post=post, status="pending", author_website="")
        data = {
            "status": "published",
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "author_website": "",
            "body": comment.body,
            "thesis": "",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
            "reports-MIN_NUM_FORMS": "0",
            "reports-MAX_NUM_FORMS": "1000",
        }
        response = mod_client.post(f"/admin/comments/comment/{comment.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert statuses(comment) == [Status.PUBLISHED]
        entry = ModerationLogEntry.objects.get()
        assert (entry.actor, entry.action) == (moderator, "approve")
        post.refresh_from_db()
        assert post.comment_count == 1


class TestSuspendAuthors:
    def test_confirmation_page_lists_authors_once(self, mod_client, post):
        a1 = CommentFactory(post=post, author_email="a@example.invalid", author_name="Anna")
        a2 = CommentFactory(post=post, author_email="A@example.invalid", author_name="Anna")
        b = CommentFactory(post=post, author_email="b@example.invalid", author_name="Ben")
        response = run_action(mod_client, "suspend_authors", [a1, a2, b])
        html = response.content.decode()
        assert response.status_code == 200
        assert "Diese 2 Personen werden für Kommentare gesperrt" in html
        assert html.count('name="_selected_action"') == 3
        for label in ("24 Stunden", "3 Tage", "7 Tage", "30 Tage", "Dauerhaft"):
            assert label in html
        assert not Suspension.objects.exists()

    def test_apply_suspends_by_email_and_optionally_ip(self, mod_client, moderator, post):
        comment = CommentFactory(
            post=post, author_email="a@example.invalid", ip_address="192.0.2.4"
        )
        response = run_action(
            mod_client,
            "suspend_authors",
            [comment],
            apply="1",
            duration="7d",
            reason="Wiederholte Beleidigungen",
            include_ip="on",
        )
        assert response.status_code == 302
        assert messages_of(response) == ["1 Sperre eingerichtet."]
        suspension = Suspension.objects.get()
        assert (suspension.email, suspension.ip_address, suspension.user) == (
            "a@example.invalid",
            "192.0.2.4",
            None,
        )
        assert suspension.created_by == moderator
        assert timedelta(days=6, hours=23) < suspension.until - timezone.now() <= timedelta(days=7)
        entry = ModerationLogEntry.objects.get()
        assert (entry.action, entry.reason, entry.details["comments"]) == (
            "suspend",
            "Wiederholte Beleidigungen",
            [comment.pk],
        )

    def test_account_is_suspended_permanently_without_ip(self, mod_client, post):
        user = get_user_model().objects.create_user("troll", email="troll@example.invalid")
        comment = CommentFactory(post=post, user=user, ip_address="192.0.2.4")
        run_action(
            mod_client,
            "suspend_authors",
            [comment],
            apply="1",
            duration="permanent",
            reason="Hetze",
        )
        suspension = Suspension.objects.get()
        assert (suspension.user, suspension.email, suspension.ip_address, suspension.until) == (
            user,
            "",
            None,
            None,
        )

    def test_reason_is_required(self, mod_client, post):
        comment = CommentFactory(post=post)
        response = run_action(mod_client, "suspend_authors", [comment], apply="1", duration="24h")
        assert response.status_code == 200
        assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
        assert not Suspension.objects.exists()


class TestSuspensionAdmin:
    def test_add_with_a_duration_is_logged(self, mod_client, moderator):
        response = mod_client.post(
            "/admin/comments/suspension/add/",
            {"email": "Spam@Example.invalid", "duration": "3d", "reason": "Werbung", "user": ""},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        suspension = Suspension.objects.get()
        assert suspension.email == "spam@example.invalid"
        assert suspension.created_by == moderator
        assert timedelta(days=2, hours=23) < suspension.until - timezone.now() <= timedelta(days=3)
        assert ModerationLogEntry.objects.get().action == "suspend"

    def test_a_target_is_required(self, mod_client):
        response = mod_client.post(
            "/admin/comments/suspension/add/", {"reason": "x", "duration": "24h"}
        )
        assert response.status_code == 200
        assert (
            "Bitte gib ein Konto, eine E-Mail-Adresse oder eine IP-Adresse an."
            in response.content.decode()
        )

    def test_edit_is_logged(self, mod_client):
        suspension = Suspension.objects.create(email="a@example.invalid", reason="alt")
        response = mod_client.post(
            f"/admin/comments/suspension/{suspension.pk}/change/",
            {
                "email": "a@example.invalid",
                "reason": "neu",
                "duration": "",
                "until": "",
                "user": "",
            },
        )
        assert response.status_code == 302
        entry = ModerationLogEntry.objects.get()
        assert (entry.action, entry.reason, entry.details["fields"]) == (
            "suspension_change",
            "neu",
            ["reason"],
        )

    def test_list_shows_expiry_and_filters(self, mod_client):
        now = timezone.now()
        Suspension.objects.create(email="dauer@example.invalid", reason="x")
        Suspension.objects.create(
            email="alt@example.invalid", reason="x", until=now - timedelta(days=1)
        )
        Suspension.objects.create(
            email="bald@example.invalid", reason="x", until=now + timedelta(days=1)
        )
        html = mod_client.get("/admin/comments/suspension/").content.decode()
        assert "dauerhaft" in html and "abgelaufen" in html and "läuft ab am" in html
        active = (
            mod_client.get("/admin/comments/suspension/?zustand=aktiv").context["cl"].result_list
        )
        assert {s.email for s in active} == {"dauer@example.invalid", "bald@example.invalid"}
        expired = (
            mod_client.get("/admin/comments/suspension/?zustand=abgelaufen")
            .context["cl"]
            .result_list
        )
        assert [s.email for s in expired] == ["alt@example.invalid"]

    def test_lift_action(self, mod_client, moderator):
        active = Suspension.objects.create(email="a@example.invalid", reason="x")
        expired = Suspension.objects.create(
            email="b@example.invalid", reason="x", until=timezone.now() - timedelta(days=1)
        )
        response = mod_client.post(
            "/admin/comments/suspension/",
            {"action": "lift", "_selected_action": [active.pk, expired.pk]},
        )
        assert messages_of(response) == ["1 Sperre aufgehoben."]
        active.refresh_from_db()
        assert active.lifted_at is not None
        assert not Suspension.objects.active_for(email="a@example.invalid").exists()
        entry = ModerationLogEntry.objects.get()
        assert (entry.actor, entry.action, entry.target_id) == (moderator, "lift", str(active.pk))


class TestWatchedWordAdmin:
    def test_create_change_delete_are_logged(self, mod_client, moderator):
        response = mod_client.post(
            "/admin/comments/watchedword/add/", {"word": "Krypto*", "action": "reject", "note": ""}
        )
        assert response.status_code == 302
        word = WatchedWord.objects.get()
        assert (word.word, word.created_by) == ("krypto*", moderator)
        mod_client.post(
            f"/admin/comments/watchedword/{word.pk}/change/",
            {"word": "krypto*", "action": "hold", "note": "nur prüfen"},
        )
        mod_client.post(f"/admin/comments/watchedword/{word.pk}/delete/", {"post": "yes"})
        assert not WatchedWord.objects.exists()
        actions = list(ModerationLogEntry.objects.order_by("id").values_list("action", flat=True))
        assert actions == ["watch_add", "watch_change", "watch_delete"]
        assert ModerationLogEntry.objects.get(action="watch_change").details["action"] == "hold"

    def test_bulk_delete_is_logged_per_word(self, mod_client):
        words = [WatchedWord.objects.create(word=w) for w in ("eins", "zwei")]
        mod_client.post(
            "/admin/comments/watchedword/",
            {"action": "delete_selected", "_selected_action": [w.pk for w in words], "post": "yes"},
        )
        assert not WatchedWord.objects.exists()
        assert ModerationLogEntry.objects.filter(action="watch_delete").count() == 2


class TestPostAdmin:
    def test_comment_counts_link_to_the_queue(self, admin_client, post):
        CommentFactory(post=post)
        CommentFactory(post=post, status="pending")
        CommentFactory(post=post, status="pending")
        html = admin_client.get("/admin/blog/post/").content.decode()
        base = "/admin/comments/comment/"
        assert f'<a href="{base}?post__id__exact={post.pk}">1</a>' in html
        assert f'<a href="{base}?post__id__exact={post.pk}&amp;status__exact=pending">2</a>' in html

    def test_post_list_queries_do_not_grow(self, admin_client, django_assert_max_num_queries):
        PostFactory()
        admin_client.get("/admin/blog/post/")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            admin_client.get("/admin/blog/post/")
        for _ in range(10):
            CommentFactory(post=PostFactory(), status="pending")
        with django_assert_max_num_queries(len(one)):
            admin_client.get("/admin/blog/post/")


def thesis_forms(post, rows):
    """Post change form data with the theses ``rows`` = [(thesis or None, number, title)]."""
    data = post_change_data(
        post,
        **{
            "theses-TOTAL_FORMS": str(len(rows)),
            "theses-INITIAL_FORMS": str(sum(1 for t, *_ in rows if t is not None)),
        },
    )
    for index, (thesis, number, title, *delete) in enumerate(rows):
        prefix = f"theses-{index}-"
        data[prefix + "id"] = thesis.pk if thesis else ""
        data[prefix + "post"] = post.pk
        data[prefix + "number"] = number
        data[prefix + "title"] = title
        data[prefix + "body"] = "Begründung."
        if delete:
            data[prefix + "DELETE"] = "on"
    return data


class TestThesisOrder:
    @pytest.fixture
    def theses(self, post):
        return [ThesisFactory(post=post, position=n, title=f"T{n}") for n in (1, 2, 3)]

    def save(self, admin_client, post, rows):
        response = admin_client.post(
            f"/admin/blog/post/{post.pk}/change/", thesis_forms(post, rows)
        )
        assert response.status_code == 302, response.context["errors"] if response.context else ""
        return list(
            Thesis.objects.filter(post=post).order_by("position").values_list("position", "title")
        )

    def test_number_is_the_first_column(self, admin_client, post, theses):
        html = admin_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
        assert html.index('name="theses-0-number"') < html.index('name="theses-0-title"')
        assert 'name="theses-0-number" value="1"' in html

    def test_swapping_two_numbers(self, admin_client, post, theses):
        t1, t2, t3 = theses
        rows = [(t1, 2, "T1"), (t2, 1, "T2"), (t3, 3, "T3")]
        assert self.save(admin_client, post, rows) == [(1, "T2"), (2, "T1"), (3, "T3")]

    def test_moving_the_last_to_the_top_and_duplicate_numbers(self, admin_client, post, theses):
        t1, t2, t3 = theses
        rows = [(t1, 1, "T1"), (t2, 2, "T2"), (t3, 1, "T3")]  # tie: the earlier one stays first
        assert self.save(admin_client, post, rows) == [(1, "T1"), (2, "T3"), (3, "T2")]

    def test_deleting_and_adding_renumbers_without_gaps(self, admin_client, post, theses):
        t1, t2, t3 = theses
        rows = [(t1, 1, "T1"), (t2, 2, "T2", "delete"), (t3, 3, "T3"), (None, "", "Neu")]
        assert self.save(admin_client, post, rows) == [(1, "T1"), (2, "T3"), (3, "Neu")]
