"""The moderation audit log: one entry per decision and per row it touched.

An entry names its target in words, as moderators speak of it („Kommentar #12 von Anna auf
„Beitragstitel““), written in the site's language when the entry is made. Entries about a
comment whose author deleted it or had their data erased name no author (:func:`forget_authors`).
"""

from django.conf import settings
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from comments.models import (
    Comment,
    ModerationLogEntry,
    RefusedDraft,
    Report,
    Suspension,
    WatchedWord,
)

Action = ModerationLogEntry.Action
COMMENT_TYPE = Comment._meta.label_lower


def person(user):
    """``user`` if it is a stored account, else None (automatic decisions)."""
    return user if user is not None and getattr(user, "pk", None) is not None else None


def describe(target, *, anonymous: bool = False) -> str:
    """The target in words, e.g. „Kommentar #12 von Anna auf „Beitragstitel““."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(target, Comment):
            anonymous = anonymous or target.status == Comment.Status.DELETED
            return _describe_comment(target.pk, target.display_name, target.post.title, anonymous)
        if isinstance(target, Report):
            return _("Meldung #%(pk)s zu Kommentar #%(comment)s") % {
                "pk": target.pk,
                "comment": target.comment_id,
            }
        if isinstance(target, RefusedDraft):
            return _("Abgewiesener Kommentar #%(pk)s auf „%(post)s“") % {
                "pk": target.pk,
                "post": target.post.title,
            }
        if isinstance(target, Suspension):
            return _("Sperre für %(target)s") % {"target": target.target_label}
        if isinstance(target, WatchedWord):
            return _("Beobachteter Begriff „%(word)s“") % {"word": target.word}
        return str(target)


def _describe_comment(pk, name, title, anonymous) -> str:
    if anonymous or not name:
        return _("Kommentar #%(pk)s auf „%(post)s“") % {"pk": pk, "post": title}
    return _("Kommentar #%(pk)s von %(name)s auf „%(post)s“") % {
        "pk": pk,
        "name": name,
        "post": title,
    }


def entry(actor, action, target, *, reason="", details=None, anonymous=False) -> ModerationLogEntry:
    """An unsaved entry for ``target`` (any model instance)."""
    return ModerationLogEntry(
        actor=person(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=Truncator(describe(target, anonymous=anonymous)).chars(200),
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


def forget_authors(comment_ids) -> int:
    """Rewrite the entries about these comments without their authors' names (erasure)."""
    titles = dict(Comment.objects.filter(pk__in=list(comment_ids)).values_list("pk", "post__title"))
    changed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for pk, title in titles.items():
            changed += ModerationLogEntry.objects.filter(
                target_type=COMMENT_TYPE, target_id=str(pk)
            ).update(target_repr=Truncator(_describe_comment(pk, "", title, True)).chars(200))
    return changed
