"""Personal data in the discussion: export, erasure, IP retention.

Like WordPress's personal-data tools, :func:`export_personal_data` collects everything stored
about an e-mail address and :func:`erase_personal_data` anonymises it (Art. 15 and 17 DSGVO).

The database requires every guest comment to carry a name and an address; anonymised comments
get :data:`ERASED_NAME` and :data:`ERASED_EMAIL`, an address in the reserved ``.invalid``
domain (RFC 2606) that names nobody and can never receive mail.

What the discussion keeps without naming anyone is not found by an address and not part of an
export: reader reports (keyed hashes of a cookie and a network) and the comments the form
refused (text, rules, post; no name, e-mail or IP address; deleted after
``COMMENTS_REFUSED_DRAFT_DAYS``, see :mod:`comments.moderation.refusals`).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.conf import comments_settings
from comments.models import Comment, CommentRevision, OutgoingMail, Subscription
from comments.moderation import audit, decisions
from comments.rendering import render_comment
from core.site import absolute_url

ERASED_NAME = "Anonym"
ERASED_EMAIL = "anonym@geloescht.invalid"
REMOVED_ON_REQUEST = "[Kommentar auf Wunsch des Verfassers entfernt]"
# Finished outbox rows (sent, failed, dropped) are kept this long for support questions.
OUTBOX_RETENTION_DAYS = 30


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def comments_of(email: str):
    email = email.strip()
    if not email or email.lower() == ERASED_EMAIL:
        return Comment.objects.none()
    return Comment.objects.filter(Q(author_email__iexact=email) | Q(user__email__iexact=email))


def subscriptions_of(email: str):
    email = email.strip()
    return Subscription.objects.filter(Q(email__iexact=email) | Q(user__email__iexact=email))


# Export -----------------------------------------------------------------------------------------


def export_personal_data(email: str) -> dict:
    """Everything stored about ``email``, ready for ``json.dumps``."""
    comments = (
        comments_of(email)
        .select_related("post", "parent")
        .prefetch_related("revisions")
        .order_by("submitted_at")
    )
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "comments": [_comment_record(comment) for comment in comments],
        "subscriptions": [
            {
                "post_title": subscription.post.title,
                "post_url": absolute_url(subscription.post.get_absolute_url()),
                "scope": subscription.get_scope_display(),
                "comment_id": subscription.comment_id,
                "created_at": _iso(subscription.created_at),
                "confirmed_at": _iso(subscription.confirmed_at),
            }
            for subscription in subscriptions_of(email).select_related("post")
        ],
        "mails": [
            {
                "kind": mail.get_kind_display(),
                "subject": mail.subject,
                "status": mail.get_status_display(),
                "created_at": _iso(mail.created_at),
                "sent_at": _iso(mail.sent_at),
            }
            for mail in OutgoingMail.objects.filter(to__iexact=email.strip())
        ],
    }


def _comment_record(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "post_title": comment.post.title,
        "post_url": absolute_url(comment.post.get_absolute_url()),
        "comment_url": absolute_url(comment.get_absolute_url()) if comment.is_published else None,
        "in_reply_to": comment.parent_id,
        "status": comment.get_status_display(),
        "submitted_at": _iso(comment.submitted_at),
        "consent_at": _iso(comment.consent_at),
        "name": comment.author_name,
        "email": comment.author_email,
        "website": comment.author_website,
        "text": comment.body,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
        # Edits by the moderation: what the comment said before and after.
        "edits": [
            {"edited_at": _iso(revision.edited_at), "changes": revision.changes}
            for revision in comment.revisions.all()
        ],
    }


# Erasure ----------------------------------------------------------------------------------------


def erase_personal_data(email: str, remove_text: bool = False, *, actor=None) -> dict:
    """Anonymise every comment of ``email`` and delete its subscriptions and queued mails.

    With ``remove_text`` the comments are also taken off the site (status "deleted": a
    placeholder where other readers' replies hang below) and their text is replaced by a note;
    otherwise the text stays, under "Anonym". The moderators' edits of these comments (which
    hold earlier texts and names) are deleted, and the audit log names no author for them.
    ``actor``: who carried the request out (the audit entry of a text removal names them).
    """
    rows = list(comments_of(email).values_list("pk", "post_id"))
    ids = [pk for pk, _ in rows]
    with transaction.atomic():
        comments = Comment.objects.filter(pk__in=ids)
        anonymised = comments.update(
            author_name=ERASED_NAME,
            author_email=ERASED_EMAIL,
            author_website="",
            ip_address=None,
            user_agent="",
            user=None,
            consent_at=None,
        )
        CommentRevision.objects.filter(comment__in=ids).delete()
        audit.forget_authors(ids)
        texts_removed = 0
        if remove_text:
            texts_removed = comments.exclude(body=REMOVED_ON_REQUEST).update(
                body=REMOVED_ON_REQUEST,
                body_html=render_comment(REMOVED_ON_REQUEST),
                moderation={},  # holds excerpts of the text
            )
            decisions.change_status(
                ids, Comment.Status.DELETED, actor=actor, action=audit.Action.ERASE
            )
        # Names changed on the page: its cached copies are stale once this commits.
        decisions.page_changed({post_id for _, post_id in rows})
        subscriptions, _ = subscriptions_of(email).delete()
        # Mails to the address, and unsent mails that quote these comments to other readers.
        mails, _ = OutgoingMail.objects.filter(
            Q(to__iexact=email.strip()) | Q(comment_id__in=ids, status=OutgoingMail.Status.PENDING)
        ).delete()
    return {
        "comments": anonymised,
        "texts_removed": texts_removed,
        "subscriptions": subscriptions,
        "mails": mails,
    }


# IP retention -----------------------------------------------------------------------------------


def purge_ip_addresses(now=None) -> dict:
    """Erase IP addresses and browser strings older than ``COMMENTS_IP_RETENTION_DAYS``.

    Also drops unconfirmed subscription requests whose confirmation link has expired and
    finished outbox rows. Running it twice changes nothing the second time.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=comments_settings.COMMENTS_IP_RETENTION_DAYS)
    comments = (
        Comment.objects.filter(submitted_at__lt=cutoff)
        .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
        .update(ip_address=None, user_agent="")
    )
    subscriptions, _ = Subscription.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - timedelta(days=comments_settings.COMMENTS_SUBSCRIPTION_CONFIRM_DAYS),
    ).delete()
    mails, _ = (
        OutgoingMail.objects.exclude(status=OutgoingMail.Status.PENDING)
        .filter(created_at__lt=now - timedelta(days=OUTBOX_RETENTION_DAYS))
        .delete()
    )
    return {"comments": comments, "subscriptions": subscriptions, "mails": mails}
