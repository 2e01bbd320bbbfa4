"""Spam protection for the comment form, in the order the checks run.

1. Honeypot: a field people never see (CSS) nor reach (``tabindex=-1``); its label asks to leave
   it empty. Bots that fill every field get a neutral error; nothing is stored.
2. Fill-in time: the form carries a signed time (``TimestampSigner``) of when the reader first
   saw it. Sending sooner than ``COMMENTS_MIN_FILL_SECONDS`` after that, a missing or tampered
   value, or one older than ``COMMENTS_FORM_MAX_AGE`` is an error. The form then carries a
   freshly signed value: after "too fast" it keeps the first-seen time, so a reader who checks
   the text and sends again gets through; after "too old" it counts as already waited.
   Each signed value also carries a random nonce and is good for **one** submission: its
   first use is recorded with ``cache.add`` (atomic: of six clients replaying one value at
   once, one gets through); a second use is an error. Once used, the form carries a fresh value
   with the same first-seen time, so a reader whose comment is refused further on (duplicate,
   flood, moderation) sends the form shown again without losing or waiting for anything.
   While Redis is down the use is not recorded and a value may be replayed: posting must
   never depend on the cache, and the other checks (fill-in time, duplicates in the database,
   moderation) still hold.
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
import secrets
import time
from datetime import timedelta

from django import forms
from django.core.cache import cache
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner, b62_encode
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comments.conf import comments_settings
from comments.models import Comment
from core.ratelimit import over_limit

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "homepage"
TIMESTAMP_FIELD = "form_started"
SIGNING_SALT = "comments.spam.form-started"
NONCE_SEPARATOR = "."  # between the first-seen time and the nonce (token_urlsafe has no ".")
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
    """A signed, single-use value saying when the reader first saw the form (default: now)."""
    first = int(clock()) if first_seen is None else int(first_seen)
    return _signer().sign(f"{first}{NONCE_SEPARATOR}{secrets.token_urlsafe(12)}")


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


def read_token(token: str, max_age: int | None = None) -> tuple[int, str]:
    """(first-seen time, nonce) of a form value; raises ``BadSignature`` (``SignatureExpired``
    when signed more than ``max_age`` seconds ago) or ``ValueError`` (not a value
    :func:`issue_token` made)."""
    value = _signer().unsign(token, max_age=max_age)
    first, nonce = value.split(NONCE_SEPARATOR)
    return int(first), nonce


def _check_fill_time(form, token: str) -> None:
    try:
        first_seen, nonce = read_token(token, max_age=comments_settings.COMMENTS_FORM_MAX_AGE)
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
    _use_once(form, nonce, first_seen)


def _use_once(form, nonce: str, first_seen: int) -> None:
    """Record the form value's nonce as used; refuse a value used before (see point 2)."""
    key = f"comments:form-used:{nonce}"
    try:
        first_use = cache.add(key, 1, timeout=comments_settings.COMMENTS_FORM_MAX_AGE)
        used_before = not first_use and cache.get(key) is not None
    except Exception:  # a cache backend that raises instead of degrading
        first_use = used_before = False
    if used_before:
        _carry(form, issue_token())  # a replay waits like a form shown just now
        raise forms.ValidationError(
            _(
                "Dieses Formular wurde schon einmal abgeschickt. Wenn dein Kommentar noch nicht "
                "zu sehen ist, sende ihn bitte noch einmal ab."
            ),
            code="form_used",
        )
    if not first_use:  # the cache did not answer (or add() and get() came back empty)
        logger.warning("Form value not checked for reuse: cache unavailable.")
    _carry(form, issue_token(first_seen))


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
