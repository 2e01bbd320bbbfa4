"""Reply notifications: subscribing with double opt-in, confirming, unsubscribing.

Links in mails carry a signed value (``django.core.signing``) naming the subscription and its
random ``token``: they cannot be guessed, and resetting the token revokes them. Confirmation
links expire after ``COMMENTS_SUBSCRIPTION_CONFIRM_DAYS``; unsubscribe links never expire
(RFC 8058 expects them to work for as long as mails arrive).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, Subscription

CONFIRM_SALT = "comments.subscription.confirm"
UNSUBSCRIBE_SALT = "comments.subscription.unsubscribe"
SCOPE_THREAD = "thread"
SCOPE_ALL = "all"


class InvalidLink(Exception):
    """The link was altered, revoked or never issued."""


class ExpiredLink(InvalidLink):
    """The link was genuine but is too old."""


def confirm_max_age() -> int:
    return getattr(settings, "COMMENTS_SUBSCRIPTION_CONFIRM_DAYS", 7) * 24 * 60 * 60


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def subscribe(comment: Comment, *, user=None) -> Subscription:
    """Subscribe the author of ``comment`` to replies below it.

    Accounts are created by the editorial team with a known address, so they are confirmed
    at once; guests get a confirmation mail and hear nothing else until they confirm.
    """
    from comments.notifications import queue_confirmation_mail

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
        queue_confirmation_mail(subscription)
    return subscription


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "t": subscription.token}, salt=CONFIRM_SALT)


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("comments:subscription-confirm", args=[confirm_token(subscription)]))


def unsubscribe_token(subscription: Subscription, scope: str = SCOPE_THREAD) -> str:
    payload = {"s": subscription.pk, "t": subscription.token, "a": scope == SCOPE_ALL}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: Subscription, scope: str = SCOPE_THREAD) -> str:
    token = unsubscribe_token(subscription, scope)
    return absolute(reverse("comments:unsubscribe", args=[token]))


def _load(token: str, *, salt: str, max_age: int | None = None) -> dict:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredLink from exc
    except signing.BadSignature as exc:
        raise InvalidLink from exc
    if not isinstance(payload, dict) or "s" not in payload or "t" not in payload:
        raise InvalidLink
    return payload


def subscription_for_confirmation(token: str) -> Subscription:
    payload = _load(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
    subscription = (
        Subscription.objects.select_related("post", "comment")
        .filter(pk=payload["s"], token=payload["t"])
        .first()
    )
    if subscription is None:
        raise InvalidLink
    return subscription


def confirm(subscription: Subscription) -> bool:
    """Switch the subscription on; False if it already was."""
    if subscription.is_confirmed:
        return False
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    return True


def unsubscribe_request(token: str) -> tuple[Subscription | None, bool]:
    """The subscription a unsubscribe link names (None if it is gone) and whether it means all.

    A genuine link whose subscription was deleted already is no error: unsubscribing is
    idempotent, and the reader is simply told that no mails will come.
    """
    payload = _load(token, salt=UNSUBSCRIBE_SALT)
    subscription = (
        Subscription.objects.select_related("post")
        .filter(pk=payload["s"], token=payload["t"])
        .first()
    )
    return subscription, bool(payload.get("a"))


def unsubscribe(subscription: Subscription | None, *, everything: bool) -> int:
    """Delete the subscription, or every subscription of its address; returns how many."""
    if subscription is None:
        return 0
    if everything:
        deleted, _ = Subscription.objects.for_address(subscription.email).delete()
    else:
        deleted, _ = Subscription.objects.filter(pk=subscription.pk).delete()
    return deleted
