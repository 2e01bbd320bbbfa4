"""The moderators' watched words as the review context needs them, cached.

Posting a comment reads the list from the cache; saving or deleting a watched word drops the
cached copy (the signal receivers below), so the next comment reads it anew.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.models import WatchedWord

logger = logging.getLogger(__name__)

CACHE_KEY = "comments:watched-words:v1"
CACHE_SECONDS = 24 * 3600  # a safety net: invalidation on save/delete keeps it current


def watched_words() -> tuple[tuple[str, str], ...]:
    """``(word, action)`` pairs of all watched words."""
    try:
        cached = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("Watched words read from the database: cache unavailable.", exc_info=True)
        cached = None
    if cached is not None:
        return tuple(tuple(pair) for pair in cached)
    words = tuple(WatchedWord.objects.order_by("word").values_list("word", "action"))
    try:
        cache.set(CACHE_KEY, words, CACHE_SECONDS)
    except Exception:
        logger.warning("Watched words not cached: cache unavailable.", exc_info=True)
    return words


def invalidate() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.exception("Could not drop the cached watched words.")


@receiver(post_save, sender=WatchedWord)
@receiver(post_delete, sender=WatchedWord)
def drop_cached_watched_words(sender, **kwargs):
    # Now, and again after the commit: a comment posted in between must not cache the old list.
    invalidate()
    transaction.on_commit(invalidate)
