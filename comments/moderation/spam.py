"""Spam protection for the comment form, in the order the checks run.

1. Honeypot: a field people never see (CSS) nor reach (``tabindex=-1``); its label asks to leave
   it empty. Bots that fill every field get a neutral error; nothing is stored.
2. Fill-in time: the form carries a signed time (``TimestampSigner``) of when the reader first
   saw it. Sending sooner than ``COMMENTS_MIN_FILL_SECONDS`` after that, a missing or tampered
   value, or one older than ``COMMENTS_FORM_MAX_AGE`` is an error. The form then carries a
   freshly signed value: after "too fast" it keeps the first-seen time, so a reader who checks
   the text and sends again gets through; after "too old" it counts as already waited.
3. Duplicates: the same text from the same e-mail address, account or IP address within
   ``COMMENTS_DUPLICATE_WINDOW`` seconds, on any post.
4. Flood limits per IP address, e-mail address and account (``COMMENTS_RATE_LIMITS``), counted in
   Django's cache with ``add`` + ``incr`` – shared by every app server when the cache is Redis.
   A cache outage lets comments through: posting must never depend on the cache.

``COMMENTS_HOLD_FIRST_GUEST_COMMENT`` holds a guest's comments until a moderator has approved
one of theirs (by e-mail address); :mod:`~comments.moderation.review` asks
:func:`holds_first_comment`.
"""

import logging
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner, b62_encode
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comments.conf import comments_settings
from comments.models import Comment
from core.local_memory import FORM_TOKENS
from core.ratelimit import over_limit

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "homepage"
TIMESTAMP_FIELD = "form_started"
SIGNING_SALT = "comments.spam.form-started"
FIRST_COMMENT_RULE = "erstkommentar"


def clock() -> float:
    """The current time in seconds; tests replace it to let time pass."""
    return time.time()


def rate_limits() -> dict:
    """Flood limits per scope: the setting merged over the defaults, scope by scope."""
    return {
        **comments_settings.DEFAULTS["COMMENTS_RATE_LIMITS"],
        **comments_settings.COMMENTS_RATE_LIMITS,
    }


# The form fields ------------------------------------------------------------------------


class _Signer(TimestampSigner):
    def timestamp(self):
        # The signature's own time follows the same clock as the fill-in check.
        return b62_encode(int(clock()))


def _signer() -> _Signer:
    return _Signer(salt=SIGNING_SALT)


def issue_token(first_seen: float | None = None) -> str:
    """A signed value saying when the reader first saw the form (default: now)."""
    now = int(clock())
    key = (now if first_seen is None else int(first_seen), now, settings.SECRET_KEY)
    # Every form shown within one second carries the same token (a cached page issues one on
    # every hit): the last one is kept by (value, second of signing, signing key).
    token = FORM_TOKENS.get(key)
    if token is None:
        token = _signer().sign(str(key[0]))
        FORM_TOKENS.set(key, token)
    return token


def honeypot_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def timestamp_field() -> forms.CharField:
    # A callable initial value is evaluated whenever an unbound form is rendered.
    return forms.CharField(required=False, widget=forms.HiddenInput, initial=issue_token)


# The checks -------------------------------------------------------------------------------


def check(form, cleaned: dict) -> None:
    """Run every check on a form whose fields are valid; raise the first error found.

    ``form`` provides ``user``, ``ip_address`` and ``data`` (to carry a fresh timestamp).
    """
    if str(cleaned.get(HONEYPOT_FIELD) or "").strip():
        raise forms.ValidationError(
            _("Dein Kommentar konnte nicht angenommen werden."), code="not_accepted"
        )
    _check_fill_time(form, cleaned.get(TIMESTAMP_FIELD) or "")
    email = _email(form, cleaned)
    _check_duplicate(form, cleaned["body"], email)
    _check_flood(form, email)


def _check_fill_time(form, token: str) -> None:
    signer = _signer()
    try:
        first_seen = int(signer.unsign(token, max_age=comments_settings.COMMENTS_FORM_MAX_AGE))
    except SignatureExpired:
        _carry(form, issue_token(clock() - comments_settings.COMMENTS_MIN_FILL_SECONDS))
        raise forms.ValidationError(
            _(
                "Das Formular war sehr lange geöffnet. Bitte prüfe deinen Kommentar und sende "
                "ihn noch einmal ab."
            ),
            code="form_expired",
        ) from None
    except (BadSignature, ValueError):
        _carry(form, issue_token())
        raise forms.ValidationError(
            _(
                "Das Formular konnte nicht geprüft werden. Bitte sende deinen Kommentar noch "
                "einmal ab."
            ),
            code="form_invalid",
        ) from None
    if clock() - first_seen < comments_settings.COMMENTS_MIN_FILL_SECONDS:
        _carry(form, issue_token(first_seen))
        raise forms.ValidationError(
            _("Das ging sehr schnell – bitte prüfe deinen Kommentar und sende ihn noch einmal ab."),
            code="too_fast",
        )


def _carry(form, token: str) -> None:
    """Put ``token`` into the bound form, so the form shown again carries it."""
    data = form.data.copy()
    data[form.add_prefix(TIMESTAMP_FIELD)] = token
    form.data = data


def _email(form, cleaned) -> str:
    if form.user is not None:
        return form.user.email or ""
    return cleaned.get("author_email") or ""


def _check_duplicate(form, body: str, email: str) -> None:
    who = Q()
    if form.user is not None:
        who |= Q(user=form.user)
    if email:
        who |= Q(author_email__iexact=email)
    if form.ip_address:
        who |= Q(ip_address=form.ip_address)
    if not who:
        return
    since = timezone.now() - timedelta(seconds=comments_settings.COMMENTS_DUPLICATE_WINDOW)
    if Comment.objects.filter(who, body=body, submitted_at__gte=since).exists():
        raise forms.ValidationError(
            _("Diesen Kommentar hast du bereits abgeschickt."), code="duplicate"
        )


def _check_flood(form, email: str) -> None:
    identities = [("ip", form.ip_address)]
    if form.user is not None:
        identities.append(("user", str(form.user.pk)))
    else:
        identities.append(("email", email.lower()))
    limits = rate_limits()
    for scope, identity in identities:
        rate = limits.get(scope)
        if not identity or not rate:
            continue
        try:
            exceeded = over_limit(f"comment-{scope}", identity, tuple(rate))
        except Exception:
            logger.warning("Comment limit %s not checked: cache unavailable.", scope, exc_info=True)
            continue
        if exceeded:
            raise forms.ValidationError(
                _("Du schreibst gerade sehr viele Kommentare. Bitte warte einen Moment."),
                code="flood",
            )


def holds_first_comment(*, email: str, user=None) -> bool:
    """True if this guest's comment waits for a moderator because none of theirs was approved."""
    if user is not None or not email:
        return False
    if not comments_settings.COMMENTS_HOLD_FIRST_GUEST_COMMENT:
        return False
    return not Comment.objects.filter(
        user__isnull=True, author_email__iexact=email, status=Comment.Status.PUBLISHED
    ).exists()
