from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from comments.discussion.forms import CommentForm
from comments.models import Comment
from comments.moderation import review
from comments.moderation.base import Action, Decision, Finding
from tests.factories import CommentFactory, PostFactory, ThesisFactory, comment_form_data

pytestmark = pytest.mark.django_db

GUEST = {
    "body": "Sehr guter Beitrag.\n\nDanke!",
    "author_name": "Anna Beispiel",
    "author_email": "anna@gaeste.gegenverkehr.invalid",
    "author_website": "https://anna.example",
}


class FakePolicy:
    """Stands in for the moderation policy so these tests check the form, not the rules."""

    def __init__(self):
        self.decision = Decision(Action.PUBLISH)
        self.calls = []

    def review(self, draft, context):
        self.calls.append((draft, context))
        return self.decision


@pytest.fixture
def policy(monkeypatch):
    fake = FakePolicy()
    monkeypatch.setattr(review, "review", fake.review)
    return fake


def form_for(post, data, **kwargs):
    return CommentForm(comment_form_data(**data), post=post, **kwargs)


class TestGuest:
    def test_valid_comment_is_saved_published(self, post, policy):
        form = form_for(post, GUEST)
        assert form.is_valid(), form.errors
        request = RequestFactory().post("/", HTTP_USER_AGENT="Testbrowser", REMOTE_ADDR="192.0.2.7")
        comment = form.save(request)
        assert comment.status == Comment.Status.PUBLISHED
        assert comment.author_name == "Anna Beispiel"
        assert comment.author_website == "https://anna.example"
        assert comment.ip_address == "192.0.2.7"
        assert comment.user_agent == "Testbrowser"
        assert comment.body_html == "<p>Sehr guter Beitrag.</p>\n<p>Danke!</p>"

    def test_website_is_optional(self, post, policy):
        assert form_for(post, {**GUEST, "author_website": ""}).is_valid()

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("body", "", "Bitte schreibe einen Kommentar."),
            ("body", "   \n\t  ", "Bitte schreibe einen Kommentar."),
            ("author_name", "", "Bitte gib deinen Namen an."),
            ("author_email", "", "Bitte gib deine E-Mail-Adresse an."),
            ("author_email", "kein-at-zeichen", "Bitte gib eine gültige E-Mail-Adresse an."),
            ("author_website", "javascript:alert(1)", "mit http:// oder https://"),
            ("author_website", "JaVaScRiPt:alert(1)", "mit http:// oder https://"),
            ("author_website", "ftp://files.example", "mit http:// oder https://"),
            ("author_website", "data:text/html,<script>", "mit http:// oder https://"),
        ],
    )
    def test_invalid_fields_get_german_messages(self, post, policy, field, value, message):
        form = form_for(post, {**GUEST, field: value})
        assert not form.is_valid()
        assert message in " ".join(form.errors[field])
        assert policy.calls == []  # incomplete input is never sent to moderation

    def test_body_over_the_limit(self, post, policy, settings):
        settings.COMMENTS_MAX_LENGTH = 20
        form = form_for(post, {**GUEST, "body": "x" * 21})
        assert not form.is_valid()
        assert "höchstens 20 Zeichen, du hast 21 geschrieben" in form.errors["body"][0]
        assert form_for(post, {**GUEST, "body": "x" * 20}).is_valid()

    def test_default_limit_is_5000(self, post, policy):
        assert not form_for(post, {**GUEST, "body": "x" * 5001}).is_valid()
        assert form_for(post, {**GUEST, "body": "x" * 5000}).is_valid()


class TestAccount:
    @pytest.fixture
    def user(self, db):
        return get_user_model().objects.create_user(
            "kerstin", email="kerstin@example.invalid", first_name="Kerstin", last_name="H."
        )

    def test_no_name_or_email_fields(self, post, policy, user):
        form = CommentForm(post=post, user=user)
        assert "body" in form.fields
        assert not {"author_name", "author_email", "author_website"} & set(form.fields)

    def test_comment_is_saved_under_the_account(self, post, policy, user):
        form = form_for(post, {"body": "Meine Meinung"}, user=user)
        assert form.is_valid(), form.errors
        comment = form.save()
        assert comment.user == user
        assert comment.display_name == "Kerstin H."
        assert policy.calls[0][0].is_authenticated


class TestReplies:
    def test_reply_to_published_comment(self, post, policy):
        parent = CommentFactory(post=post)
        form = form_for(post, {**GUEST, "parent": str(parent.pk)})
        assert form.is_valid(), form.errors
        assert form.save().parent == parent
        assert form.reply_to == parent

    @pytest.mark.parametrize("kind", ["other_post", "unknown", "pending", "removed", "text"])
    def test_reply_to_impossible_parent(self, post, policy, kind):
        values = {
            "other_post": lambda: CommentFactory().pk,
            "unknown": lambda: 999999,
            "pending": lambda: CommentFactory(post=post, status=Comment.Status.PENDING).pk,
            "removed": lambda: CommentFactory(post=post, status=Comment.Status.REMOVED).pk,
            "text": lambda: "abc",
        }
        form = form_for(post, {**GUEST, "parent": str(values[kind]())})
        assert not form.is_valid()
        assert form.errors["parent"] == ["Auf diesen Kommentar kann nicht geantwortet werden."]

    def test_unbound_form_preselects_parent(self, post):
        parent = CommentFactory(post=post)
        form = CommentForm(post=post, reply_to=parent)
        assert form["parent"].value() == parent.pk
        assert form.reply_to == parent


