"""The anonymous reader: recognised without being known.

Two ways, for two purposes:

* A **visitor id** in a signed, HttpOnly cookie (:func:`visitor_key`) for what a reader does on
  purpose and may redo: a rating, a vote, a report. The database keeps only a keyed hash of the
  id, with a salt per use, so that e.g. votes and reports cannot be linked.
* A **fingerprint** (:func:`fingerprint`) for what happens without a cookie, such as counting
  a page view: an HMAC of client IP and user agent, keyed with a random salt that lives only in
  the cache and is replaced every day, so fingerprints of different days cannot be linked and
  none can be traced back once the salt has expired.

:func:`is_bot` and :func:`is_prefetch` tell apart the requests that are no reader at all.
"""

import hashlib
import hmac
import re
import secrets
from datetime import date
from functools import lru_cache

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from core import linear
from core.client_ip import client_ip
from core.conf import core_settings
from core.local_memory import DAILY_SALT

# The cookie's salt keeps the name it had before this module moved out of the blog: changing it
# would invalidate every reader's id (and let them vote again).
VISITOR_COOKIE = "gv_besucher"
VISITOR_COOKIE_SALT = "blog.visitor"
VISITOR_COOKIE_AGE = 365 * 24 * 3600

SALT_LIFETIME = 2 * 24 * 3600


# The visitor cookie -----------------------------------------------------------------------


def visitor_key(request, salt: str = VISITOR_COOKIE_SALT) -> tuple[str, str | None]:
    """``(keyed hash of the visitor id, new cookie value or None)`` for the reader of ``request``.

    Each use passes its own ``salt``, so that e.g. votes and reports cannot be linked.
    """
    raw = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_COOKIE_SALT)
    new = None
    if not raw or len(raw) < 32:
        raw = new = secrets.token_urlsafe(32)
    return salted_hmac(salt, raw, algorithm="sha256").hexdigest(), new


def remember_visitor(request, response, new_id: str | None):
    """Set the cookie on ``response`` when :func:`visitor_key` issued a new id."""
    if new_id:
        response.set_signed_cookie(
            VISITOR_COOKIE,
            new_id,
            salt=VISITOR_COOKIE_SALT,
            max_age=VISITOR_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# No reader at all -------------------------------------------------------------------------


def _bot_pattern() -> re.Pattern:
    return _compiled_bot_pattern(tuple(core_settings.BLOG_VIEW_BOT_PATTERNS))


@lru_cache(maxsize=4)
def _compiled_bot_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    # Matched against the lower-cased user agent: a case-sensitive search of literals is several
    # times faster than re.IGNORECASE over ~40 alternatives.
    return linear.compile("|".join(re.escape(pattern.lower()) for pattern in patterns))


def is_bot(user_agent: str) -> bool:
    """Bots, scripts, previews and monitors; a request without a user agent counts as one."""
    return not user_agent.strip() or bool(_bot_pattern().search(user_agent.lower()))


def is_prefetch(request) -> bool:
    """A browser loading the page ahead, in case the reader opens it."""
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


# The daily fingerprint --------------------------------------------------------------------


def _daily_salt(day: date) -> str | None:
    # Remembered per process (DAILY_SALT): it saves a cache round trip on every page view.
    salt = DAILY_SALT.get(day)
    if salt is not None:
        return salt
    key = f"visitors:salt:{day.isoformat()}"
    salt = cache.get(key)
    if salt is None:
        # add() keeps a salt another worker stored first; everyone then uses that one.
        cache.add(key, secrets.token_hex(32), timeout=SALT_LIFETIME)
        salt = cache.get(key)
    if salt is not None:
        DAILY_SALT.set(day, salt)  # one entry: only today's salt is ever needed again
    return salt


def fingerprint(request, day: date) -> str | None:
    """The reader's fingerprint on ``day``; None when the cache holds no salt (cache down).

    Cache errors propagate: the caller decides what an uncounted reader means.
    """
    salt = _daily_salt(day)
    if salt is None:
        return None
    ip = client_ip(request) or "-"
    agent = request.headers.get("User-Agent", "")
    return hmac.new(salt.encode(), f"{ip}\n{agent}".encode(), hashlib.sha256).hexdigest()
