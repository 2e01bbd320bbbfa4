"""The moderation audit log: one entry per decision and per row it touched."""

from django.utils.text import Truncator

from comments.models import ModerationLogEntry

Action = ModerationLogEntry.Action


def _actor(user):
    return user if user is not None and getattr(user, "pk", None) is not None else None


def entry(actor, action, target, *, reason="", details=None) -> ModerationLogEntry:
    """An unsaved entry for ``target`` (any model instance)."""
    return ModerationLogEntry(
        actor=_actor(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=Truncator(str(target)).chars(200),
        reason=reason,
        details=details or {},
    )


def log(actor, action, target, *, reason="", details=None) -> ModerationLogEntry:
    record = entry(actor, action, target, reason=reason, details=details)
    record.save()
    return record


def log_many(actor, action, targets, *, reason="", details=None) -> list[ModerationLogEntry]:
    """One entry per target, written in one INSERT."""
    records = [entry(actor, action, t, reason=reason, details=details) for t in targets]
    return ModerationLogEntry.objects.bulk_create(records)
