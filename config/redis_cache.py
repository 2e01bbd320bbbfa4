"""Django's Redis cache backend, made for a site that must keep working when Redis does not.

Three changes to ``django.core.cache.backends.redis.RedisCache``:

* **Short timeouts, no retries.** Connecting and every operation give up after a few hundred
  milliseconds (``socket_connect_timeout``, ``socket_timeout``; see ``DEFAULT_OPTIONS``) instead
  of redis-py's 5 seconds, and a failed operation is not retried.
* **A circuit breaker per process and server.** After a connection error or timeout nobody in
  this process asks that Redis server again for ``retry_after`` seconds: operations fail at once.
  Then one caller probes; the others keep failing fast until the probe has succeeded. A hung
  Redis therefore costs each process one timeout per interval, not one per operation.
* **Degrading instead of raising.** While Redis is unreachable a read is a miss (``get`` returns
  the default, ``get_many`` nothing, ``has_key`` False), a write is dropped (``set``,
  ``delete``, ``touch``, ``clear``; ``add`` returns False: nothing was stored). Counters cannot
  degrade without lying, so ``incr``/``decr`` raise :class:`CacheUnavailable`: rate limits and
  view counters catch it and decide themselves whether to fail open or closed. Errors that do
  not mean "Redis is unreachable" (a wrong type, a bad key) still raise.

The breaker logs once when it opens and once when Redis answers again, not on every operation.

And, as before: Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` object
for every operation, which costs more (redis-py fills a table of ~170 response callbacks, ~0.1 to
0.2 ms) than a page-cache hit otherwise does. redis-py clients are thread-safe and the pools are
shared anyway, so each pool gets one client for the life of the process.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Connection pool options (redis-py); settings may override them in CACHES[...]["OPTIONS"].
DEFAULT_OPTIONS = {
    # A Redis on the local network answers in well under a millisecond; waiting longer than
    # this only holds a web worker hostage.
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
    # redis-py retries nothing on a pool's connections unless told to; said here explicitly
    # because its defaults have changed between releases.
    "retry": Retry(NoBackoff(), 0),
}
DEFAULT_RETRY_AFTER = 5.0
# The errors that mean "Redis is unreachable or too slow" (ConnectionError covers refused and
# reset connections and a Redis still loading its data; TimeoutError a hung one).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
# The breaker's clock; tests replace it to let time pass.
clock = time.monotonic


class CacheUnavailable(Exception):
    """Redis could not be reached, or was not asked because it failed a moment ago."""


class CircuitBreaker:
    """Whether this process may ask one Redis server now; shared by all threads and caches."""

    def __init__(self, name: str, retry_after: float):
        self.name = name
        self.retry_after = retry_after
        # Monotonic time until which nobody asks; 0.0 while Redis answers (the breaker is closed).
        self.open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return bool(self.open_until)

    def allow(self) -> bool:
        """True if the caller may talk to Redis: the breaker is closed, or the caller probes."""
        if not self.open_until:
            return True
        now = clock()
        with self._lock:
            if now < self.open_until:
                return False
            # This caller probes; everyone else keeps failing fast for another interval.
            self.open_until = now + self.retry_after
        return True

    def succeeded(self) -> None:
        with self._lock:
            was_open, self.open_until = bool(self.open_until), 0.0
        if was_open:
            logger.warning("Redis %s answers again.", self.name)

    def failed(self, error: Exception) -> None:
        with self._lock:
            was_closed = not self.open_until
            self.open_until = clock() + self.retry_after
        if was_closed:
            logger.error(
                "Redis %s unavailable (%s): this process does without it for %.0f s at a time.",
                self.name,
                error,
                self.retry_after,
            )


# One breaker per process and Redis location, whatever the number of threads and cache objects
# (Django creates one cache object per thread).
_BREAKERS: dict[str, CircuitBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(servers: list[str], retry_after: float = DEFAULT_RETRY_AFTER) -> CircuitBreaker:
    location = ",".join(servers)
    breaker = _BREAKERS.get(location)
    if breaker is None:
        with _BREAKERS_LOCK:
            breaker = _BREAKERS.setdefault(
                location, CircuitBreaker(_without_credentials(servers), retry_after)
            )
    return breaker


def _without_credentials(servers: list[str]) -> str:
    """``host:port/db`` of each server, for the log: a Redis URL may carry a password."""
    names = []
    for server in servers:
        parts = urlsplit(server)
        names.append(f"{parts.hostname}:{parts.port or 6379}{parts.path}")
    return ",".join(names)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _Miss:
    """Marks an operation that did not reach Redis."""


_MISS = _Miss()


class ResilientRedisCache(RedisCache):
    """See the module docstring. Extra option: ``retry_after`` (seconds, default 5)."""

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        retry_after = float(options.pop("retry_after", DEFAULT_RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self.breaker = breaker_for(self._servers, retry_after)

    def _call(self, operation, *args):
        """``operation(*args)`` on the client, or ``_MISS`` if Redis is unavailable."""
        breaker = self.breaker
        if breaker.open_until and not breaker.allow():
            return _MISS
        try:
            result = operation(*args)
        except UNAVAILABLE as error:
            breaker.failed(error)
            return _MISS
        if breaker.open_until:
            breaker.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        added = self._call(self._cache.add, key, value, self.get_backend_timeout(timeout))
        return False if added is _MISS else added

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._call(self._cache.get, key, default)
        return default if value is _MISS else value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._call(self._cache.set, key, value, self.get_backend_timeout(timeout))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        touched = self._call(self._cache.touch, key, self.get_backend_timeout(timeout))
        return False if touched is _MISS else touched

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        deleted = self._call(self._cache.delete, key)
        return False if deleted is _MISS else deleted

    def get_many(self, keys, version=None):
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._call(self._cache.get_many, key_map.keys())
        return {} if found is _MISS else {key_map[k]: v for k, v in found.items()}

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        exists = self._call(self._cache.has_key, key)
        return False if exists is _MISS else exists

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._call(self._cache.incr, key, delta)
        if value is _MISS:
            raise CacheUnavailable(f"Redis {self.breaker.name} is unavailable.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        safe_data = {self.make_and_validate_key(key, version=version): v for key, v in data.items()}
        stored = self._call(self._cache.set_many, safe_data, self.get_backend_timeout(timeout))
        # The keys that were not stored: all of them when Redis was unavailable.
        return list(data) if stored is _MISS else []

    def delete_many(self, keys, version=None):
        if not keys:
            return
        safe_keys = [self.make_and_validate_key(key, version=version) for key in keys]
        self._call(self._cache.delete_many, safe_keys)

    def clear(self):
        cleared = self._call(self._cache.clear)
        return False if cleared is _MISS else cleared
