"""What the form refused: kept without naming the writer, listed for moderators, marked
„zu Unrecht abgewiesen“, purged after 14 days; and the labelled examples the work leaves."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments.models import Comment, ModerationLogEntry, RefusedDraft
from comments.moderation import labels
from comments.privacy.personal_data import export_personal_data
from tests.factories import CommentFactory, comment_form_data
from tests.moderation_admin_support import change_status, run_action

pytestmark = pytest.mark.django_db

INSULT = "Wer so etwas schreibt, ist ein Vollidiot."
QUOTE = "Der Artikel zitiert „Asshole“ – das Wort steht so im Text."


def submit(post, body, **fields):
    data = comment_form_data(
        body=body,
        author_name="Rudi Rüpel",
        author_email="rudi@gaeste.gegenverkehr.invalid",
        author_website="https://rudi.invalid",
        **fields,
    )
    return Client().post(f"{post.get_absolute_url()}kommentare/", data, REMOTE_ADDR="198.51.100.23")


@pytest.fixture
def refused(post):
    response = submit(post, INSULT)
    assert response.status_code == 200  # the form again, with the guideline named
    assert "Beleidigung" in response.content.decode()
    return RefusedDraft.objects.get()


class TestKept:
    def test_text_rules_excerpt_post_and_time_but_nothing_about_the_writer(self, post, refused):
        assert not Comment.objects.exists()
        assert (refused.post, refused.body) == (post, INSULT)
        # The guideline rule, and the project's statistical score beside it.
        assert refused.rules.split(",")[0] == "beleidigung"
        assert refused.findings[0] == {"rule": "beleidigung", "excerpt": "Vollidiot"}
        assert timezone.now() - refused.refused_at < timedelta(minutes=1)
        stored = {field.name for field in RefusedDraft._meta.get_fields()}
        assert not stored & {"author_name", "author_email", "ip_address", "user", "user_agent"}
        row = RefusedDraft.objects.filter(pk=refused.pk).values().get()
        assert not any(
            secret in str(value)
            for value in row.values()
            for secret in ("Rudi", "rudi@", "198.51.100.23", "rudi.invalid")
        )

    def test_the_thread_it_answered(self, post):
        parent = CommentFactory(post=post)
        submit(post, INSULT, parent=parent.pk)
        assert RefusedDraft.objects.get().parent == parent

    def test_published_and_held_comments_are_not_kept(self, post):
        submit(post, "Ein sachlicher Gedanke zur B2B-Kommunikation.")
        assert Comment.objects.count() == 1
        assert not RefusedDraft.objects.exists()

    def test_not_part_of_an_export_by_address(self, refused):
        data = export_personal_data("rudi@gaeste.gegenverkehr.invalid")
        assert data["comments"] == [] and INSULT not in str(data)


class TestModeratorsSeeThem:
    def test_a_read_only_list_of_their_own(self, mod_client, refused):
        response = mod_client.get("/admin/comments/refuseddraft/")
        assert response.status_code == 200
        html = response.content.decode()
        assert INSULT in html
        assert "Beleidigung / grob anstößig: „Vollidiot“" in html
        detail = mod_client.get(f"/admin/comments/refuseddraft/{refused.pk}/change/")
        assert detail.status_code == 200
        assert 'name="body"' not in detail.content.decode()  # nothing to edit
        assert "refuseddraft/add/" not in html

    def test_marking_one_wrongly_refused(self, mod_client, moderator, post, refused):
        other = RefusedDraft.objects.create(post=post, body="Noch einer.", rules="werbung")
        response = mod_client.post(
            "/admin/comments/refuseddraft/",
            {"action": "mark_wrongly_refused", "_selected_action": [refused.pk]},
        )
        assert response.status_code == 302
        refused.refresh_from_db()
        other.refresh_from_db()
        assert refused.wrongly_refused_by == moderator
        assert timezone.now() - refused.wrongly_refused_at < timedelta(minutes=1)
        assert other.wrongly_refused_at is None
        entry = ModerationLogEntry.objects.get()
        assert (entry.actor, entry.action, entry.target_id) == (
            moderator,
            "wrongly_refused",
            str(refused.pk),
        )
        assert entry.target_repr == f"Abgewiesener Kommentar #{refused.pk} auf „{post.title}“"
        marked = mod_client.get("/admin/comments/refuseddraft/?zu_unrecht=ja")
        assert list(marked.context["cl"].result_list) == [refused]

    def test_filter_by_rule(self, mod_client, post, refused):
        RefusedDraft.objects.create(post=post, body="Kauf jetzt!", rules="werbung")
        listed = mod_client.get("/admin/comments/refuseddraft/?regel=beleidigung")
        assert list(listed.context["cl"].result_list) == [refused]


class TestPurge:
    def test_after_fourteen_days(self, post, refused):
        old = RefusedDraft.objects.create(post=post, body="Alt.", rules="werbung")
        RefusedDraft.objects.filter(pk=old.pk).update(
            refused_at=timezone.now() - timedelta(days=14, minutes=1)
        )
        out = StringIO()
        call_command("purge_refused_drafts", stdout=out)
        assert list(RefusedDraft.objects.all()) == [refused]
        assert "1 refused comment(s) older than 14 day(s) deleted." in out.getvalue()
        # Again (another server's cron at the same minute): nothing left to do, no error.
        out = StringIO()
        call_command("purge_refused_drafts", stdout=out)
        assert "0 refused comment(s)" in out.getvalue()

    def test_also_in_passing_when_a_new_draft_is_refused(self, post, settings):
        settings.COMMENTS_REFUSED_DRAFT_DAYS = 3
        old = RefusedDraft.objects.create(post=post, body="Alt.", rules="werbung")
        RefusedDraft.objects.filter(pk=old.pk).update(refused_at=timezone.now() - timedelta(days=4))
        submit(post, INSULT)
        assert list(RefusedDraft.objects.values_list("body", flat=True)) == [INSULT]


class TestLabelledExamples:
    def test_marked_drafts_and_moderators_decisions(self, mod_client, moderator, post, refused):
        mod_client.post(
            "/admin/comments/refuseddraft/",
            {"action": "mark_wrongly_refused", "_selected_action": [refused.pk]},
        )
        held = CommentFactory(
            post=post, status="pending", flagged_rules="respekt", body="Scharf, aber sachlich."
        )
        ad = CommentFactory(post=post, body="Günstige Kredite bei example.com!")
        edited = CommentFactory(post=post, body="Du Honk, das stimmt nicht.")
        run_action(mod_client, "approve", [held])
        run_action(mod_client, "remove", [ad], apply="1", clause="werbung")
        change_status(mod_client, edited, "published", body="Das stimmt nicht.")
        change_status(
            mod_client, edited, "removed", reason_clause="beleidigung", reason_note="Trotzdem."
        )
        examples = labels.examples()
        assert examples[0].rules[0] == "beleidigung"
        assert [(e.source, e.label, e.text, e.rules[:1], e.clause) for e in examples] == [
            ("refused", "acceptable", INSULT, ("beleidigung",), ""),
            ("decision", "acceptable", "Scharf, aber sachlich.", ("respekt",), ""),
            ("decision", "violation", "Günstige Kredite bei example.com!", (), "werbung"),
            # The reader's own words, not the moderator's edit.
            ("decision", "violation", "Du Honk, das stimmt nicht.", (), "beleidigung"),
        ]
        assert {e.decided_by for e in examples} == {moderator.pk}

    def test_the_latest_decision_counts_and_automatic_ones_do_not(self, mod_client, post):
        comment = CommentFactory(post=post, status="pending")
        run_action(mod_client, "approve", [comment])
        run_action(mod_client, "reject", [comment])
        [example] = labels.examples()
        assert (example.comment_id, example.label) == (comment.pk, "violation")


def test_the_privacy_page_knows_the_retention(client, settings):
    settings.COMMENTS_REFUSED_DRAFT_DAYS = 10
    assert client.get("/datenschutz/").context["refused_draft_days"] == 10
