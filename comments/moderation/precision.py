"""How often moderators agree with each rule: its precision over the last days.

For every rule code the automatic moderation recorded on a comment it **held** (the comment's
``moderation["action"]`` is "hold"), the moderators' decisions taken while the comment waited
(audit entries with a person as actor, ``details["from"] == "pending"``, action approve /
reject / spam / remove) are counted: approving overturns the rule, the others confirm it.
A comment's latest such decision counts (the moderators' last word, as in
:mod:`comments.moderation.labels`). ``precision = confirmed / decided``.

Rules that reject never reach a moderator; their false positives are the refused drafts marked
„zu Unrecht abgewiesen“. Those are counted per rule from their audit entries (which outlive the
drafts, deleted after ``COMMENTS_REFUSED_DRAFT_DAYS``).

A rule is *often overturned* when its precision is below ``COMMENTS_RULE_PRECISION_WARNING``
with at least ``COMMENTS_RULE_PRECISION_MIN_DECISIONS`` decisions, or when at least that many
of its rejections were marked wrong. Everything comes from one query, whatever the number of
decisions.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from comments.conf import comments_settings
from comments.models import Comment, ModerationLogEntry, RefusedDraft
from comments.moderation import audit

Action = audit.Action
DECISIONS = (Action.APPROVE, Action.REJECT, Action.SPAM, Action.REMOVE)
DRAFT_TYPE = RefusedDraft._meta.label_lower


@dataclass(frozen=True)
class RulePrecision:
    rule: str
    approved: int = 0  # holds moderators released: the rule was wrong
    confirmed: int = 0  # holds moderators rejected, marked spam or removed
    wrongly_refused: int = 0  # rejections marked „zu Unrecht abgewiesen“

    @property
    def decided(self) -> int:
        return self.approved + self.confirmed

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.decided if self.decided else None

    @property
    def often_overturned(self) -> bool:
        minimum = comments_settings.COMMENTS_RULE_PRECISION_MIN_DECISIONS
        warning = comments_settings.COMMENTS_RULE_PRECISION_WARNING
        low = self.decided >= minimum and self.precision < warning
        return low or self.wrongly_refused >= minimum


def window_start(now=None, days=None):
    days = comments_settings.COMMENTS_RULE_PRECISION_DAYS if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


def per_rule(*, now=None, days=None) -> dict[str, RulePrecision]:
    """rule code -> its figures over the last ``days`` (``COMMENTS_RULE_PRECISION_DAYS``)."""
    held = Comment.objects.annotate(key=Cast("pk", output_field=CharField())).filter(
        key=OuterRef("target_id"), moderation__action="hold"
    )
    rows = (
        ModerationLogEntry.objects.filter(
            created_at__gte=window_start(now, days), actor__isnull=False
        )
        .filter(
            Q(
                Exists(held),
                target_type=audit.COMMENT_TYPE,
                action__in=DECISIONS,
                details__from=str(Comment.Status.PENDING),
            )
            | Q(target_type=DRAFT_TYPE, action=Action.WRONGLY_REFUSED)
        )
        .order_by("created_at", "pk")
        .values_list("target_type", "target_id", "action", "details__rules")
    )
    latest = {}  # (type, id) -> (action, rules); later decisions replace earlier ones
    for target_type, target_id, action, rules in rows:
        latest[(target_type, target_id)] = (action, rules or ())
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for action, rules in latest.values():
        if action == Action.WRONGLY_REFUSED:
            key = "wrongly_refused"
        elif action == Action.APPROVE:
            key = "approved"
        else:
            key = "confirmed"
        for code in dict.fromkeys(rules):
            counts[code][key] += 1
    return {code: RulePrecision(code, **figures) for code, figures in counts.items()}
