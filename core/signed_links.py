"""Links that carry a signed value (``django.core.signing``): nobody can forge or alter them.

Mails and pages hand such links out (confirming a subscription, unsubscribing, deleting one's
own comment). :func:`unsign` reads the value back or raises :class:`InvalidLink` (or its
subclass :class:`ExpiredLink`); :class:`SignedLinkView` shows a page behind such a link and
answers an invalid or expired one with ``link_invalid.html``.
"""

from django.core import signing
from django.shortcuts import render
from django.views import View

INVALID_STATUS = 400
EXPIRED_STATUS = 410


class InvalidLink(Exception):
    """The link was altered, revoked or never issued."""


class ExpiredLink(InvalidLink):
    """The link is genuine but too old."""


def sign(payload: dict, *, salt: str) -> str:
    return signing.dumps(payload, salt=salt)


def unsign(token: str, *, salt: str, max_age: int | None = None) -> dict:
    """The payload :func:`sign` put into ``token``; raises :class:`InvalidLink`."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredLink from exc
    except signing.BadSignature as exc:
        raise InvalidLink from exc
    if not isinstance(payload, dict):
        raise InvalidLink
    return payload


class SignedLinkView(View):
    """A page behind a signed link; subclasses implement :meth:`load` and set the texts.

    Every state change is a POST behind a page with a button, so link scanners and prefetchers
    that follow links in mails change nothing.
    """

    invalid_text = ""
    expired_text = ""  # falls back to ``invalid_text``

    def load(self, token: str) -> None:
        """Find what the link names and keep it on ``self``; raise :class:`InvalidLink`."""
        raise NotImplementedError

    def dispatch(self, request, token):
        try:
            self.load(token)
        except InvalidLink as exc:
            expired = isinstance(exc, ExpiredLink)
            message = (self.expired_text or self.invalid_text) if expired else self.invalid_text
            return render(
                request,
                "link_invalid.html",
                {"message": message},
                status=EXPIRED_STATUS if expired else INVALID_STATUS,
            )
        return super().dispatch(request, token)
