"""Whole-page cache for anonymous readers of post pages.

A post page is the same for every anonymous reader but for the CSRF token in its forms. The
cache stores the page with a placeholder where each token stood and fills in the reader's own
token on every hit, so one reader's token is never served to another. Every entry carries the
post's version number; bumping the version (a comment published or removed, the post edited)
makes all of that post's cached pages stale at once, on every app server sharing the cache.

Requests that carry per-reader state are never cached nor served from the cache: logged-in
readers and anyone with a session, pending messages, a reply form (``?antwort=``), POSTs.
"""

import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "__CSRF_TOKEN__"
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CACHEABLE_PARAMS = {"seite", "these"}


def _timeout() -> int:
    return getattr(settings, "BLOG_PAGE_CACHE_SECONDS", 300)


def _version_key(post_id: int) -> str:
    return f"post-version:{post_id}"


def _page_key(request) -> str:
    return f"post-page:{request.LANGUAGE_CODE}:{request.get_full_path()}"


def bump_post_version(post_id: int) -> None:
    """Invalidate every cached page of a post (all pages, languages and filters)."""
    try:
        cache.set(_version_key(post_id), _new_version(post_id), timeout=None)
    except Exception:
        logger.exception("Could not invalidate the page cache of post %s", post_id)


def _new_version(post_id: int) -> str:
    # Unique even if the previous version was evicted from the cache in the meantime.
    return uuid.uuid4().hex


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or _timeout() <= 0:
        return False
    if set(request.GET) - CACHEABLE_PARAMS:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cached_page(request) -> tuple[int, bytes] | None:
    """The cached page for this request as (post id, HTML with the reader's token), if fresh."""
    try:
        entry = cache.get(_page_key(request))
        if entry is None:
            return None
        post_id, version, html = entry
        if cache.get(_version_key(post_id)) != version:
            return None
    except Exception:
        logger.exception("Page cache unavailable")
        return None
    return post_id, html.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


def current_version(post_id: int):
    """The post's version, read BEFORE rendering: a bump during rendering then wins."""
    try:
        cache.add(_version_key(post_id), _new_version(post_id), timeout=None)
        return cache.get(_version_key(post_id))
    except Exception:
        logger.exception("Page cache unavailable")
        return None


def store_page(request, post_id: int, version, response) -> None:
    if version is None or response.status_code != 200:
        return
    if response.cookies.keys() - {settings.CSRF_COOKIE_NAME}:
        return
    html = _CSRF_VALUE.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode())
    try:
        cache.set(_page_key(request), (post_id, version, html.encode()), timeout=_timeout())
    except Exception:
        logger.exception("Could not store a page in the cache")
