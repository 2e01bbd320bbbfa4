"""Which mails a comment causes, and their text.

* A comment becomes visible (created published, or approved later) → every confirmed subscriber
  of its thread, except its own author, gets one mail: :func:`comment_published`.
* A comment is submitted → the editorial addresses get one mail, if switched on
  (``COMMENTS_NOTIFY_POST_AUTHOR`` + ``COMMENTS_EDITORIAL_EMAILS``): :func:`comment_submitted`.
* A guest subscribes → one confirmation mail: :func:`queue_confirmation_mail`.

The first two are called by :mod:`comments.moderation.decisions` only, the one path of every
change readers see (a new comment, an approval in the admin, …), inside the transaction of that
change. Calling them twice is harmless: each mail has a dedupe key, so a reply is announced to
an address at most once.

Mails are only written to the outbox here (:mod:`comments.mail.tasks`); nothing talks to the mail
server while a reader or moderator waits.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from comments.conf import comments_settings
from comments.mail import links
from comments.mail.tasks import queue_mail
from comments.models import Comment, OutgoingMail, Subscription
from core.conf import core_settings
from core.site import absolute_url


def comment_published(comment: Comment) -> int:
    """Queue reply mails for a comment that just became visible; returns how many."""
    if not comment.is_published:
        return 0
    author_email = (comment.author_email or "").casefold()
    seen: set[str] = set()
    queued = 0
    interested = Subscription.objects.interested_in(comment).select_related("comment", "post")
    for subscription in interested.order_by("created_at"):
        address = subscription.email.casefold()
        own = address == author_email or (
            subscription.user_id is not None and subscription.user_id == comment.user_id
        )
        if own or address in seen:
            continue
        seen.add(address)
        if _queue_reply_mail(subscription, comment):
            queued += 1
    return queued


def comment_submitted(comment: Comment) -> int:
    """Tell the editorial team about a new comment, if that is switched on."""
    if not comments_settings.COMMENTS_NOTIFY_POST_AUTHOR:
        return 0
    addresses = comments_settings.COMMENTS_EDITORIAL_EMAILS
    if not addresses:
        return 0
    context = {
        "comment": comment,
        "post": comment.post,
        "post_url": absolute_url(comment.post.get_absolute_url()),
        "admin_url": absolute_url(reverse("admin:comments_comment_change", args=[comment.pk])),
    }
    subject, text, html = _render("editorial", context)
    queued = 0
    for address in addresses:
        mail = queue_mail(
            kind=OutgoingMail.Kind.EDITORIAL,
            to=address,
            subject=subject,
            body_text=text,
            body_html=html,
            comment=comment,
            dedupe_key=f"editorial:{comment.pk}:{address.casefold()}",
        )
        queued += mail is not None
    return queued


def queue_confirmation_mail(subscription: Subscription, *, delete_url="") -> OutgoingMail | None:
    """The double opt-in mail: the only mail a guest gets before confirming.

    ``delete_url``: the link to delete the comment again (its author consented to the mail),
    given by the caller; the privacy room signs it.
    """
    comment = subscription.comment
    context = {
        "subscription": subscription,
        "post": subscription.post,
        "comment": comment,
        "confirm_url": links.confirm_url(subscription),
        "confirm_days": links.confirm_max_age() // (24 * 60 * 60),
        "delete_url": delete_url,
        "delete_minutes": comments_settings.COMMENTS_SELF_DELETE_MINUTES,
    }
    subject, text, html = _render("subscription_confirm", context)
    return queue_mail(
        kind=OutgoingMail.Kind.CONFIRMATION,
        to=subscription.email,
        subject=subject,
        body_text=text,
        body_html=html,
        comment=comment,
        dedupe_key=f"confirm:{subscription.pk}:{subscription.token}",
    )


def _queue_reply_mail(subscription: Subscription, reply: Comment) -> OutgoingMail | None:
    thread_url = links.unsubscribe_url(subscription, links.SCOPE_THREAD)
    context = {
        "subscription": subscription,
        "post": reply.post,
        "reply": reply,
        "reply_url": absolute_url(reply.get_permalink()),
        "own_comment": subscription.comment,
        "unsubscribe_thread_url": thread_url,
        "unsubscribe_all_url": links.unsubscribe_url(subscription, links.SCOPE_ALL),
    }
    subject, text, html = _render("reply", context)
    return queue_mail(
        kind=OutgoingMail.Kind.REPLY,
        to=subscription.email,
        subject=subject,
        body_text=text,
        body_html=html,
        # RFC 8058: mail clients offer a button that POSTs "List-Unsubscribe=One-Click" here.
        headers={
            "List-Unsubscribe": f"<{thread_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        comment=reply,
        dedupe_key=f"reply:{reply.pk}:{subscription.email.casefold()}",
    )


def _render(name: str, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML of ``comments/email/<name>.*``, always in German."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": core_settings.SITE_NAME, **context}
        subject = render_to_string(f"comments/email/{name}_subject.txt", context)
        text = render_to_string(f"comments/email/{name}.txt", context)
        html = render_to_string(f"comments/email/{name}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html
