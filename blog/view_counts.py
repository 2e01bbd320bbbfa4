"""Post view counting without personal data and without a database write per page view.

A view is counted at most once per visitor and post within ``BLOG_VIEW_WINDOW_SECONDS``. The
visitor is recognised by the daily fingerprint of :mod:`core.visitors` (no cookie needed);
bots and prefetches are not counted. Fingerprints live only in the cache, with the window as
their lifetime; nothing about a visitor reaches the database.

Counts go to per-post, per-day cache counters (``cache.incr``). ``flush_pending()`` moves them
into ``PostViewCount`` rows: the ``flush_view_counts`` management command does so for all posts
(cron, every minute), and ``record_view()`` does so for one post whenever its counter reaches
``BLOG_VIEW_FLUSH_THRESHOLD``. Displayed totals are the stored rows plus the pending counters.

Every cache call is guarded: when the cache is down, views go uncounted and the page still works.
"""

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from blog.conf import blog_settings
from blog.models import Post, PostViewCount
from core.local_memory import COUNTED_VISITORS
from core.visitors import fingerprint, is_bot, is_prefetch

logger = logging.getLogger(__name__)

FLUSH_LOCK_SECONDS = 60
FLUSH_CHUNK = 500


def pending_days(today: date | None = None) -> list[date]:
    """The days whose cache counters are read and flushed: today and the days before it."""
    today = today or timezone.localdate()
    count = max(1, blog_settings.BLOG_VIEW_PENDING_DAYS)
    return [today - timedelta(days=offset) for offset in range(count)]


def _counter_timeout() -> int:
    # A counter outlives the days it is read for by one day, so nothing is dropped unread.
    return (len(pending_days()) + 1) * 24 * 3600


def counter_key(post_id: int, day: date) -> str:
    return f"blog:views:pending:{day.isoformat()}:{post_id}"


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
    if request.method != "GET" or is_prefetch(request):
        return False
    if is_bot(request.headers.get("User-Agent", "")):
        return False
    today = timezone.localdate()
    try:
        visitor = fingerprint(request, today)
        if visitor is None:
            return False
        seen_key = f"blog:views:seen:{post_id}:{visitor}"
        if seen_key in COUNTED_VISITORS:  # a reload: no shared-cache round trip
            return False
        window = blog_settings.BLOG_VIEW_WINDOW_SECONDS
        counted = cache.add(seen_key, 1, timeout=window)
        COUNTED_VISITORS.set(seen_key, True, ttl=window)
        if not counted:
            return False
        pending = _increment(counter_key(post_id, today))
    except Exception:
        logger.warning("View of post %s not counted: cache unavailable.", post_id, exc_info=True)
        return False
    if pending >= blog_settings.BLOG_VIEW_FLUSH_THRESHOLD:
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