class TestThesis:
    def test_field_only_on_posts_with_theses(self, post):
        assert "thesis" not in CommentForm(post=post).fields
        ThesisFactory(post=post)
        assert "thesis" in CommentForm(post=post).fields

    def test_theses_the_page_holds_are_offered_without_a_query(
        self, post, django_assert_num_queries
    ):
        theses = [ThesisFactory(post=post, title=f"These Nummer {n}") for n in (1, 2)]
        form = CommentForm(post=post, theses=theses)
        with django_assert_num_queries(0):
            html = str(form["thesis"])
        assert '<option value="" selected>Zum ganzen Beitrag</option>' in html
        for thesis in theses:
            assert f'<option value="{thesis.pk}">{thesis}</option>' in html

    def test_comment_about_a_thesis(self, post, policy):
        thesis = ThesisFactory(post=post)
        form = form_for(post, {**GUEST, "thesis": str(thesis.pk)})
        assert form.is_valid(), form.errors
        assert form.save().thesis == thesis

    @pytest.mark.parametrize("value", ["other", "999999", "fünf"])
    def test_thesis_must_belong_to_the_post(self, post, policy, value):
        ThesisFactory(post=post)
        if value == "other":
            value = str(ThesisFactory().pk)
        form = form_for(post, {**GUEST, "thesis": value})
        assert not form.is_valid()
        assert form.errors["thesis"] == ["Bitte wähle eine der Thesen dieses Beitrags."]


class TestClosed:
    def test_disabled_comments(self, policy):
        post = PostFactory(comments_enabled=False)
        form = form_for(post, GUEST)
        assert not form.is_valid()
        assert form.non_field_errors() == ["Die Kommentare zu diesem Beitrag sind geschlossen."]

    def test_closed_after_days(self, policy, settings):
        settings.COMMENTS_CLOSE_AFTER_DAYS = 30
        post = PostFactory(published_at=timezone.now() - timedelta(days=31))
        assert not form_for(post, GUEST).is_valid()
        assert form_for(PostFactory(), GUEST).is_valid()


class TestModeration:
    def test_reject_keeps_input_and_names_the_guideline(self, post, policy):
        policy.decision = Decision(Action.REJECT, (Finding("beleidigung", "Depp"),))
        form = form_for(post, GUEST)
        assert not form.is_valid()
        (message,) = form.non_field_errors()
        assert "Beleidigung / grob anstößig: „Depp“" in message
        assert form["body"].value() == GUEST["body"]
        assert not Comment.objects.exists()

    def test_reject_without_findings_still_explains(self, post, policy):
        policy.decision = Decision(Action.REJECT)
        form = form_for(post, GUEST)
        assert not form.is_valid()
        assert "Community-Richtlinien" in form.non_field_errors()[0]

    def test_hold_saves_pending_with_the_decision(self, post, policy):
        policy.decision = Decision(
            Action.HOLD,
            (Finding("links", "http://x.example"), Finding("gross", "LAUT", score=0.8)),
        )
        form = form_for(post, GUEST)
        assert form.is_valid()
        comment = form.save()
        assert comment.status == Comment.Status.PENDING
        assert comment.flagged_rules == "links,gross"
        assert comment.moderation == {
            "action": "hold",
            "rules": ["links", "gross"],
            "findings": [
                {"rule": "links", "excerpt": "http://x.example"},
                {"rule": "gross", "excerpt": "LAUT", "score": 0.8},
            ],
        }
        post.refresh_from_db()
        assert post.comment_count == 0

    def test_review_sees_draft_and_discussion(self, post, policy):
        CommentFactory(post=post, body="Früherer Kommentar")
        CommentFactory(post=post, body="Spam", status=Comment.Status.SPAM)
        form_for(post, GUEST).is_valid()
        draft, context = policy.calls[0]
        assert draft.body == GUEST["body"].strip()
        assert (draft.name, draft.email) == (GUEST["author_name"], GUEST["author_email"])
        assert draft.website == GUEST["author_website"]
        assert not draft.is_authenticated
        assert post.title in context.post_text and post.body in context.post_text
        assert context.recent_comment_texts == ("Früherer Kommentar",)


def test_real_policy_answers_with_a_decision(post):
    """The integration itself: the real policy module takes our Draft and ReviewContext."""
    decision = review.review_submission(post=post, body="Danke für den Beitrag!", name="Anna")
    assert isinstance(decision, Decision)
    assert decision.action in set(Action)
