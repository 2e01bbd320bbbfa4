"""Fixed-window rate limits in Django's cache, shared by every app server when it is Redis."""

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def over_limit(scope: str, identity: str, rate: tuple[int, int]) -> bool:
    """Count one attempt for ``identity`` in ``scope``; True once more than allowed.

    ``rate`` is ``(attempts, seconds)``, a fixed window starting with the first attempt. The
    identity is stored only as a keyed hash. Cache errors propagate: callers decide whether to
    fail open (votes) or closed (mail).
    """
    limit, window = rate
    key = f"limit:{scope}:{salted_hmac('core.limit', identity).hexdigest()}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit
