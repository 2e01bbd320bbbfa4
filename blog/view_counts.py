"""Post view counting without personal data and without a database write per page view.

A view is counted at most once per visitor and post within ``BLOG_VIEW_WINDOW_SECONDS``. The
visitor is recognised by a fingerprint: an HMAC of client IP and user agent, keyed with a random
salt that lives only in the cache and is replaced every day, so fingerprints of different days
cannot be linked and none of them can be traced back once the salt has expired. Fingerprints
live only in the cache, with the window as their lifetime; nothing about a visitor reaches the
database.

Counts go to per-post, per-day cache counters (``cache.incr``). ``flush_pending()`` moves them
into ``PostViewCount`` rows: the ``flush_view_counts`` management command does so for all posts
(cron, every minute), and ``record_view()`` does so for one post whenever its counter reaches
``BLOG_VIEW_FLUSH_THRESHOLD``. Displayed totals are the stored rows plus the pending counters.

Every cache call is guarded: when the cache is down, views go uncounted and the page still works.
"""

import hashlib
import hmac
import logging
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from blog.client_ip import client_ip
from blog.models import Post, PostViewCount
from core import linear

logger = logging.getLogger(__name__)

DEFAULT_BOT_PATTERNS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "curl",
    "wget",
    "python-requests",
    "python-urllib",
    "httpx",
    "aiohttp",
    "go-http-client",
    "java/",
    "okhttp",
    "libwww",
    "scrapy",
    "headless",
    "phantomjs",
    "puppeteer",
    "playwright",
    "selenium",
    "lighthouse",
    "pagespeed",
    "preview",
    "monitor",
    "uptime",
    "pingdom",
    "check_http",
    "validator",
    "feed",
    "facebookexternalhit",
    "embedly",
    "archive",
)

SALT_LIFETIME = 2 * 24 * 3600
FLUSH_LOCK_SECONDS = 60
FLUSH_CHUNK = 500


def _window() -> int:
    return getattr(settings, "BLOG_VIEW_WINDOW_SECONDS", 30 * 60)


def _threshold() -> int:
    return getattr(settings, "BLOG_VIEW_FLUSH_THRESHOLD", 50)


def pending_days(today: date | None = None) -> list[date]:
    """The days whose cache counters are read and flushed: today and the days before it."""
    today = today or timezone.localdate()
    count = max(1, getattr(settings, "BLOG_VIEW_PENDING_DAYS", 3))
    return [today - timedelta(days=offset) for offset in range(count)]


def _counter_timeout() -> int:
    # A counter outlives the days it is read for by one day, so nothing is dropped unread.
    return (len(pending_days()) + 1) * 24 * 3600


def counter_key(post_id: int, day: date) -> str:
    return f"blog:views:pending:{day.isoformat()}:{post_id}"


def _bot_pattern() -> re.Pattern:
    return _compiled_bot_pattern(
        tuple(getattr(settings, "BLOG_VIEW_BOT_PATTERNS", DEFAULT_BOT_PATTERNS))
    )


@lru_cache(maxsize=4)
def _compiled_bot_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    # Matched against the lower-cased user agent: a case-sensitive search of literals is several
    # times faster than re.IGNORECASE over ~40 alternatives.
    return linear.compile("|".join(re.escape(pattern.lower()) for pattern in patterns))


def is_bot(user_agent: str) -> bool:
    """Bots, scripts, previews and monitors; a request without a user agent counts as one."""
    return not user_agent.strip() or bool(_bot_pattern().search(user_agent.lower()))


def _is_prefetch(request) -> bool:
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


# Today's salt, remembered per process: it saves a cache round trip on every page view.
_SALT_OF_DAY: dict[date, str] = {}


def _daily_salt(day: date) -> str | None:
    if day in _SALT_OF_DAY:
        return _SALT_OF_DAY[day]
    key = f"blog:views:salt:{day.isoformat()}"
    salt = cache.get(key)
    if salt is None:
        # add() keeps a salt another worker stored first; everyone then uses that one.
        cache.add(key, secrets.token_hex(32), timeout=SALT_LIFETIME)
        salt = cache.get(key)
    if salt is not None:
        _SALT_OF_DAY.clear()  # only today's salt is ever needed again
        _SALT_OF_DAY[day] = salt
    return salt


# Visitors this process found counted (by itself or by another process), seen key -> monotonic
# expiry, oldest first: a visitor reloading a page needs no shared-cache round trip to be
# recognised. A visitor already counted elsewhere is remembered for a whole window from the
# moment it was found, so such a visitor may count again up to one window later than exactly.
_COUNTED_HERE: OrderedDict[str, float] = OrderedDict()
_COUNTED_HERE_LIMIT = 100_000


def _counted_here(seen_key: str) -> bool:
    now = time.monotonic()
    while _COUNTED_HERE and next(iter(_COUNTED_HERE.values())) <= now:
        _COUNTED_HERE.popitem(last=False)
    return seen_key in _COUNTED_HERE


def _remember_counted(seen_key: str) -> None:
    if len(_COUNTED_HERE) >= _COUNTED_HERE_LIMIT:
        _COUNTED_HERE.popitem(last=False)
    _COUNTED_HERE[seen_key] = time.monotonic() + _window()


def forget_local_views() -> None:
    """Forget what this process counted (after the shared cache was cleared)."""
    _COUNTED_HERE.clear()
    _SALT_OF_DAY.clear()


def _fingerprint(salt: str, request) -> str:
    ip = client_ip(request) or "-"
    agent = request.headers.get("User-Agent", "")
    return hmac.new(salt.encode(), f"{ip}\n{agent}".encode(), hashlib.sha256).hexdigest()


def _increment(key: str, delta: int = 1) -> int:
    try:
        return cache.incr(key, delta)
    except ValueError:  # no counter yet (or it just expired)
        if cache.add(key, delta, timeout=_counter_timeout()):
            return delta
        return cache.incr(key, delta)


def record_view(request, post_id: int) -> bool:
    """Count a view of a post by the visitor of ``request``; True if it was counted.

    Needs only the request and the post's id, not the post or the rendered page, so the page
    cache calls it for the pages it serves itself. Never raises because of the cache.
    """
    if request.method != "GET" or _is_prefetch(request):
        return False
    if is_bot(request.headers.get("User-Agent", "")):
        return False
    today = timezone.localdate()
    try:
        salt = _daily_salt(today)
        if salt is None:
            return False
        seen_key = f"blog:views:seen:{post_id}:{_fingerprint(salt, request)}"
        if _counted_here(seen_key):
            return False
        counted = cache.add(seen_key, 1, timeout=_window())
        _remember_counted(seen_key)
        if not counted:
            return False
        pending = _increment(counter_key(post_id, today))
    except Exception:
        logger.warning("View of post %s not counted: cache unavailable.", post_id, exc_info=True)
        return False
    if pending >= _threshold():
        try:
            flush_counter(post_id, today)
        except Exception:
            logger.warning("Early flush of views of post %s failed.", post_id, exc_info=True)
    return True


def flush_counter(post_id: int, day: date) -> int:
    """Move the pending views of one post and day into the database; returns how many.

    A short cache lock keeps two flushers (command and request) off the same counter. The
    counter is decremented by exactly the amount written, so views arriving meanwhile stay; if
    the database write fails they are given back to the counter.
    """
    key = counter_key(post_id, day)
    lock = f"{key}:lock"
    if not cache.add(lock, 1, timeout=FLUSH_LOCK_SECONDS):
        return 0
    try:
        amount = cache.get(key) or 0
        if amount <= 0:
            return 0
        try:
            cache.decr(key, amount)
        except ValueError:  # expired in between: nothing left to move
            return 0
        try:
            with transaction.atomic():
                PostViewCount.objects.add(post_id, day, amount)
        except Exception:
            _increment(key, amount)
            raise
        return amount
    finally:
        cache.delete(lock)


def flush_pending(post_ids: Iterable[int] | None = None) -> tuple[int, int]:
    """Flush the pending counters of ``post_ids`` (default: all posts) for every pending day.

    Returns ``(views, counters)`` moved into the database. Reads the counters with one
    ``get_many`` per chunk of posts and touches only counters that hold views.
    """
    if post_ids is None:
        post_ids = Post.objects.order_by().values_list("pk", flat=True).iterator()
    days = pending_days()
    views = counters = 0
    chunk: list[int] = []
    for post_id in post_ids:
        chunk.append(post_id)
        if len(chunk) >= FLUSH_CHUNK:
            moved = _flush_chunk(chunk, days)
            views, counters, chunk = views + moved[0], counters + moved[1], []
    if chunk:
        moved = _flush_chunk(chunk, days)
        views, counters = views + moved[0], counters + moved[1]
    return views, counters


def _flush_chunk(post_ids: list[int], days: list[date]) -> tuple[int, int]:
    keys = {counter_key(post_id, day): (post_id, day) for post_id in post_ids for day in days}
    views = counters = 0
    for key, value in cache.get_many(list(keys)).items():
        if value and value > 0:
            moved = flush_counter(*keys[key])
            if moved:
                views, counters = views + moved, counters + 1
    return views, counters


def view_totals(post: Post) -> dict:
    """``{"total": …, "today": …}`` views of ``post``: stored rows plus pending counters.

    One ``get_many`` and one aggregate query; a failing cache only hides the pending views.
    """
    days = pending_days()
    keys = [counter_key(post.pk, day) for day in days]
    try:
        pending = cache.get_many(keys)
    except Exception:
        logger.warning("Pending views of post %s unreadable: cache unavailable.", post.pk)
        pending = {}
    counts = {key: max(0, int(pending.get(key) or 0)) for key in keys}
    stored = PostViewCount.objects.totals_for(post, days[0])
    return {
        "total": stored["total"] + sum(counts.values()),
        "today": stored["today"] + counts[keys[0]],
    }
