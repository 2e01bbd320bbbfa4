"""Post view counting without personal data and without a database write per page view.

A view is counted at most once per visitor and post within ``BLOG_VIEW_WINDOW_SECONDS``. The
visitor is recognised by the daily fingerprint of :mod:`core.visitors` (no cookie needed);
bots and prefetches are not counted. Fingerprints live only in the cache, with the window as
their lifetime; nothing about a visitor reaches the database. One network (IPv4 /24, IPv6 /64,
:func:`core.client_ip.network_of`) counts at most ``BLOG_VIEW_MAX_PER_NETWORK`` views per post
and day, however many browsers it pretends to be.

Counts go to per-post, per-day cache counters (``cache.incr``). A flush *claims* the views it
moves by decrementing the counter by what it read (atomic in Redis and in the local-memory
cache) and moves them only if the counter stays at zero or above; a flusher that raced another
finds it below zero and gives its claim back. So each view is moved exactly once however many
flushers run at the same time: the flush is safe to run on every app server at once, without a
lock. Views wait in Redis at most about a minute:

* the process that counted a view moves its counters ``BLOG_VIEW_FLUSH_SECONDS`` (30) later,
  with the next post page it serves (:func:`flush_due`), and at once when a counter reaches
  ``BLOG_VIEW_FLUSH_THRESHOLD``;
* ``manage.py flush_view_counts`` (cron, every minute, on every app server) moves every counter,
  also those of a process that died before its turn.

Displayed totals are the stored rows plus the pending counters (:func:`view_totals`); cached
pages fill in the count at most ``BLOG_PAGE_CACHE_LIVE_SECONDS`` old (:mod:`core.page_cache`).

Every cache call is guarded: when the cache is down, views go uncounted and the page still works.
"""

import logging
import time
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from blog.conf import blog_settings
from blog.models import Post, PostViewCount
from core.client_ip import client_network
from core.local_memory import COUNTED_VISITORS, VIEWS_TO_FLUSH
from core.visitors import fingerprint, is_bot, is_prefetch

logger = logging.getLogger(__name__)

FLUSH_CHUNK = 500
NETWORK_KEY_SECONDS = 25 * 3600  # a day's cap outlives the day (local time) it counts


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


def _network_key(request, post_id: int, day: date) -> str:
    network = client_network(request)
    # Only a keyed hash of the network reaches the cache (as in core.ratelimit).
    digest = salted_hmac("blog.views.network", f"{day.isoformat()}:{network}").hexdigest()
    return f"blog:views:network:{day.isoformat()}:{post_id}:{digest[:32]}"


def _increment(key: str, delta: int = 1, timeout: int | None = None) -> int:
    try:
        return cache.incr(key, delta)
    except ValueError:  # no counter yet (or it just expired)
        if cache.add(key, delta, timeout=timeout or _counter_timeout()):
            return delta
        return cache.incr(key, delta)


def record_view(request, post_id: int) -> bool:
    """Count a view of a post by the visitor of ``request``; True if it was counted.

    Needs only the request and the post's id, not the post or the rendered page, so the page
    cache calls it for the pages it serves itself. Never raises because of the cache.
    """
    if request.method != "GET":
        return False
    _flush_if_due()
    if is_prefetch(request) or is_bot(request.headers.get("User-Agent", "")):
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
        network = _increment(_network_key(request, post_id, today), timeout=NETWORK_KEY_SECONDS)
        if network > blog_settings.BLOG_VIEW_MAX_PER_NETWORK:
            return False
        pending = _increment(counter_key(post_id, today))
    except Exception:
        logger.warning("View of post %s not counted: cache unavailable.", post_id, exc_info=True)
        return False
    if (post_id, today) not in VIEWS_TO_FLUSH:
        VIEWS_TO_FLUSH.set((post_id, today), time.monotonic())
    if pending >= blog_settings.BLOG_VIEW_FLUSH_THRESHOLD:
        try:
            flush_counter(post_id, today)
        except Exception:
            logger.warning("Early flush of views of post %s failed.", post_id, exc_info=True)
    return True


def _flush_if_due() -> None:
    try:
        flush_due()
    except Exception:  # the database or the cache away: cron moves them later
        logger.warning("Flushing this process's views failed.", exc_info=True)


def flush_due() -> int:
    """Move this process's counters once the oldest view among them waited
    ``BLOG_VIEW_FLUSH_SECONDS``; returns how many views were moved."""
    oldest = VIEWS_TO_FLUSH.oldest()
    if oldest is None or oldest[1] + blog_settings.BLOG_VIEW_FLUSH_SECONDS > time.monotonic():
        return 0
    moved = 0
    for post_id, day in VIEWS_TO_FLUSH.pop_all():
        moved += flush_counter(post_id, day)
    return moved


def flush_counter(post_id: int, day: date) -> int:
    """Move the pending views of one post and day into the database; returns how many.

    Claims them by decrementing the counter by what it read: below zero, another flusher
    claimed them first, and the claim is given back (views arriving meanwhile just stay). If
    the database write fails, the views are given back to the counter too.
    """
    key = counter_key(post_id, day)
    amount = cache.get(key) or 0
    if amount <= 0:
        return 0
    try:
        left = cache.decr(key, amount)
    except ValueError:  # expired in between: nothing left to move
        return 0
    if left < 0:
        _increment(key, amount)
        return 0
    try:
        with transaction.atomic():
            PostViewCount.objects.add(post_id, day, amount)
    except Exception:
        _increment(key, amount)
        raise
    return amount


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


def view_totals(post: Post | int) -> dict:
    """``{"total": …, "today": …}`` views of ``post``: stored rows plus pending counters.

    One ``get_many`` and one aggregate query; a failing cache only hides the pending views.
    """
    post_id = getattr(post, "pk", post)
    days = pending_days()
    keys = [counter_key(post_id, day) for day in days]
    try:
        pending = cache.get_many(keys)
    except Exception:
        logger.warning("Pending views of post %s unreadable: cache unavailable.", post_id)
        pending = {}
    counts = {key: max(0, int(pending.get(key) or 0)) for key in keys}
    stored = PostViewCount.objects.totals_for(post_id, days[0])
    return {
        "total": stored["total"] + sum(counts.values()),
        "today": stored["today"] + counts[keys[0]],
    }


def view_count_html(request, post_id: int) -> str:
    """The view count as the post page shows it: filled into cached pages on every hit."""
    return render_to_string("blog/widgets/view_count.html", {"views": view_totals(post_id)})
