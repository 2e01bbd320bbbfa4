"""The one path for every change readers can see in the discussion.

Every caller that creates a comment, changes its status, edits what it shows or deletes it goes
through this module; nothing else in the discussion writes a comment's status, the post's
comment count, the audit entries about comments or the post's page-cache version.

=========================================  =================================================
caller                                     function
=========================================  =================================================
comment form: a new comment (published     :func:`submit`
or held)
admin: bulk actions, the change form's     :func:`change_status`
status field
admin: the change form's text fields       :func:`edit`
reader reports: hiding after enough        :func:`change_status` (``action=HIDE_REPORTED``,
networks reported                          ``only_from=[published]``)
privacy: self-delete, erasure              :func:`change_status` (``DELETED``), :func:`delete`,
                                           :func:`page_changed` (names anonymised)
=========================================  =================================================

What happens, in order:

* **inside the caller's transaction**: the post rows are locked first (the order every writer
  uses, so a decision and a new reply cannot deadlock), then the comments; their status and the
  clause of a removal; the post's ``comment_count`` (published comments; placeholders don't
  count); one audit entry per comment (actor, action, the moderator's note as ``reason``, and
  ``details``: from/to status, the rules that had fired, the clause, replies left under a
  placeholder, reports resolved); the comment's open reports resolved (any decision except
  "held again"); for a comment that became published, the reply mails written to the outbox
  (:func:`comments.mail.notifications.comment_published`). The outbox row commits with the
  decision, so a mail exists exactly when the decision does;
* **after the commit** (``transaction.on_commit``, inside ``core.page_cache``): the post's
  page-cache version is bumped, so a reader who rendered the page in between (seeing the old
  state) cannot have stored it under the new version; the mail worker is woken (by
  :func:`comments.mail.tasks.queue_mail`).

A comment that leaves the page keeps its published replies on it: it is then shown as a
placeholder (:mod:`comments.rows`). ``deleted`` (by the author) is final: nothing here changes
a deleted comment again.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from blog.models import Post
from comments import tree
from comments.mail import notifications
from comments.models import Comment, CommentRevision, ModerationLogEntry, Report
from comments.moderation import audit
from core import page_cache

Status = Comment.Status

ACTION_FOR_STATUS = {
    Status.PUBLISHED: audit.Action.APPROVE,
    Status.REJECTED: audit.Action.REJECT,
    Status.SPAM: audit.Action.SPAM,
    Status.REMOVED: audit.Action.REMOVE,
    Status.PENDING: audit.Action.PEND,
    Status.DELETED: audit.Action.AUTHOR_DELETE,
}
# Statuses that take a comment down for a reason: the clause is kept for its placeholder.
TAKEN_DOWN = frozenset({Status.REMOVED, Status.REJECTED, Status.SPAM})
# The fields of a comment readers see: a moderator's edit of one keeps the original.
PUBLIC_FIELDS = ("body", "author_name", "author_website")


@dataclass(frozen=True)
class Outcome:
    """What a status change did."""

    changed: list[Comment] = field(default_factory=list)
    # Published comments below the changed ones: they stay on the page under a placeholder.
    replies_shown: int = 0
    reports_resolved: int = 0

    def __len__(self) -> int:
        return len(self.changed)


def page_changed(post_ids) -> None:
    """The posts' pages show something else now: their cache versions move after the commit.

    ``core.page_cache.bump_post_version`` defers the bump to ``transaction.on_commit`` itself:
    bumping inside the transaction would let a reader who renders meanwhile (still seeing the
    committed old state) store that old page under the new version, where it would stay.
    """
    for post_id in sorted({int(pk) for pk in post_ids}):
        page_cache.bump_post_version(post_id)


def _lock_posts(post_ids) -> None:
    # Posts before comments, in id order: the order Comment.save() takes for a new reply.
    list(
        Post.objects.select_for_update().filter(pk__in=sorted(post_ids)).order_by("pk").values("pk")
    )


def _recount(post_ids) -> None:
    for post_id in sorted(post_ids):
        Comment.objects.refresh_post_count(post_id)


# A new comment ------------------------------------------------------------------------------


def submit(comment: Comment) -> Comment:
    """Store a new comment as the form decided (published or held) with all that follows.

    Counts and reply mails if it is published, the editorial notice either way (if switched
    on), the page-cache version after the commit. No audit entry: the comment's ``moderation``
    record holds the automatic decision; the audit log records decisions taken afterwards.
    """
    with transaction.atomic():
        comment.save()  # locks the post row and places the comment in the tree
        if comment.is_published:
            _recount([comment.post_id])
            notifications.comment_published(comment)
            page_changed([comment.post_id])
        notifications.comment_submitted(comment)
    return comment


# Status changes ------------------------------------------------------------------------------


def held_replies(comments) -> list[Comment]:
    """Pending comments anywhere below ``comments`` in their threads."""
    below = Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("post_id", "path")
    query = Q()
    for post_id, path in below:
        query |= Q(post_id=post_id, path__startswith=path + tree.SEPARATOR)
    if not query:
        return []
    return list(
        Comment.objects.filter(query, status=Status.PENDING)
        .select_related("post", "user")
        .select_for_update(of=("self",), no_key=True)
    )


def change_status(
    comments,
    status,
    *,
    actor=None,
    action=None,
    clause: str = "",
    note: str = "",
    with_replies: bool = False,
    only_from=None,
    details: dict | None = None,
) -> Outcome:
    """Give ``comments`` (instances or ids) ``status``; the one path for every status change.

    ``actor``: the moderator (None: automatic, e.g. after reports, or the author's own request).
    ``action``: the audit action if not the status's own (hidden after reports, erasure).
    ``clause`` (a code of :mod:`comments.moderation.clauses`) and ``note``: why a comment was
    taken down; the clause is shown on its placeholder, the note only to moderators.
    ``with_replies`` (approving only) also releases the held replies below each comment.
    ``only_from``: change only comments currently in one of these statuses.
    Comments already in ``status`` are left alone and not logged, unless they have open reports
    (keeping a reported comment online is a decision that answers them); deleted comments are
    never changed.
    """
    status = Status(status)
    ids = [getattr(c, "pk", c) for c in comments]
    with transaction.atomic():
        chosen = Comment.objects.filter(pk__in=ids).exclude(status=Status.DELETED)
        unchanged = Q(status=status)
        if status != Status.PENDING:
            # Confirming a comment's status answers its open reports: that is a decision too.
            unchanged &= ~Exists(Report.objects.open().filter(comment=OuterRef("pk")))
        chosen = chosen.exclude(unchanged)
        if only_from is not None:
            chosen = chosen.filter(status__in=list(only_from))
        _lock_posts(set(chosen.values_list("post_id", flat=True)))
        targets = list(
            chosen.select_related("post", "user").select_for_update(of=("self",), no_key=True)
        )
        if with_replies and status == Status.PUBLISHED:
            seen = {c.pk for c in targets}
            selected = Comment.objects.filter(pk__in=ids)
            targets += [r for r in held_replies(selected) if r.pk not in seen]
        if not targets:
            return Outcome()
        previous = {c.pk: c.status for c in targets}
        clause = clause if status in TAKEN_DOWN else ""
        changing = [c for c in targets if c.status != status]
        Comment.objects.filter(pk__in=list(previous)).update(status=status, removal_clause=clause)
        for comment in targets:
            comment.status, comment.removal_clause = status, clause
        post_ids = {c.post_id for c in targets}
        _recount(post_ids)
        replies = replies_below(targets) if status != Status.PUBLISHED else Counter()
        reports = _resolve_reports(targets, actor) if status != Status.PENDING else Counter()
        ModerationLogEntry.objects.bulk_create(
            audit.entry(
                actor,
                action or ACTION_FOR_STATUS[status],
                comment,
                reason=note,
                details=_details(comment, previous[comment.pk], clause, replies, reports, details),
            )
            for comment in targets
        )
        if status == Status.PUBLISHED:
            for comment in changing:
                notifications.comment_published(comment)
        page_changed(post_ids)
    return Outcome(
        changed=targets,
        replies_shown=sum(replies.values()),
        reports_resolved=sum(reports.values()),
    )


def published_replies(comments) -> int:
    """How many published replies below ``comments`` a removal would leave under placeholders."""
    return sum(replies_below(comments).values())


def replies_below(comments) -> Counter:
    """comment pk -> published comments below it that a removal would leave under placeholders
    (a reply below several of ``comments`` counts once, for the nearest)."""
    paths = Comment.objects.published_below(comments).values_list("post_id", "path")
    by_place = {(c.post_id, c.path): c.pk for c in comments}
    counts: Counter = Counter()
    for post_id, path in paths:
        # Attribute each reply to its nearest ancestor among the comments.
        parent = tree.parent_path(path)
        while parent is not None and (post_id, parent) not in by_place:
            parent = tree.parent_path(parent)
        if parent is not None:
            counts[by_place[(post_id, parent)]] += 1
    return counts


def _resolve_reports(comments, actor) -> Counter:
    """Close the comments' open reports: a decision answers them, whichever way it went."""
    reports = Report.objects.open().filter(comment__in=[c.pk for c in comments])
    counts = Counter(reports.values_list("comment_id", flat=True))
    if counts:
        reports.update(
            status=Report.Status.RESOLVED,
            closed_at=timezone.now(),
            closed_by=audit.person(actor),
        )
    return counts


def _details(comment, previous, clause, replies, reports, extra) -> dict:
    details = {
        "from": str(previous),
        "to": str(comment.status),
        "post": comment.post_id,
        # What the automatic moderation had said: with the decision, a labelled example.
        "rules": [code for code in comment.flagged_rules.split(",") if code],
    }
    if clause:
        details["clause"] = clause
    if replies[comment.pk]:
        details["replies_shown"] = replies[comment.pk]
    if reports[comment.pk]:
        details["reports_resolved"] = reports[comment.pk]
    return {**details, **(extra or {})}


# Edits and deletions ------------------------------------------------------------------------


def edit(comment: Comment, *, original: dict, actor) -> CommentRevision | None:
    """Store a moderator's edit: ``comment`` carries the new values, ``original`` the old ones
    of every field the moderator changed.

    Edits of what readers see (text, name, website) keep the original in a
    :class:`~comments.models.CommentRevision` and mark the comment „bearbeitet von der
    Moderation“; every edit is logged (field names only: the revision holds the texts).
    """
    fields = sorted(original)
    changes = {
        name: {"before": original[name], "after": getattr(comment, name)}
        for name in fields
        if name in PUBLIC_FIELDS
    }
    with transaction.atomic():
        _lock_posts([comment.post_id])
        if changes:
            comment.moderator_edited_at = timezone.now()
        comment.save()
        revision = None
        details = {"fields": fields}
        if changes:
            revision = CommentRevision.objects.create(
                comment=comment, edited_by=audit.person(actor), changes=changes
            )
            details["revision"] = revision.pk
        audit.log(actor, audit.Action.EDIT, comment, details=details)
        page_changed([comment.post_id])
    return revision


def delete(comment: Comment, *, actor=None, action=audit.Action.AUTHOR_DELETE) -> None:
    """Delete a comment's row (its author's request, no replies to keep), logged without name."""
    with transaction.atomic():
        _lock_posts([comment.post_id])
        was = comment.status
        record = audit.entry(
            actor, action, comment, anonymous=True, details={"from": str(was), "to": "-"}
        )
        comment.delete()
        if was == Status.PUBLISHED:
            _recount([comment.post_id])
        record.save()
        page_changed([comment.post_id])
