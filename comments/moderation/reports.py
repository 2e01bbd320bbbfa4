"""Readers report comments; enough reports hide a comment until a moderator decides.

A reader is known by the site's anonymous visitor cookie (see :mod:`core.visitors`); the
database keeps only a keyed hash of it, derived with a salt of its own so reports cannot be
linked to ratings or votes. One report per reader and comment (a unique constraint).

``COMMENTS_REPORTS_TO_HIDE`` open reports hide a published comment (status "pending", the
``moderation`` record notes the reports) until a moderator decides. Only reports from different
networks count towards it – an IPv4 /24 or IPv6 /64 (:func:`core.client_ip.client_network`),
stored as a keyed hash – so neither clearing cookies nor hopping between the addresses of one
network is enough to hide a comment alone. Hiding goes through the decision service like every
status change: the comment's published replies stay, below a placeholder.

A report is open until a moderator decides on its comment (the decision resolves it,
:mod:`comments.moderation.decisions`) or dismisses it here (:func:`dismiss`).
"""

import logging
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comments.conf import comments_settings
from comments.models import Comment, Report
from comments.moderation import audit, decisions
from core.client_ip import client_ip, client_network
from core.ratelimit import over_limit
from core.visitors import visitor_key

logger = logging.getLogger(__name__)

REPORTER_SALT = "comments.report.reader"
NETWORK_SALT = "comments.report.network"
TEXT_MAX_LENGTH = 500


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Warum meldest du diesen Kommentar?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Bitte wähle einen Grund."),
            "invalid_choice": gettext_lazy("Bitte wähle einen der genannten Gründe."),
        },
    )
    text = forms.CharField(
        label=gettext_lazy("Erläuterung (freiwillig)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_LENGTH}),
        help_text=gettext_lazy("Höchstens 500 Zeichen."),
        error_messages={
            "max_length": gettext_lazy(
                "Bitte fasse dich kürzer: höchstens %(limit_value)d Zeichen, du hast "
                "%(show_value)d geschrieben."
            ),
        },
    )


@dataclass(frozen=True)
class Outcome:
    level: int
    message: str
    hidden: bool = False


def _reader(request) -> tuple[str, str | None]:
    """(reporter key, new visitor id to set as cookie or None)."""
    return visitor_key(request, salt=REPORTER_SALT)


def _network(request) -> str:
    network = client_network(request)
    return salted_hmac(NETWORK_SALT, network, algorithm="sha256").hexdigest()


def submit(request, comment: Comment, cleaned: dict) -> tuple[Outcome, str | None]:
    """Store the report of this reader; returns the outcome and a visitor id to remember."""
    reporter_key, new_id = _reader(request)
    try:
        limited = over_limit(
            "comment-report",
            client_ip(request) or "unknown",
            tuple(comments_settings.COMMENTS_REPORT_RATE),
        )
    except Exception:
        logger.warning("Report limit not checked: cache unavailable.", exc_info=True)
        limited = False
    if limited:
        text = _(
            "Du hast gerade sehr viele Meldungen abgeschickt. Bitte versuche es später noch einmal."
        )
        return Outcome(messages.ERROR, text), new_id
    with transaction.atomic():
        _report, created = Report.objects.get_or_create(
            comment=comment,
            reporter_key=reporter_key,
            defaults={
                "reason": cleaned["reason"],
                "text": cleaned.get("text", ""),
                "network_key": _network(request),
            },
        )
        if not created:
            text = _(
                "Du hast diesen Kommentar bereits gemeldet – danke, die Moderation weiß Bescheid."
            )
            return Outcome(messages.INFO, text), new_id
        hidden = hide_if_reported_enough(comment)
    text = _("Danke für deine Meldung. Die Moderation sieht sich den Kommentar an.")
    return Outcome(messages.SUCCESS, text, hidden=hidden), new_id


def hide_if_reported_enough(comment: Comment) -> bool:
    """Hide a published comment once enough networks reported it; True if it was hidden now."""
    reports = Report.objects.open().filter(comment=comment)
    networks = reports.values("network_key").distinct().count()
    if networks < comments_settings.COMMENTS_REPORTS_TO_HIDE:
        return False
    note = {"count": reports.count(), "networks": networks, "hidden_at": timezone.now().isoformat()}
    with transaction.atomic():
        outcome = decisions.change_status(
            [comment],
            Comment.Status.PENDING,
            action=audit.Action.HIDE_REPORTED,
            only_from=[Comment.Status.PUBLISHED],
            details=note,
        )
        if not outcome:
            return False  # already hidden or decided by a moderator
        comment.moderation = {**(comment.moderation or {}), "reports": note}
        comment.status = Comment.Status.PENDING
        Comment.objects.filter(pk=comment.pk).update(moderation=comment.moderation)
    return True


def dismiss(reports, actor) -> list[Report]:
    """Close open ``reports`` as unfounded (a moderator's call); returns the ones closed.

    The comments stay as they are: one hidden by reports goes back online when a moderator
    approves it, which resolves any reports still open.
    """
    with transaction.atomic():
        closing = list(
            reports.filter(status=Report.Status.OPEN)
            .select_related("comment")
            .select_for_update(of=("self",))
        )
        now = timezone.now()
        Report.objects.filter(pk__in=[r.pk for r in closing]).update(
            status=Report.Status.DISMISSED, closed_at=now, closed_by=audit.person(actor)
        )
        for report in closing:
            report.status, report.closed_at = Report.Status.DISMISSED, now
        audit.log_many(actor, audit.Action.DISMISS_REPORTS, closing)
    return closing
