"""Reply notifications: subscribing with double opt-in, confirming, unsubscribing.

Guests get a confirmation mail (:func:`~comments.mail.notifications.queue_confirmation_mail`),
at most a few per mailbox and day (:func:`confirmation_allowed`), and hear nothing else until
they follow its link (:mod:`comments.mail.links`).
"""

import contextlib
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from comments.conf import comments_settings
from comments.mail.notifications import queue_confirmation_mail
from comments.models import Comment, OutgoingMail, Subscription
from core.addresses import SAME_PROVIDER, mailbox_key


def subscribe(comment: Comment, *, user=None, delete_url="") -> Subscription:
    """Subscribe the author of ``comment`` to replies below it.

    Accounts are created by the editorial team with a known address, so they are confirmed
    at once; guests get a confirmation mail (with ``delete_url``, the link to delete the
    comment again) and hear nothing else until they confirm.
    """
    email = (comment.author_email or "").strip().lower()
    subscription, _ = Subscription.objects.get_or_create(
        email=email,
        comment=comment,
        scope=Subscription.Scope.THREAD,
        defaults={"post_id": comment.post_id, "user": user},
    )
    if subscription.is_confirmed:
        return subscription
    if user is not None and user.is_authenticated and user.email:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    elif confirmation_allowed(email):
        queue_confirmation_mail(subscription, delete_url=delete_url)
    return subscription


def confirmation_allowed(email: str) -> bool:
    """True if another confirmation mail may go to the mailbox of ``email`` today.

    Anyone can name any address in the comment form: without a limit, the site mails whoever
    they like. ``COMMENTS_CONFIRMATION_MAILS_PER_DAY`` confirmation mails per mailbox in 24
    hours (``a+x@…`` and ``a.b@…`` are one: :func:`core.addresses.mailbox_key`), counted in the
    outbox, so the limit holds while Redis is down. Over it, the subscription is stored
    unconfirmed and no mail goes out; the reader is told the same as always, so the answer says
    nothing about whether the address is subscribed or was mailed before.
    """
    limit = comments_settings.COMMENTS_CONFIRMATION_MAILS_PER_DAY
    if not limit:
        return True
    key = mailbox_key(email)
    domain = key.rpartition("@")[2]
    domains = {domain, *(alias for alias, same in SAME_PROVIDER.items() if same == domain)}
    with contextlib.suppress(UnicodeError):
        domains.add(domain.encode("ascii").decode("idna"))  # the Unicode spelling of an IDN
    spellings = Q()
    for name in domains:
        spellings |= Q(to__iendswith=f"@{name}")
    sent = OutgoingMail.objects.filter(
        spellings,
        kind=OutgoingMail.Kind.CONFIRMATION,
        created_at__gte=timezone.now() - timedelta(days=1),
    ).values_list("to", flat=True)
    return sum(mailbox_key(address) == key for address in sent) < limit


def confirm(subscription: Subscription) -> bool:
    """Switch the subscription on; False if it already was."""
    if subscription.is_confirmed:
        return False
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    return True


def unsubscribe(subscription: Subscription | None, *, everything: bool) -> int:
    """Delete the subscription, or every subscription of its address; returns how many."""
    if subscription is None:
        return 0
    if everything:
        deleted, _ = Subscription.objects.for_address(subscription.email).delete()
    else:
        deleted, _ = Subscription.objects.filter(pk=subscription.pk).delete()
    return deleted
