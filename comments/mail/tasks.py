"""Mail delivery in the background: the outbox row is the truth, the task only wakes the worker.

Why an outbox table (:class:`comments.models.OutgoingMail`) in front of the task queue:

* The mail row is written in the same transaction as the change that causes it (a published
  reply, a new subscription). If that transaction rolls back, no mail exists; if it commits, the
  mail cannot be lost. The task is enqueued only after the commit (``transaction.on_commit``).
* The database task backend runs each task once and does not retry. Delivery therefore never
  raises: a refused or dropped SMTP connection is recorded on the row (attempts, last error,
  next try) and the task re-enqueues itself with ``run_after`` and a growing delay.
* A worker killed in the middle of a task leaves that task "running" forever. The row is only
  leased while it is being sent (``next_try_at`` moves ahead), so ``manage.py send_queued_mail``
  (cron) delivers whatever is due, whatever became of its task.
* Delivered mails keep no copy of their text, and erasing a reader's data deletes their rows.

Posting a comment only ever writes rows; it never talks to the mail server.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from comments.conf import comments_settings
from comments.models import Comment, OutgoingMail

logger = logging.getLogger(__name__)

# Minutes to wait after the first, second, … failed attempt (the last value repeats).
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360, 720)
# How long a mail being sent is hidden from other runners; a crashed send is retried after it.
LEASE = timedelta(minutes=10)
# Errors of an unreachable or unwilling mail server: worth trying again later.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def backoff(attempts: int) -> timedelta:
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def queue_mail(
    *,
    kind: str,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    headers: dict | None = None,
    comment: Comment | None = None,
    dedupe_key: str | None = None,
) -> OutgoingMail | None:
    """Store a mail in the outbox; the worker sends it once the current transaction commits.

    Returns None when a mail with the same ``dedupe_key`` exists already.
    """
    if dedupe_key and OutgoingMail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                kind=kind,
                to=to,
                subject=subject[:200],
                body_text=body_text,
                body_html=body_html,
                headers=headers or {},
                comment=comment,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return None  # the same mail was queued concurrently
    transaction.on_commit(lambda: wake_worker(mail.pk))
    return mail


def wake_worker(mail_id: int, run_after=None) -> None:
    """Enqueue delivery; if even that fails, the row stays due for ``send_queued_mail``."""
    runner = deliver_mail if run_after is None else deliver_mail.using(run_after=run_after)
    try:
        runner.enqueue(mail_id)
    except Exception:
        logger.exception("Could not enqueue delivery of mail %s; the sweep will send it.", mail_id)


@task()
def deliver_mail(mail_id: int) -> str:
    """The background task: send one outbox mail (or schedule its next attempt)."""
    return send_outgoing_mail(mail_id)


def send_outgoing_mail(mail_id: int) -> str:
    """Send one due mail. Never raises for mail server trouble; returns what happened."""
    now = timezone.now()
    # Claim the row without holding a transaction open while talking to the server: the lease
    # hides it from other runners, and a crash mid-send makes it due again afterwards.
    claimed = (
        OutgoingMail.objects.due()
        .filter(pk=mail_id)
        .update(next_try_at=now + LEASE, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    mail = OutgoingMail.objects.select_related("comment").get(pk=mail_id)
    if _is_stale(mail):
        _finish(mail, OutgoingMail.Status.CANCELLED)
        return "cancelled"
    try:
        build_message(mail).send()
    except TRANSIENT_ERRORS as exc:
        return _record_failure(mail, exc, retry=True)
    except Exception as exc:  # a broken mail (bad header …) will not improve by waiting
        logger.exception("Mail %s cannot be sent.", mail.pk)
        return _record_failure(mail, exc, retry=False)
    _finish(mail, OutgoingMail.Status.SENT)
    return "sent"


def deliver_due_mail() -> dict:
    """Send every due mail now (the sweep run by ``manage.py send_queued_mail``)."""
    outcome: dict[str, int] = {}
    for mail_id in OutgoingMail.objects.due().order_by("next_try_at").values_list("pk", flat=True):
        result = send_outgoing_mail(mail_id)
        outcome[result] = outcome.get(result, 0) + 1
    return outcome


def build_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers=mail.headers,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    return message


def _is_stale(mail: OutgoingMail) -> bool:
    """A reply notification whose reply was unpublished before it went out."""
    return (
        mail.kind == OutgoingMail.Kind.REPLY
        and mail.comment is not None
        and not mail.comment.is_published
    )


def _finish(mail: OutgoingMail, status: str) -> None:
    # Delivered or dropped: the outbox keeps who and when, not the text.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=status,
        sent_at=timezone.now() if status == OutgoingMail.Status.SENT else None,
        body_text="",
        body_html="",
        last_error="",
    )


def _record_failure(mail: OutgoingMail, exc: BaseException, *, retry: bool) -> str:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    if retry and mail.attempts < comments_settings.COMMENTS_MAIL_MAX_ATTEMPTS:
        next_try_at = timezone.now() + backoff(mail.attempts)
        OutgoingMail.objects.filter(pk=mail.pk).update(next_try_at=next_try_at, last_error=error)
        logger.warning("Mail %s not sent (%s); next try at %s.", mail.pk, error, next_try_at)
        wake_worker(mail.pk, run_after=next_try_at)
        return "retry"
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.FAILED, last_error=error
    )
    logger.error("Mail %s given up after %s attempts: %s", mail.pk, mail.attempts, error)
    return "failed"
