"""Deleting one's own comment: a signed link, valid for ``COMMENTS_SELF_DELETE_MINUTES``.

The link is shown after posting and sent with the opt-in mail. Without replies the comment goes
entirely; with replies it stays in the tree as a placeholder („Dieser Kommentar wurde vom
Verfasser gelöscht.“), its text replaced by a note and its author erased. Both go through the
moderation's decision service (:mod:`comments.moderation.decisions`), like every change readers
see: counts, the audit log (without the author's name) and the page cache after the commit.
"""

from django.db import transaction
from django.urls import reverse

from comments.conf import comments_settings
from comments.models import Comment, OutgoingMail
from comments.moderation import audit, decisions
from comments.privacy.personal_data import ERASED_EMAIL, ERASED_NAME
from core.signed_links import InvalidLink, sign, unsign
from core.site import absolute_url

DELETED_BY_AUTHOR = "[Kommentar vom Verfasser gelöscht]"
SELF_DELETE_SALT = "comments.self-delete"


def self_delete_minutes() -> int:
    return comments_settings.COMMENTS_SELF_DELETE_MINUTES


def self_delete_token(comment: Comment) -> str:
    # The submission time binds the link to this very comment.
    payload = {"c": comment.pk, "at": int(comment.submitted_at.timestamp())}
    return sign(payload, salt=SELF_DELETE_SALT)


def self_delete_url(comment: Comment, *, absolute: bool = True) -> str:
    path = reverse("comments:self-delete", args=[self_delete_token(comment)])
    return absolute_url(path) if absolute else path


def comment_for_self_delete(token: str) -> Comment:
    """The comment a delete link names; raises ``InvalidLink`` or ``ExpiredLink``."""
    payload = unsign(token, salt=SELF_DELETE_SALT, max_age=self_delete_minutes() * 60)
    comment = Comment.objects.select_related("post").filter(pk=payload.get("c")).first()
    if comment is None or int(comment.submitted_at.timestamp()) != payload.get("at"):
        raise InvalidLink
    if comment.author_email == ERASED_EMAIL:
        raise InvalidLink  # deleted already
    return comment


def delete_own_comment(comment: Comment) -> str:
    """Delete a comment at its author's request; returns "deleted" or "anonymised".

    Without replies the row goes entirely: nothing of the author is left. With replies, other
    readers' answers must keep their place and their context, so the comment stays in the tree
    (status "deleted", a placeholder while it has published replies) with its text replaced by
    a note and its author data erased.
    """
    with transaction.atomic():
        if not comment.replies.exists():
            decisions.delete(comment)
            return "deleted"
        comment.body = DELETED_BY_AUTHOR
        comment.author_name = ERASED_NAME
        comment.author_email = ERASED_EMAIL
        comment.author_website = ""
        comment.ip_address = None
        comment.user_agent = ""
        comment.user = None
        comment.consent_at = None
        comment.moderation = {}
        comment.save()
        comment.subscriptions.all().delete()
        comment.outgoing_mails.filter(status=OutgoingMail.Status.PENDING).delete()
        comment.revisions.all().delete()
        audit.forget_authors([comment.pk])
        decisions.change_status([comment], Comment.Status.DELETED)
    return "anonymised"
