"""Whole-page cache for anonymous readers of post pages.

A post page is the same for every anonymous reader but for a few hidden form values issued per
reader: the CSRF token, and whatever other apps register (the comment form's signed start time).
The cache stores the page with a placeholder where each such value stood and issues fresh values
on every hit, so one reader's token is never served to another. Every entry carries the
post's version number; bumping the version (a comment published or removed, the post edited)
makes all of that post's cached pages stale at once, on every app server sharing the cache.
An app server keeps its own copies of pages and of the versions it read (the ``PAGES``,
``CHECKED_VERSIONS`` and ``POST_OF_PATH`` tiers of :mod:`core.local_memory`, where their
staleness is stated): a change made through another app server shows there up to
``BLOG_PAGE_CACHE_RECHECK_SECONDS`` (1) later; the server that made the change shows it at once.

Requests that carry per-reader state are never cached nor served from the cache: logged-in
readers and anyone with a session, pending messages, a reply form (``?antwort=``), POSTs, and
readers with a cookie another app registered as marking content of their own on the page
(:func:`register_private_cookie`, e.g. their held comments on this post).
"""

import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token

from core import linear
from core.conf import core_settings
from core.local_memory import CHECKED_VERSIONS, PAGES, POST_OF_PATH

logger = logging.getLogger(__name__)

CACHEABLE_PARAMS = {"seite", "these"}
# Hidden fields whose value is issued per reader: field name -> issue(request) -> str.
_PER_READER_FIELDS = {"csrfmiddlewaretoken": get_token}


# Cookies that mean "this page shows something of this reader's own" (registered by the apps).
_PRIVATE_COOKIES: set[str] = set()


def register_private_cookie(name: str) -> None:
    """Render pages for readers who carry cookie ``name``, never from or into the cache."""
    _PRIVATE_COOKIES.add(name)


def register_per_reader_field(name: str, issue) -> None:
    """Have cached pages carry a fresh value of hidden field ``name`` for every reader."""
    _PER_READER_FIELDS[name] = issue


def _placeholder(name: str) -> str:
    return f"__PER_READER_{name}__"


def _with_placeholders(html: str) -> str:
    for name in _PER_READER_FIELDS:
        field = linear.compile(
            rf'(name="{re.escape(name)}" value=")[^"]*(")',
            reason="runs over pages this site rendered, where the literal start occurs only "
            "where a template put the field; the value is read once, up to its quote",
        )
        html = field.sub(rf"\g<1>{_placeholder(name)}\g<2>", html)
    return html


def _pieces(html: bytes) -> list:
    """``html`` split at its placeholders: page bytes at even, field names at odd indexes."""
    names = "|".join(re.escape(name) for name in _PER_READER_FIELDS)
    pieces = linear.compile(rf"__PER_READER_({names})__".encode()).split(html)
    pieces[1::2] = [name.decode() for name in pieces[1::2]]
    return pieces


def _with_fresh_values(pieces: list, request) -> bytes:
    """The page with this reader's values; one value per field, however often it occurs."""
    values = {name: _PER_READER_FIELDS[name](request).encode() for name in set(pieces[1::2])}
    page = list(pieces)
    page[1::2] = [values[name] for name in pieces[1::2]]
    return b"".join(page)


def _version_key(post_id: int) -> str:
    return f"post-version:{post_id}"


def _page_key(request) -> str:
    return f"post-page:{request.LANGUAGE_CODE}:{request.get_full_path()}"


def bump_post_version(post_id: int) -> None:
    """Invalidate every cached page of a post (all pages, languages and filters)."""
    CHECKED_VERSIONS.discard(post_id)
    try:
        cache.set(_version_key(post_id), _new_version(post_id), timeout=None)
    except Exception:
        logger.exception("Could not invalidate the page cache of post %s", post_id)


def _new_version(post_id: int) -> str:
    # Unique even if the previous version was evicted from the cache in the meantime.
    return uuid.uuid4().hex


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or core_settings.BLOG_PAGE_CACHE_SECONDS <= 0:
        return False
    if set(request.GET) - CACHEABLE_PARAMS:
        return False
    cookies = request.COOKIES
    if not _PRIVATE_COOKIES.isdisjoint(cookies):
        return False
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _remember(request, page_key: str, entry: tuple[int, str, bytes]) -> list:
    """Keep the page in this process, split at its placeholders (one copy per hit)."""
    POST_OF_PATH.set(request.path, entry[0])
    pieces = _pieces(entry[2])
    PAGES.set(
        page_key,
        (entry, pieces),
        ttl=core_settings.BLOG_PAGE_CACHE_SECONDS,  # no longer than the shared copy
        size=len(entry[2]),
    )
    return pieces


def _checked_version(post_id: int):
    """The post's version, asked of the shared cache at most once per recheck interval."""
    version = CHECKED_VERSIONS.get(post_id)
    if version is None:
        version = cache.get(_version_key(post_id))
        _trust(post_id, version)
    return version


def _trust(post_id: int, version) -> None:
    if version is not None:
        CHECKED_VERSIONS.set(post_id, version, ttl=core_settings.BLOG_PAGE_CACHE_RECHECK_SECONDS)


def _fetch(request, page_key: str):
    """(entry, the post's current version, the local pieces if this process holds the page).

    Knowing which post the path shows, a hit asks the shared cache only for the post's small
    version number while this process still holds the page (a long discussion's page is several
    hundred KB).
    """
    known_post = POST_OF_PATH.get(request.path)
    if known_post is None:
        entry = cache.get(page_key)
        return entry, None if entry is None else _checked_version(entry[0]), None
    current = _checked_version(known_post)
    local = PAGES.get(page_key)
    if local is not None and local[0][1] == current:
        return local[0], current, local[1]
    return cache.get(page_key), current, None


def cached_page(request) -> tuple[int, bytes] | None:
    """The cached page for this request as (post id, HTML with fresh per-reader values)."""
    page_key = _page_key(request)
    try:
        entry, current, pieces = _fetch(request, page_key)
    except Exception:
        logger.exception("Page cache unavailable")
        return None
    if entry is None or entry[1] != current:
        return None
    if pieces is None:
        pieces = _remember(request, page_key, entry)
    return entry[0], _with_fresh_values(pieces, request)


def current_version(post_id: int):
    """The post's version, read BEFORE rendering: a bump during rendering then wins."""
    try:
        cache.add(_version_key(post_id), _new_version(post_id), timeout=None)
        version = cache.get(_version_key(post_id))
    except Exception:
        logger.exception("Page cache unavailable")
        return None
    # A fresh read: the page about to be stored is then served from this process at once,
    # not rendered again until the version is next rechecked.
    _trust(post_id, version)
    return version


def store_page(request, post_id: int, version, response) -> None:
    if version is None or response.status_code != 200:
        return
    if response.cookies.keys() - {settings.CSRF_COOKIE_NAME}:
        return
    entry = (post_id, version, _with_placeholders(response.content.decode()).encode())
    try:
        cache.set(_page_key(request), entry, timeout=core_settings.BLOG_PAGE_CACHE_SECONDS)
        _remember(request, _page_key(request), entry)
    except Exception:
        logger.exception("Could not store a page in the cache")
