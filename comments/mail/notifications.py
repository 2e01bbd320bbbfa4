"""Which mails a comment causes, and their text.

* A comment becomes visible (created published, or approved later) → every confirmed subscriber
  of its thread, except its own author, gets one mail: :func:`comment_published`.
* A comment is submitted → the editorial addresses get one mail, if switched on
  (``COMMENTS_NOTIFY_POST_AUTHOR`` + ``COMMENTS_EDITORIAL_EMAILS``): :func:`comment_submitted`.
* A guest subscribes → one confirmation mail: :func:`queue_confirmation_mail`.

Saving a comment triggers the first two through the signal receivers below. Bulk status changes
(``QuerySet.set_status``) send no signals: moderation publishes through :func:`publish`, or
calls :func:`comment_published` for each comment it approved. Calling it twice is harmless: each
mail has a dedupe key, so a reply is announced to an address at most once.

Mails are only written to the outbox here (:mod:`comments.mail.tasks`); nothing talks to the mail
server while a reader or moderator waits.
"""

from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from comments.conf import comments_settings
from comments.mail import links
from comments.mail.tasks import queue_mail
from comments.models import Comment, OutgoingMail, Subscription
from comments.privacy.self_delete import self_delete_minutes, self_delete_url
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


def publish(queryset) -> int:
    """Publish comments (e.g. a moderator's approval) and announce each to its subscribers."""
    newly = list(queryset.exclude(status=Comment.Status.PUBLISHED).values_list("pk", flat=True))
    changed = queryset.set_status(Comment.Status.PUBLISHED)
    for comment in Comment.objects.filter(pk__in=newly).select_related("post", "user"):
        comment_published(comment)
    return changed


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


def queue_confirmation_mail(subscription: Subscription) -> OutgoingMail | None:
    """The double opt-in mail: the only mail a guest gets before confirming."""
    comment = subscription.comment
    context = {
        "subscription": subscription,
        "post": subscription.post,
        "comment": comment,
        "confirm_url": links.confirm_url(subscription),
        "confirm_days": links.confirm_max_age() // (24 * 60 * 60),
        "delete_url": self_delete_url(comment) if comment is not None else "",
        "delete_minutes": self_delete_minutes(),
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


# Signals: saving a comment one by one (form, admin change page) --------------------------------


@receiver(pre_save, sender=Comment, dispatch_uid="comments.mail.notifications.remember_status")
def remember_status(sender, instance, raw, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    instance._status_before_save = (
        Comment.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    )


@receiver(post_save, sender=Comment, dispatch_uid="comments.mail.notifications.announce")
def announce(sender, instance, created, raw, **kwargs):
    if raw:
        return  # fixtures
    if created:
        comment_submitted(instance)
    before = None if created else getattr(instance, "_status_before_save", None)
    if instance.is_published and before != Comment.Status.PUBLISHED:
        comment_published(instance)
