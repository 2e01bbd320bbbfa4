"""What each app server process keeps in its own memory, in front of the shared cache.

A hot request should need no round trip to the shared cache (Redis) for what rarely changes: the
benchmarks (``bench/throughput.py``: a cached post page, a returning reader) showed these round
trips to be most of a page-cache hit. Every such process-local tier is declared here, once, with
its bound and with how stale it may get; nothing else in the code keeps shared state in process
memory. :func:`forget_all` empties every tier (tests; after the shared cache was cleared).

The tiers, and how stale each may be:

``PAGES``
    Rendered post pages (page key -> the shared cache's entry and its pieces), at most 64 MiB,
    least recently used out first. A copy is served only while its post's version equals the
    version in ``CHECKED_VERSIONS`` and never longer than ``BLOG_PAGE_CACHE_SECONDS`` after it
    was stored (hits do not extend it): as stale as ``CHECKED_VERSIONS``.
``CHECKED_VERSIONS``
    A post's version number as last read from the shared cache, trusted for
    ``BLOG_PAGE_CACHE_RECHECK_SECONDS`` (1 s): a change made through another app server shows
    here at most that much later; one made through this process shows at once (the bump drops
    the entry).
``POST_OF_PATH``
    Which post a URL path shows (10,000 paths), so a hit asks the shared cache only for the
    post's small version number. Never stale in effect: a post that changes bumps its version.
``COUNTED_VISITORS``
    Visitors whose view of a post was counted (by this process or, found in the shared cache,
    by another), for the view window (``BLOG_VIEW_WINDOW_SECONDS``, 100,000 entries): a visitor
    counted elsewhere may count again up to one window later than exactly.
``DAILY_SALT``
    Today's fingerprint salt (one entry). Stale only if the shared cache lost the salt during
    the day; then this process counts each visitor at most once more that day.
"""

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

    def get(self, key, default=None):
        entry = self._entries.get(key)
        if entry is None:
            return default
        value, expires, _size = entry
        if expires is not None and expires <= time.monotonic():
            self.discard(key)
            return default
        if self.lru:
            self._entries.move_to_end(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key, self) is not self

    def set(self, key, value, *, ttl: float | None = None, size: int = 0) -> None:
        now = time.monotonic()
        self.discard(key)
        self._drop_expired_oldest(now)
        self._entries[key] = (value, None if ttl is None else now + ttl, size)
        self._bytes += size
        while self._entries and self._over_bounds():
            self.discard(next(iter(self._entries)))

    def discard(self, key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[2]

    def clear(self) -> None:
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
            self.discard(key)

    def __repr__(self) -> str:
        return f"<LocalTier {self.name}: {len(self)} entries>"


PAGES = LocalTier("pages", max_bytes=64 * 1024 * 1024, lru=True)
CHECKED_VERSIONS = LocalTier("checked versions", max_entries=10_000)
POST_OF_PATH = LocalTier("post of path", max_entries=10_000)
COUNTED_VISITORS = LocalTier("counted visitors", max_entries=100_000)
DAILY_SALT = LocalTier("daily salt", max_entries=1)

TIERS = (PAGES, CHECKED_VERSIONS, POST_OF_PATH, COUNTED_VISITORS, DAILY_SALT)


def forget_all() -> None:
    """Empty every tier of this process (tests; after the shared cache was cleared)."""
    for tier in TIERS:
        tier.clear()
