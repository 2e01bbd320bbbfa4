"""The one place where a submitted comment meets the moderation policy.

The form calls :func:`review_submission` once its fields are valid. It gathers what the rules may
look at (the post's text as ``Post.review_text()`` gives it – everything the post shows –, recent
comments of the discussion, the moderators' watched words – cached, see
:mod:`~comments.moderation.watchlist`) into a ``ReviewContext``, turns the input into a
``Draft`` and asks :func:`comments.moderation.policy.review` for a ``Decision``.
"""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from comments.models import Comment
from comments.moderation import spam, watchlist
from comments.moderation.base import Action, Decision, Draft, Finding, ReviewContext
from comments.moderation.policy import action_for, clause_of, effective_policy, review, rule_for

RECENT_COMMENTS = 20
# What a rejection quotes of the draft: enough to find the place, never the whole comment.
EXCERPT_MAX_LENGTH = 60


def build_context(post) -> ReviewContext:
    recent = (
        Comment.objects.filter(post=post)
        .exclude(status__in=[Comment.Status.SPAM, Comment.Status.REJECTED])
        .order_by("-submitted_at")
        .values_list("body", flat=True)[:RECENT_COMMENTS]
    )
    return ReviewContext(
        post_text=post.review_text(),
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


def rejection_message(decision: Decision, body: str = "") -> str:
    """What the commenter reads when the review rejects their draft: one message.

    It names only the guideline clauses whose findings rejected the draft (a finding that
    would merely have held it is no reason given for a rejection) – one clause once, however
    many of its rules fired (a threat found by the criminal and the threat rule reads as one) –
    quotes a short excerpt of each once, and says what to do; the form keeps the text. ``body``
    is the draft: an excerpt that is the whole comment is not quoted back.
    """
    policy = effective_policy()
    per_clause: dict[str, Finding] = {}
    for finding in decision.findings:
        if action_for(finding, policy) is Action.REJECT:
            per_clause.setdefault(clause_of(finding.rule), finding)
    clauses = [_clause(clause, finding, body) for clause, finding in per_clause.items()]
    lead = _("Dein Kommentar verstößt gegen unsere Community-Richtlinien")
    keep = _("Dein Text bleibt erhalten: Du kannst ihn unten überarbeiten und noch einmal senden.")
    if not clauses:
        return f"{lead}. {keep}"
    return f"{lead} – {' '.join(clauses)} {keep}"


def _clause(clause: str, finding: Finding, body: str) -> str:
    """ "Label: „excerpt“. Advice." for one guideline clause: the clause's label, the advice
    of the rule that found it."""
    rule = rule_for(finding.rule)
    guideline = rule_for(clause) or rule
    label = guideline.label if guideline is not None and guideline.label else clause
    excerpt = _short_excerpt(finding.excerpt, body)
    template = rule.message if rule is not None else ""
    advice = template.format(excerpt=excerpt).strip().rstrip(".")
    if excerpt and "{excerpt}" not in template:
        label = f"{label}: „{excerpt}“"
    return f"{label}. {advice}." if advice else f"{label}."


def _short_excerpt(excerpt: str, body: str) -> str:
    excerpt = " ".join(excerpt.split())
    if not excerpt or excerpt == " ".join(body.split()):
        return ""
    return Truncator(excerpt).chars(EXCERPT_MAX_LENGTH)


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
    if finding.also:
        record["also"] = list(finding.also)
    return record
