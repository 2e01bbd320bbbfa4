"""The comment admin as a review queue: order, filters, search, what fired, query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, Report
from tests.factories import CommentFactory, PostFactory, ThesisFactory, bulk_comment_threads
from tests.moderation_admin_support import changelist

pytestmark = pytest.mark.django_db


def listed(response) -> list[int]:
    return [obj.pk for obj in response.context["cl"].result_list]


def reported(comment, count=1):
    for number in range(count):
        Report.objects.create(comment=comment, reason="beleidigend", reporter_key=f"k{number}")
    return comment


def insult_record(excerpt="Vollidiot"):
    return {
        "action": "hold",
        "rules": ["beleidigung"],
        "findings": [{"rule": "beleidigung", "excerpt": excerpt}],
    }


class TestOrder:
    def test_held_then_reported_then_the_rest(self, mod_client, post):
        now = timezone.now()
        old_plain = CommentFactory(post=post, submitted_at=now - timedelta(days=3))
        new_plain = CommentFactory(post=post, submitted_at=now)
        reported_once = reported(CommentFactory(post=post, submitted_at=now - timedelta(days=2)))
        reported_twice = reported(
            CommentFactory(post=post, submitted_at=now - timedelta(days=5)), 2
        )
        held = CommentFactory(post=post, status="pending", submitted_at=now - timedelta(days=9))
        removed = reported(CommentFactory(post=post, status="removed", submitted_at=now))
        order = listed(changelist(mod_client))
        # Held first, then reported comments still online (most reports first), then the rest
        # newest first (reports still count: the removed one was reported).
        assert order == [
            held.pk,
            reported_twice.pk,
            reported_once.pk,
            removed.pk,
            new_plain.pk,
            old_plain.pk,
        ]

    def test_columns_can_still_be_sorted(self, mod_client, post):
        CommentFactory(post=post, author_name="Zora")
        CommentFactory(post=post, author_name="Anton", status="pending")
        response = changelist(mod_client, "?o=2")  # "Von" ascending
        assert [c.author_name for c in response.context["cl"].result_list] == ["Anton", "Zora"]


class TestFilters:
    def test_status(self, mod_client, post):
        held = CommentFactory(post=post, status="pending")
        CommentFactory(post=post)
        assert listed(changelist(mod_client, "?status__exact=pending")) == [held.pk]

    def test_rule_filter_offers_the_policy_rules(self, mod_client, post):
        insult = CommentFactory(post=post, status="pending", flagged_rules="werbung,beleidigung")
        CommentFactory(post=post, status="pending", flagged_rules="werbung")
        response = changelist(mod_client, "?regel=beleidigung")
        assert listed(response) == [insult.pk]
        html = response.content.decode()
        assert "Beleidigung" in html and "Rassismus" in html and "Erster Kommentar (Gast)" in html

    def test_reported_yes_no(self, mod_client, post):
        flagged = reported(CommentFactory(post=post))
        quiet = CommentFactory(post=post)
        assert listed(changelist(mod_client, "?gemeldet=ja")) == [flagged.pk]
        assert listed(changelist(mod_client, "?gemeldet=nein")) == [quiet.pk]

    def test_post_and_thesis(self, mod_client, post):
        thesis = ThesisFactory(post=post)
        about = CommentFactory(post=post, thesis=thesis)
        CommentFactory(post=post)
        elsewhere = CommentFactory(post=PostFactory())
        assert listed(changelist(mod_client, f"?post__id__exact={elsewhere.post_id}")) == [
            elsewhere.pk
        ]
        assert listed(changelist(mod_client, f"?thesis__id__exact={thesis.pk}")) == [about.pk]

    def test_date(self, mod_client, post):
        CommentFactory(post=post, submitted_at=timezone.now() - timedelta(days=30))
        recent = CommentFactory(post=post)
        day = timezone.localdate()
        query = f"?submitted_at__year={day.year}&submitted_at__month={day.month}"
        assert listed(changelist(mod_client, f"{query}&submitted_at__day={day.day}")) == [recent.pk]

    @pytest.mark.parametrize(
        ("query", "field", "value"),
        [
            ("Wirrkopf", "body", "Was für ein Wirrkopf-Artikel"),
            ("Kunibert", "author_name", "Kunibert Meier"),
            ("kunibert@", "author_email", "kunibert@example.invalid"),
            ("203.0.113.77", "ip_address", "203.0.113.77"),
        ],
    )
    def test_search(self, mod_client, post, query, field, value):
        found = CommentFactory(post=post, **{field: value})
        CommentFactory(post=post)
        assert listed(changelist(mod_client, f"?q={query}")) == [found.pk]


class TestWhatModeratorsSee:
    def test_fired_rule_and_excerpt_escaped(self, mod_client, post):
        CommentFactory(
            post=post,
            status="pending",
            flagged_rules="beleidigung",
            moderation=insult_record('<img src=x onerror="alert(1)">'),
        )
        html = changelist(mod_client).content.decode()
        assert (
            "Beleidigung / grob anstößig: „&lt;img src=x onerror=&quot;alert(1)&quot;&gt;“" in html
        )
        assert '<img src=x onerror="alert(1)">' not in html

    def test_reports_note_and_count(self, mod_client, post):
        comment = reported(CommentFactory(post=post, status="pending"), 3)
        Comment.objects.filter(pk=comment.pk).update(moderation={"reports": {"count": 3}})
        html = changelist(mod_client).content.decode()
        assert "nach 3 Meldungen ausgeblendet" in html
        assert '<td class="field-report_count">3</td>' in html

    def test_change_view_shows_context_and_sanitised_body(self, mod_client, post):
        parent = CommentFactory(post=post, body="Der Ausgangspunkt der Debatte.")
        reply = CommentFactory(
            parent=parent,
            body="Antwort mit <script>alert(1)</script> und **Fett**",
            status="pending",
            moderation=insult_record(),
        )
        Report.objects.create(comment=reply, reason="strafbar", text="Drohung?", reporter_key="a")
        html = mod_client.get(f"/admin/comments/comment/{reply.pk}/change/").content.decode()
        assert reply.body_html in html  # the sanitised rendering
        assert "<script>alert(1)</script>" not in html
        assert f'href="/admin/comments/comment/{parent.pk}/change/"' in html
        assert "Der Ausgangspunkt der Debatte." in html
        assert f'href="{post.get_absolute_url()}"' in html
        assert "Beleidigung / grob anstößig: „Vollidiot“" in html
        assert "Drohung?" in html  # the reports inline


def test_changelist_queries_do_not_grow_with_rows(mod_client, django_assert_max_num_queries):
    small, large = PostFactory(), PostFactory()
    thesis = ThesisFactory(post=large)
    bulk_comment_threads(
        small, 5, status="pending", flagged_rules="beleidigung", moderation=insult_record()
    )
    comments = bulk_comment_threads(large, 50, thesis=thesis, moderation=insult_record())
    for comment in comments[::5]:
        reported(comment)
    changelist(mod_client, f"?post__id__exact={small.pk}")  # warm up (sessions, content types)
    with CaptureQueriesContext(connection) as five_rows:
        response = changelist(mod_client, f"?post__id__exact={small.pk}")
    assert len(response.context["cl"].result_list) == 5
    with django_assert_max_num_queries(len(five_rows)):
        response = changelist(mod_client, f"?post__id__exact={large.pk}")
    assert len(response.context["cl"].result_list) == 50
