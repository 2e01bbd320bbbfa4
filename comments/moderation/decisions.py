"""Moderators' decisions on comments: status changes through ``set_status``, each one logged."""

from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from comments.models import Comment, ModerationLogEntry
from comments.moderation import audit

Status = Comment.Status

ACTION_FOR_STATUS = {
    Status.PUBLISHED: audit.Action.APPROVE,
    Status.REJECTED: audit.Action.REJECT,
    Status.SPAM: audit.Action.SPAM,
    Status.REMOVED: audit.Action.REMOVE,
    Status.PENDING: audit.Action.PEND,
}


def held_replies(comments) -> list[Comment]:
    """Pending comments anywhere below ``comments`` in their threads."""
    below = [Q(post_id=c.post_id, path__startswith=c.path + "/") for c in comments]
    if not below:
        return []
    return list(
        Comment.objects.filter(reduce(or_, below), status=Status.PENDING).select_related("user")
    )


def decide(comment_ids, status, actor, *, with_replies=False, reason="") -> list[Comment]:
    """Give the comments ``status``; returns the comments that actually changed.

    ``with_replies`` (approving only) also releases the held replies below each comment.
    Comments already in ``status`` are left alone and not logged.
    """
    status = Status(status)
    with transaction.atomic():
        targets = list(
            Comment.objects.filter(pk__in=list(comment_ids))
            .exclude(status=status)
            .select_related("user")
            .select_for_update(of=("self",))
        )
        if with_replies and status == Status.PUBLISHED:
            seen = {c.pk for c in targets}
            selected = Comment.objects.filter(pk__in=list(comment_ids))
            targets += [r for r in held_replies(selected) if r.pk not in seen]
        if not targets:
            return []
        Comment.objects.filter(pk__in=[c.pk for c in targets]).set_status(status)
        entries = [
            audit.entry(
                actor,
                ACTION_FOR_STATUS[status],
                comment,
                reason=reason,
                details={"from": comment.status, "to": str(status), "post": comment.post_id},
            )
            for comment in targets
        ]
        ModerationLogEntry.objects.bulk_create(entries)
    return targets
