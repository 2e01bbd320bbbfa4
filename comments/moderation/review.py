"""The one place where a submitted comment meets the moderation policy.

The form calls :func:`review_submission` once its fields are valid. It gathers what the rules may
look at (post text, recent comments of the discussion, the moderators' watched words – cached,
see :mod:`~comments.moderation.watchlist`) into a ``ReviewContext``, turns the input into a
``Draft`` and asks :func:`comments.moderation.policy.review` for a ``Decision``.
"""

from comments.models import Comment
from comments.moderation import spam, watchlist
from comments.moderation.base import Action, Decision, Draft, Finding, ReviewContext
from comments.moderation.policy import message_for, review

RECENT_COMMENTS = 20


def build_context(post) -> ReviewContext:
    recent = (
        Comment.objects.filter(post=post)
        .exclude(status__in=[Comment.Status.SPAM, Comment.Status.REJECTED])
        .order_by("-submitted_at")
        .values_list("body", flat=True)[:RECENT_COMMENTS]
    )
    post_text = "\n\n".join(part for part in (post.title, post.lead, post.body) if part)
    return ReviewContext(
        post_text=post_text,
        recent_comment_texts=tuple(recent),
        watched_words=watchlist.watched_words(),
    )


def review_submission(*, post, body, name="", email="", website="", user=None) -> Decision:
    draft = Draft(
        body=body,
        name=name,
        email=email,
        website=website,
        is_authenticated=bool(user and user.is_authenticated),
    )
    decision = review(draft, build_context(post))
    if decision.action is Action.PUBLISH and spam.holds_first_comment(email=email, user=user):
        # COMMENTS_HOLD_FIRST_GUEST_COMMENT: a moderator approves a guest's first comment.
        decision = Decision(Action.HOLD, (*decision.findings, Finding(spam.FIRST_COMMENT_RULE)))
    return decision


def rejection_messages(decision: Decision) -> list[str]:
    """What the commenter reads: one sentence per guideline the draft broke."""
    first_per_rule = {}
    for finding in decision.findings:
        first_per_rule.setdefault(finding.rule, finding)
    return [message_for(finding) for finding in first_per_rule.values()]


def as_record(decision: Decision) -> dict:
    """The decision as stored on the comment, for moderators and the review queue."""
    return {
        "action": str(decision.action),
        "rules": list(decision.rules),
        "findings": [_finding_record(finding) for finding in decision.findings],
    }


def _finding_record(finding: Finding) -> dict:
    record = {"rule": finding.rule, "excerpt": finding.excerpt}
    if finding.action is not None:
        record["action"] = str(finding.action)
    if finding.score is not None:
        record["score"] = finding.score
    return record
