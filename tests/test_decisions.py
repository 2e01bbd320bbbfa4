"""One path for every decision: what the admin's decisions do, seen through the admin and the
post page (counts, audit, reports, mails, placeholders, the page cache after the commit)."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, ModerationLogEntry, OutgoingMail, Subscription
from comments.moderation import decisions
from tests.factories import CommentFactory, PostFactory, ThesisFactory, bulk_comment_threads
from tests.moderation_admin_support import change_status, run_action
from tests.privacy_support import run_worker

pytestmark = pytest.mark.django_db

Status = Comment.Status


def page(post, query="") -> str:
    response = Client().get(f"{post.get_absolute_url()}{query}")
    assert response.status_code == 200
    return response.content.decode()


def thread_of(html) -> str:
    return html[html.index('class="comment-list"') : html.index('id="kommentar-formular"')]


def remove(client, comments, clause="beleidigung", **extra):
    return run_action(client, "remove", comments, apply="1", clause=clause, **extra)


@pytest.fixture
def thread(post):
    """A comment with a reply and a reply to that, plus another thread."""
    top = CommentFactory(post=post, author_name="Anna", body="Ein fragwürdiger Gedanke.")
    reply = CommentFactory(parent=top, author_name="Ben", body="Eine sachliche Antwort.")
    answer = CommentFactory(parent=reply, author_name="Cem", body="Und eine Antwort darauf.")
    other = CommentFactory(post=post, author_name="Dora", body="Ein anderer Faden.")
    return top, reply, answer, other


class TestApprovalNotifies:
    """Approving a held reply in the admin queues exactly one mail to the parent's subscriber."""

    @pytest.fixture
    def held_reply(self, post):
        parent = CommentFactory(post=post, author_email="anna@gaeste.gegenverkehr.invalid")
        Subscription.objects.create(
            email=parent.author_email, post=post, comment=parent, confirmed_at=parent.submitted_at
        )
        # An unconfirmed subscriber hears nothing.
        Subscription.objects.create(
            email="ben@gaeste.gegenverkehr.invalid",
            post=post,
            scope=Subscription.Scope.POST,
        )
        return CommentFactory(parent=parent, status=Status.PENDING, body="Späte Antwort.")

    def test_bulk_action(self, mod_client, held_reply, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = run_action(mod_client, "approve", [held_reply])
        assert response.status_code == 302
        self.assert_one_reply_mail(held_reply)

    def test_change_page(self, mod_client, held_reply, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = change_status(mod_client, held_reply, "published")
        assert response.status_code == 302
        self.assert_one_reply_mail(held_reply)

    def test_approving_with_replies_announces_each(
        self, mod_client, post, django_capture_on_commit_callbacks
    ):
        parent = CommentFactory(post=post, status=Status.PENDING)
        Subscription.objects.create(
            email="dora@gaeste.gegenverkehr.invalid",
            post=post,
            scope=Subscription.Scope.POST,
            confirmed_at=parent.submitted_at,
        )
        reply = CommentFactory(parent=parent, status=Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            run_action(mod_client, "approve_with_replies", [parent])
        mails = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPLY)
        assert sorted(mails.values_list("comment_id", flat=True)) == sorted([parent.pk, reply.pk])

    def assert_one_reply_mail(self, reply):
        [queued] = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPLY)
        assert (queued.to, queued.comment_id) == ("anna@gaeste.gegenverkehr.invalid", reply.pk)
        run_worker()
        assert [m.to for m in mail.outbox] == [["anna@gaeste.gegenverkehr.invalid"]]
        assert "Späte Antwort." in mail.outbox[0].body

    def test_a_rolled_back_approval_queues_no_mail(self, held_reply, moderator, monkeypatch):
        """The outbox row is written in the decision's transaction: no decision, no mail."""

        def broken_audit(*args, **kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(ModerationLogEntry.objects, "bulk_create", broken_audit)
        with pytest.raises(RuntimeError):
            decisions.change_status([held_reply], Status.PUBLISHED, actor=moderator)
        assert Comment.objects.get(pk=held_reply.pk).status == Status.PENDING
        assert not OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REPLY).exists()


class TestAuditEntries:
    def test_entry_names_actor_clause_note_and_what_fired(self, mod_client, moderator, post):
        comment = CommentFactory(
            post=post, author_name="Anna", status=Status.PENDING, flagged_rules="respekt"
        )
        remove(mod_client, [comment], clause="respekt", note="Wiederholt persönlich.")
        entry = ModerationLogEntry.objects.get()
        assert (entry.actor, entry.action, entry.reason) == (
            moderator,
            "remove",
            "Wiederholt persönlich.",
        )
        assert entry.details == {
            "from": "pending",
            "to": "removed",
            "post": post.pk,
            "rules": ["respekt"],
            "clause": "respekt",
        }
        assert entry.target_repr == f"Kommentar #{comment.pk} von Anna auf „{post.title}“"

    def test_entries_are_written_in_the_same_transaction(self, mod_client, post, monkeypatch):
        comment = CommentFactory(post=post, status=Status.PENDING)

        def broken_recount(post_ids):
            raise RuntimeError("lost the connection")

        monkeypatch.setattr(decisions, "_recount", broken_recount)
        with pytest.raises(RuntimeError):
            run_action(mod_client, "approve", [comment])
        assert Comment.objects.get(pk=comment.pk).status == Status.PENDING
        assert not ModerationLogEntry.objects.exists()


class TestAfterCommit:
    """The post's page-cache version moves only after the decision committed."""

    def test_the_version_moves_after_the_commit_not_before(
        self, mod_client, post, monkeypatch, django_capture_on_commit_callbacks
    ):
        from core import page_cache

        held = CommentFactory(post=post, status=Status.PENDING, body="Gleich freigeschaltet.")
        page(post)  # cached under the current version
        scope = page_cache.post_scope(post.pk)
        before = page_cache.versions_before_render(scope)
        seen_inside = []
        original = decisions._recount

        def recount_and_look(post_ids):
            original(post_ids)  # the status is updated, the transaction still open
            seen_inside.append(page_cache.versions_before_render(scope))

        monkeypatch.setattr(decisions, "_recount", recount_and_look)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            run_action(mod_client, "approve", [held])
            assert page_cache.versions_before_render(scope) == before  # nothing bumped yet
        assert seen_inside == [before]
        assert callbacks  # the bump waited for the commit
        assert page_cache.versions_before_render(scope) != before
        assert "Gleich freigeschaltet." in page(post)

    def test_a_page_rendered_inside_the_window_is_not_served_afterwards(
        self, mod_client, post, monkeypatch, django_capture_on_commit_callbacks
    ):
        """A reader whose request runs between the status update and the commit sees the old
        discussion (it is not committed yet) and stores that page under the version it read.
        The reader's part is played here as it happens on another connection: read the
        version, render the committed (old) state, store. The next reader after the commit
        must see the approved comment."""
        from django.core.cache import cache
        from django.test import RequestFactory

        from core import page_cache

        held = CommentFactory(post=post, status=Status.PENDING, body="Im Fenster freigegeben.")
        old_page = Client().get(post.get_absolute_url())  # the committed state, rendered
        assert "Im Fenster freigegeben." not in old_page.content.decode()
        cache.clear()
        original = decisions._recount

        def reader_in_the_window(post_ids):
            original(post_ids)
            request = RequestFactory().get(post.get_absolute_url())
            request.LANGUAGE_CODE = "de"
            scope = page_cache.post_scope(post.pk)
            versions = page_cache.versions_before_render(scope)
            key = page_cache.page_key(request)
            page_cache.store_page(request, key, scope, versions, old_page, post_id=post.pk)

        monkeypatch.setattr(decisions, "_recount", reader_in_the_window)
        with django_capture_on_commit_callbacks(execute=True):
            run_action(mod_client, "approve", [held])
        assert "Im Fenster freigegeben." in page(post)

    @pytest.mark.django_db(transaction=True)
    # SQLite's shared in-memory test database locks a table another connection is writing: a
    # second reader cannot render the committed state inside the window there (the test above
    # plays that reader on every database); CI's PostgreSQL pass runs this one.
    @pytest.mark.postgresql
    def test_a_concurrent_reader_on_another_connection(self, post, monkeypatch):
        """The same window with a real second reader: another thread (its own database
        connection) renders the post page after the status update and before the commit."""
        import threading

        from django.core.cache import cache

        from tests.moderation_admin_support import make_moderator

        moderator = Client()
        moderator.force_login(make_moderator("fenster"))
        held = CommentFactory(post=post, status=Status.PENDING, body="Zwei Leser, ein Fenster.")
        assert "Zwei Leser, ein Fenster." not in page(post)
        cache.clear()  # the reader in the window renders from the database, not from a copy
        from core.local_memory import forget_all

        forget_all()
        seen_by_the_reader = []
        original = decisions._recount

        def concurrent_reader(post_ids):
            original(post_ids)

            def read():
                try:
                    seen_by_the_reader.append(page(post))
                finally:
                    from django.db import connections

                    connections.close_all()

            reader = threading.Thread(target=read)
            reader.start()
            reader.join(timeout=30)

        monkeypatch.setattr(decisions, "_recount", concurrent_reader)
        run_action(moderator, "approve", [held])
        [inside] = seen_by_the_reader
        assert "Zwei Leser, ein Fenster." not in inside  # not committed yet: the old page
        assert "Zwei Leser, ein Fenster." in page(post)  # the next reader sees the change


class TestPlaceholders:
    def test_a_removed_comment_with_replies_stays_as_a_placeholder(self, mod_client, post, thread):
        top, reply, answer, other = thread
        remove(mod_client, [top], clause="beleidigung")
        html = thread_of(page(post))
        assert "Ein fragwürdiger Gedanke." not in html and "Anna" not in html
        start = f'<article class="comment comment-placeholder" id="kommentar-{top.pk}">'
        placeholder = re.search(rf"{start}(.*?)</article>", html)
        assert placeholder is not None
        assert (
            "Dieser Kommentar wurde von der Moderation entfernt – Verstoß gegen unsere "
            '<a href="/community-richtlinien/">Community-Richtlinien</a>: '
            "Beleidigung / grob anstößig."
        ) in placeholder.group(1)
        assert "Antworten" not in placeholder.group(1) and "Melden" not in placeholder.group(1)
        # The replies keep their place below it, nested as before.
        assert html.index(f'id="kommentar-{top.pk}"') < html.index(f'id="kommentar-{reply.pk}"')
        assert "Eine sachliche Antwort." in html and "Und eine Antwort darauf." in html
        assert "3 Kommentare</h2>" in page(post)
        post.refresh_from_db()
        assert post.comment_count == 3  # placeholders are not counted

    def test_other_reasons_say_only_that_it_was_removed(self, mod_client, post, thread):
        top, reply, *_ = thread
        remove(mod_client, [top], clause="sonstiges", note="Doppelt gepostet.")
        html = thread_of(page(post))
        assert "Dieser Kommentar wurde von der Moderation entfernt.</p>" in html
        assert "Doppelt gepostet." not in html

    @pytest.mark.parametrize("action", ["reject", "mark_spam"])
    def test_rejected_and_spam_comments_with_replies_are_placeholders(
        self, mod_client, post, thread, action
    ):
        top, *_ = thread
        run_action(mod_client, action, [top])
        html = thread_of(page(post))
        assert "Dieser Kommentar wurde von der Moderation entfernt.</p>" in html
        assert "Eine sachliche Antwort." in html

    def test_a_held_comment_with_published_replies_says_it_is_being_checked(
        self, mod_client, post, thread
    ):
        top, *_ = thread
        response = change_status(mod_client, top, "pending")
        assert response.status_code == 302
        html = thread_of(page(post))
        assert "Dieser Kommentar wird gerade von der Moderation geprüft." in html
        assert "Ein fragwürdiger Gedanke." not in html and "Eine sachliche Antwort." in html

    def test_nested_placeholders(self, mod_client, post, thread):
        top, reply, answer, _ = thread
        remove(mod_client, [top, reply])
        html = thread_of(page(post))
        assert html.count("comment-placeholder-text") == 2
        assert "Und eine Antwort darauf." in html
        post.refresh_from_db()
        assert post.comment_count == 2

    def test_no_placeholder_without_published_replies(self, mod_client, post, thread):
        top, reply, answer, other = thread
        CommentFactory(parent=other, status=Status.PENDING, body="Wartet noch.")
        remove(mod_client, [answer, other])
        html = thread_of(page(post))
        assert "comment-placeholder" not in html
        assert f'id="kommentar-{other.pk}"' not in html and "Wartet noch." not in html

    def test_reply_permalinks_lead_to_an_anchor_on_the_page(self, mod_client, post, thread):
        top, reply, answer, _ = thread
        remove(mod_client, [top])
        for comment in (reply, answer):
            response = Client().get(f"/kommentar/{comment.pk}/")
            assert response.status_code == 302
            url, anchor = response["Location"].split("#")
            assert f'id="{anchor}"' in Client().get(url).content.decode()

    def test_the_thesis_filter_counts_no_placeholder(self, mod_client, post):
        thesis = ThesisFactory(post=post, position=1, title="Titel 1")
        about = CommentFactory(post=post, thesis=thesis, body="Zur These")
        CommentFactory(parent=about, body="Antwort")
        remove(mod_client, [about])
        html = page(post, "?these=1")
        assert "1 Kommentar zu These 1: Titel 1" in html
        assert "comment-placeholder" in html

    def test_placeholders_in_english(self, mod_client, post, thread):
        top, *_ = thread
        remove(mod_client, [top], clause="sonstiges", note="Doppelt.")
        reader = Client()
        reader.post("/i18n/setlang/", {"language": "en", "next": "/"})
        html = reader.get(post.get_absolute_url()).content.decode()
        assert "This comment was removed by the moderators." in html

    def test_structured_data_leaves_placeholders_out(self, mod_client, post, thread):
        top, *_ = thread
        remove(mod_client, [top])
        html = page(post)
        assert '"commentCount": 3' in html
        assert f"#kommentar-{top.pk}" not in html[html.index("application/ld+json") :]

    def test_queries_do_not_grow_with_placeholders(
        self, mod_client, settings, django_assert_max_num_queries
    ):
        settings.BLOG_PAGE_CACHE_SECONDS = 0
        small, large = PostFactory(), PostFactory()
        few = bulk_comment_threads(small, 14)
        many = bulk_comment_threads(large, 700)
        # Take down every comment at depth 1 and 3 that has replies: placeholders throughout.
        remove(mod_client, [c for c in few if c.depth in (1, 3)])
        remove(mod_client, [c for c in many if c.depth in (1, 3)])
        page(small)
        with CaptureQueriesContext(connection) as baseline:
            page(small)
        with django_assert_max_num_queries(len(baseline)):
            html = page(large)
        published = [c for c in many if c.depth not in (1, 3)]
        with_replies = [
            c
            for c in many
            if c.depth in (1, 3) and any(p.path.startswith(c.path + "/") for p in published)
        ]
        assert len(with_replies) > 100
        assert html.count("comment-placeholder-text") == len(with_replies)
        assert html.count('class="comment"') == len(published)


class TestRemovalAsksForAReason:
    def test_the_bulk_action_shows_an_intermediate_page(self, mod_client, post, thread):
        top, reply, answer, other = thread
        response = run_action(mod_client, "remove", [top, other])
        assert response.status_code == 200
        html = response.content.decode()
        assert "Diese 2 Kommentare werden von der Website genommen" in html
        assert "2 veröffentlichte Antworten bleiben sichtbar" in html
        for code, label in (("beleidigung", "Beleidigung / grob anstößig"), ("werbung", "Werbung")):
            assert f'value="{code}"' in html and label in html
        assert 'value="sonstiges"' in html
        assert not Comment.objects.filter(status=Status.REMOVED).exists()

    def test_a_clause_is_required_and_other_needs_a_note(self, mod_client, post, thread):
        top, *_ = thread
        response = run_action(mod_client, "remove", [top], apply="1")
        assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
        response = run_action(mod_client, "remove", [top], apply="1", clause="sonstiges")
        assert "Bitte nenne den Grund in der Notiz." in response.content.decode()
        assert Comment.objects.get(pk=top.pk).is_published

    def test_the_message_says_how_many_replies_stay(self, mod_client, post, thread):
        top, *_ = thread
        response = remove(mod_client, [top])
        assert [str(m) for m in response.wsgi_request._messages] == [
            "1 Kommentar entfernt.",
            "2 veröffentlichte Antworten bleiben sichtbar, darüber steht ein Platzhalter.",
        ]
        assert Comment.objects.get(pk=top.pk).removal_clause == "beleidigung"

    def test_the_change_page_asks_too(self, mod_client, moderator, post, thread):
        top, *_ = thread
        page_html = mod_client.get(f"/admin/comments/comment/{top.pk}/change/").content.decode()
        assert "2 veröffentlichte Antworten." in page_html
        assert 'name="reason_clause"' in page_html and 'name="reason_note"' in page_html
        response = change_status(mod_client, top, "removed")
        assert response.status_code == 200
        assert "Bitte gib an, gegen welche Regel der Kommentar verstößt." in (
            response.content.decode()
        )
        response = change_status(
            mod_client, top, "removed", reason_clause="rassismus", reason_note="Siehe Meldung."
        )
        assert response.status_code == 302
        top.refresh_from_db()
        assert (top.status, top.removal_clause) == (Status.REMOVED, "rassismus")
        entry = ModerationLogEntry.objects.get()
        assert (entry.actor, entry.reason, entry.details["clause"]) == (
            moderator,
            "Siehe Meldung.",
            "rassismus",
        )
        assert entry.details["replies_shown"] == 2
        assert "Rassismus / Hetze." in thread_of(page(post))

    def test_approving_again_clears_the_clause(self, mod_client, post, thread):
        top, *_ = thread
        remove(mod_client, [top])
        run_action(mod_client, "approve", [top])
        top.refresh_from_db()
        assert (top.status, top.removal_clause) == (Status.PUBLISHED, "")
        assert "Ein fragwürdiger Gedanke." in page(post)


class TestEditsKeepTheOriginal:
    def test_an_edit_keeps_the_original_and_says_so_on_the_page(self, mod_client, moderator, post):
        comment = CommentFactory(post=post, author_name="Anna", body="Du Vollpfosten, nein.")
        response = change_status(
            mod_client, comment, "published", body="[von der Moderation gekürzt] Nein."
        )
        assert response.status_code == 302
        comment.refresh_from_db()
        [revision] = comment.revisions.all()
        assert revision.changes == {
            "body": {
                "before": "Du Vollpfosten, nein.",
                "after": "[von der Moderation gekürzt] Nein.",
            }
        }
        assert revision.edited_by == moderator
        entry = ModerationLogEntry.objects.get()
        assert (entry.action, entry.details) == (
            "edit",
            {"fields": ["body"], "revision": revision.pk},
        )
        html = thread_of(page(post))
        assert "[von der Moderation gekürzt] Nein." in html and "Vollpfosten" not in html
        article = html[html.index(f'id="kommentar-{comment.pk}"') :]
        assert '<span class="comment-edited">bearbeitet von der Moderation</span>' in article
        # Moderators see the original on the change page.
        change_page = mod_client.get(f"/admin/comments/comment/{comment.pk}/change/")
        assert "Du Vollpfosten, nein." in change_page.content.decode()

    def test_an_e_mail_correction_is_logged_but_not_marked(self, mod_client, post):
        comment = CommentFactory(post=post)
        change_status(mod_client, comment, "published", author_email="neu@gaeste.invalid")
        comment.refresh_from_db()
        assert comment.moderator_edited_at is None and not comment.revisions.exists()
        assert ModerationLogEntry.objects.get().details == {"fields": ["author_email"]}
        assert "comment-edited" not in page(post)


class TestAdminWording:
    def test_the_admin_names_the_site_and_the_job(self, mod_client):
        login = Client().get("/admin/login/").content.decode()
        index = mod_client.get("/admin/").content.decode()
        for html in (login, index):
            assert "Gegenverkehr – Moderation" in html
            assert "Django" not in html
        assert "<title>Übersicht | Gegenverkehr – Moderation</title>" in index

    def test_the_audit_log_speaks_in_words(self, mod_client, post):
        comment = CommentFactory(post=post, author_name="Anna", status=Status.PENDING)
        run_action(mod_client, "approve", [comment])
        html = mod_client.get("/admin/comments/moderationlogentry/").content.decode()
        assert f"Kommentar #{comment.pk} von Anna auf „{post.title}“" in html
        assert "Freigeschaltet" in html
        assert ">comments.comment<" not in html
        entry = ModerationLogEntry.objects.get()
        detail = mod_client.get(f"/admin/comments/moderationlogentry/{entry.pk}/change/")
        assert '<div class="readonly">Kommentar</div>' in detail.content.decode()
        filtered = mod_client.get("/admin/comments/moderationlogentry/?art=comments.comment")
        assert filtered.context["cl"].result_count == 1

    def test_deleted_comments_cannot_be_set_by_moderators(self, mod_client, post):
        comment = CommentFactory(post=post)
        html = mod_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
        assert 'value="deleted"' not in html
        assert 'value="removed"' in html
