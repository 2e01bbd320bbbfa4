"""Suspensions: who may not comment, until when, and what they are told.

A suspension targets an account, an e-mail address or an IP address (or several). It expires
by itself: :meth:`~comments.models.SuspensionQuerySet.active` compares ``until`` with the
current time, so no job has to clean anything up.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.dates import format_until
from comments.models import Suspension

DURATIONS: dict[str, timedelta | None] = {
    Suspension.Duration.DAY: timedelta(hours=24),
    Suspension.Duration.THREE_DAYS: timedelta(days=3),
    Suspension.Duration.WEEK: timedelta(days=7),
    Suspension.Duration.MONTH: timedelta(days=30),
    Suspension.Duration.PERMANENT: None,
}


def until_for(duration: str, start=None):
    """The end of a suspension of ``duration`` starting at ``start`` (None: permanent)."""
    length = DURATIONS[Suspension.Duration(duration)]
    if length is None:
        return None
    return (start or timezone.now()) + length


def message_for(suspension: Suspension) -> str:
    """What a suspended commenter reads in the form."""
    if suspension.user_id:
        subject = _("Dein Konto ist")
    elif suspension.email:
        subject = _("Deine E-Mail-Adresse ist")
    else:
        subject = _("Dein Internetanschluss ist")
    if suspension.until is None:
        text = _("%(subject)s dauerhaft für Kommentare gesperrt.") % {"subject": subject}
    else:
        text = _("%(subject)s bis %(until)s für Kommentare gesperrt.") % {
            "subject": subject,
            "until": format_until(suspension.until),
        }
    if suspension.reason:
        text += " " + _("Grund: %(reason)s") % {"reason": suspension.reason}
    return text


def check(*, user=None, email="", ip=None) -> None:
    """Raise a form error naming the end of the suspension if this commenter is suspended."""
    suspension = Suspension.objects.active_for(user=user, email=email, ip=ip).first()
    if suspension is not None:
        raise forms.ValidationError(message_for(suspension), code="suspended")


def suspend(*, actor, duration: str, reason: str, user=None, email="", ip=None) -> Suspension:
    """Create a suspension (the caller writes the audit entry)."""
    return Suspension.objects.create(
        user=user,
        email=email if user is None else "",
        ip_address=ip or None,
        until=until_for(duration),
        reason=reason,
        created_by=actor,
    )
