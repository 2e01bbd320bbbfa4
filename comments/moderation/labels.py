"""The labelled examples moderators' work leaves behind, for the moderation to learn from.

Two sources, one shape (:class:`Example`):

* **Refused drafts marked „zu Unrecht abgewiesen“** (``RefusedDraft.wrongly_refused_at`` set):
  the rules rejected an acceptable comment – ``label="acceptable"``, ``source="refused"``.
* **Moderators' decisions on comments**: the audit entries with a person as actor and action
  approve / reject / spam / remove on a comment (``target_type="comments.comment"``). Their
  ``details`` hold ``from``/``to`` (status), ``rules`` (what the automatic moderation had found,
  empty if nothing) and ``clause`` (the guideline a removal named). Approving is
  ``label="acceptable"``, the others ``label="violation"``; a comment's latest decision counts.
  The text is the reader's original (before any moderator's edit). Comments deleted by their
  authors or erased on request are left out.

Decisions without a person (hidden after reports, the author's own deletion) are no labels.
"""

from dataclasses import dataclass
from datetime import datetime

from comments.models import Comment, ModerationLogEntry, RefusedDraft
from comments.moderation import audit

ACCEPTABLE = "acceptable"
VIOLATION = "violation"
LABEL_OF_ACTION = {
    audit.Action.APPROVE: ACCEPTABLE,
    audit.Action.REJECT: VIOLATION,
    audit.Action.SPAM: VIOLATION,
    audit.Action.REMOVE: VIOLATION,
}


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # ACCEPTABLE or VIOLATION
    source: str  # "refused" (a refused draft) or "decision" (a moderator's decision)
    rules: tuple[str, ...]  # what the automatic moderation had found
    clause: str  # the guideline a moderator named, "" if none
    decided_at: datetime
    decided_by: int | None  # the moderator's user id
    comment_id: int | None = None  # for decisions: the comment
    draft_id: int | None = None  # for refused drafts: the draft


def wrongly_refused() -> list[Example]:
    drafts = RefusedDraft.objects.wrongly_refused().order_by("wrongly_refused_at", "pk")
    return [
        Example(
            text=draft.body,
            label=ACCEPTABLE,
            source="refused",
            rules=tuple(code for code in draft.rules.split(",") if code),
            clause="",
            decided_at=draft.wrongly_refused_at,
            decided_by=draft.wrongly_refused_by_id,
            draft_id=draft.pk,
        )
        for draft in drafts
    ]


def decided() -> list[Example]:
    entries = ModerationLogEntry.objects.filter(
        target_type=audit.COMMENT_TYPE,
        action__in=list(LABEL_OF_ACTION),
        actor__isnull=False,
    ).order_by("created_at", "pk")
    latest = {}
    for entry in entries:
        latest[int(entry.target_id)] = entry  # later entries replace earlier ones
    comments = (
        Comment.objects.filter(pk__in=list(latest))
        .exclude(status=Comment.Status.DELETED)
        .prefetch_related("revisions")
    )
    examples = []
    for comment in comments.order_by("pk"):
        entry = latest[comment.pk]
        examples.append(
            Example(
                text=_original_text(comment),
                label=LABEL_OF_ACTION[entry.action],
                source="decision",
                rules=tuple(entry.details.get("rules", ())),
                clause=entry.details.get("clause", ""),
                decided_at=entry.created_at,
                decided_by=entry.actor_id,
                comment_id=comment.pk,
            )
        )
    return examples


def examples() -> list[Example]:
    """Every labelled example, refused drafts first, each source oldest first."""
    return [*wrongly_refused(), *decided()]


def _original_text(comment: Comment) -> str:
    for revision in comment.revisions.all():  # oldest first
        if "body" in revision.changes:
            return revision.changes["body"]["before"]
    return comment.body
