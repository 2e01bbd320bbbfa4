"""Reply notifications: subscribing with double opt-in, confirming, unsubscribing.

Guests get a confirmation mail (:func:`~comments.mail.notifications.queue_confirmation_mail`)
and hear nothing else until they follow its link (:mod:`comments.mail.links`).
"""

from django.utils import timezone

from comments.mail.notifications import queue_confirmation_mail
from comments.models import Comment, Subscription


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
    else:
        queue_confirmation_mail(subscription, delete_url=delete_url)
    return subscription


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
