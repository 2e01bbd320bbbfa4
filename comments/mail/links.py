"""The signed links in mails: confirming a subscription, unsubscribing.

Links carry a signed value (:mod:`core.signed_links`) naming the subscription and its random
``token``: they cannot be guessed, and resetting the token revokes them. Confirmation links
expire after ``COMMENTS_SUBSCRIPTION_CONFIRM_DAYS``; unsubscribe links never expire (RFC 8058
expects them to work for as long as mails arrive).
"""

from django.urls import reverse

from comments.conf import comments_settings
from comments.models import Subscription
from core.signed_links import InvalidLink, sign, unsign
from core.site import absolute_url

CONFIRM_SALT = "comments.subscription.confirm"
UNSUBSCRIBE_SALT = "comments.subscription.unsubscribe"
SCOPE_THREAD = "thread"
SCOPE_ALL = "all"


def confirm_max_age() -> int:
    return comments_settings.COMMENTS_SUBSCRIPTION_CONFIRM_DAYS * 24 * 60 * 60


def confirm_token(subscription: Subscription) -> str:
    return sign({"s": subscription.pk, "t": subscription.token}, salt=CONFIRM_SALT)


def confirm_url(subscription: Subscription) -> str:
    return absolute_url(
        reverse("comments:subscription-confirm", args=[confirm_token(subscription)])
    )


def unsubscribe_token(subscription: Subscription, scope: str = SCOPE_THREAD) -> str:
    payload = {"s": subscription.pk, "t": subscription.token, "a": scope == SCOPE_ALL}
    return sign(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: Subscription, scope: str = SCOPE_THREAD) -> str:
    token = unsubscribe_token(subscription, scope)
    return absolute_url(reverse("comments:unsubscribe", args=[token]))


def _load(token: str, *, salt: str, max_age: int | None = None) -> dict:
    payload = unsign(token, salt=salt, max_age=max_age)
    if "s" not in payload or "t" not in payload:
        raise InvalidLink
    return payload


def subscription_for_confirmation(token: str) -> Subscription:
    """The subscription a confirmation link names; raises ``InvalidLink`` or ``ExpiredLink``."""
    payload = _load(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
    subscription = (
        Subscription.objects.select_related("post", "comment")
        .filter(pk=payload["s"], token=payload["t"])
        .first()
    )
    if subscription is None:
        raise InvalidLink
    return subscription


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
