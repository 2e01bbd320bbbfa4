"""What each app server process keeps in its own memory, in front of the shared cache.

A hot request should need no round trip to the shared cache (Redis) for what rarely changes: the
benchmarks (``bench/throughput.py``: a cached post page, a returning reader) showed these round
trips to be most of a page-cache hit. Every such process-local tier is declared here, once, with
its bound and with how stale it may get; nothing else in the code keeps shared state in process
memory. :func:`forget_all` empties every tier (tests; after the shared cache was cleared).

The tiers, and how stale each may be:

``PAGES``
    Rendered pages (page key -> the shared cache's entry and its pieces), at most 64 MiB,
    least recently used out first. A copy is served only while its versions equal those in
    ``CHECKED_VERSIONS``, and never after the shared entry's own expiry (which the entry
    carries; hits do not extend it): as stale as ``CHECKED_VERSIONS``.
``CHECKED_VERSIONS``
    A page scope's version number (a post's, the listings', the site's) as last read from the
    shared cache, trusted for ``BLOG_PAGE_CACHE_RECHECK_SECONDS`` (1 s): a change made through
    another app server shows here at most that much later; one made through this process
    shows at once (the bump after commit drops the entry).
``SCOPE_OF_PAGE``
    Which scope (which post) the page under a key belongs to (10,000 keys), so that a page is
    rendered with its versions read before its content. Never stale in effect: a key names
    one post's URL, and a post that changes bumps its version.
``LIVE_FRAGMENTS``
    The numbers a cached page fills in on every hit (a post's view count, per language), for
    ``BLOG_PAGE_CACHE_LIVE_SECONDS`` (30 s; 10,000 entries): shown at most that old.
``COUNTED_VISITORS``
    Visitors whose view of a post was counted (by this process or, found in the shared cache,
    by another), for the view window (``BLOG_VIEW_WINDOW_SECONDS``, 100,000 entries): a visitor
    counted elsewhere may count again up to one window later than exactly.
``VIEWS_TO_FLUSH``
    The (post, day) counters this process incremented since it last moved them into the
    database (10,000 entries; see :mod:`blog.view_counts`). Not a copy of shared state but a
    reminder: a counter it forgets (overflow, a killed worker) is moved by the periodic
    ``flush_view_counts`` instead, at most a minute later.
``DAILY_SALT``
    Today's fingerprint salt (one entry). Stale only if the shared cache lost the salt during
    the day; then this process counts each visitor at most once more that day.
Every tier is safe to use from several threads (gunicorn's ``gthread`` workers).
"""

import threading
import time
from collections import OrderedDict


class LocalTier:
    """A bounded mapping in this process's memory whose entries may expire.

    Bounded by ``max_entries`` and/or ``max_bytes`` (each entry's ``size`` as given to
    :meth:`set`); beyond that the oldest entries go first, or with ``lru=True`` the least
    recently read. An entry set with a ``ttl`` is gone ``ttl`` seconds after it was set.
    """

    def __init__(self, name: str, *, max_entries=None, max_bytes=None, lru: bool = False):
        self.name = name
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.lru = lru
        # key -> (value, monotonic expiry or None, size)
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key, default=None):
        entry = self._entries.get(key)
        if entry is None:
            return default
        value, expires, _size = entry
        if expires is not None and expires <= time.monotonic():
            self.discard(key)
            return default
        if self.lru:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key, self) is not self

    def set(self, key, value, *, ttl: float | None = None, size: int = 0) -> None:
        now = time.monotonic()
        with self._lock:
            self._discard(key)
            self._drop_expired_oldest(now)
            self._entries[key] = (value, None if ttl is None else now + ttl, size)
            self._bytes += size
            while self._entries and self._over_bounds():
                self._discard(next(iter(self._entries)))

    def discard(self, key) -> None:
        with self._lock:
            self._discard(key)

    def _discard(self, key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[2]

    def oldest(self):
        """``(key, value)`` of the entry set longest ago (expired or not), or None."""
        with self._lock:
            for key, (value, _expires, _size) in self._entries.items():
                return key, value
        return None

    def pop_all(self) -> list:
        """Every key (oldest first), removing them all."""
        with self._lock:
            keys = list(self._entries)
            self._entries.clear()
            self._bytes = 0
        return keys

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _over_bounds(self) -> bool:
        if self.max_entries is not None and len(self._entries) > self.max_entries:
            return True
        return self.max_bytes is not None and self._bytes > self.max_bytes

    def _drop_expired_oldest(self, now: float) -> None:
        # Entries with one lifetime expire in the order they were set: drop them from the front.
        while self._entries:
            key, (_value, expires, _size) = next(iter(self._entries.items()))
            if expires is None or expires > now:
                return
            self._discard(key)

    def __repr__(self) -> str:
        return f"<LocalTier {self.name}: {len(self)} entries>"


PAGES = LocalTier("pages", max_bytes=64 * 1024 * 1024, lru=True)
CHECKED_VERSIONS = LocalTier("checked versions", max_entries=10_000)
SCOPE_OF_PAGE = LocalTier("scope of page", max_entries=10_000)
LIVE_FRAGMENTS = LocalTier("live fragments", max_entries=10_000)
COUNTED_VISITORS = LocalTier("counted visitors", max_entries=100_000)
VIEWS_TO_FLUSH = LocalTier("views to flush", max_entries=10_000)
DAILY_SALT = LocalTier("daily salt", max_entries=1)

TIERS = (
    PAGES,
    CHECKED_VERSIONS,
    SCOPE_OF_PAGE,
    LIVE_FRAGMENTS,
    COUNTED_VISITORS,
    VIEWS_TO_FLUSH,
    DAILY_SALT,
)


def forget_all() -> None:
    """Empty every tier of this process (tests; after the shared cache was cleared)."""
    for tier in TIERS:
        tier.clear()
