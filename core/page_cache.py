"""Whole pages for anonymous readers: post pages and the listings (home page, archives).

A page is the same for every anonymous reader but for a few hidden form values issued per
reader: the CSRF token, and whatever other apps register (the comment form's signed start time).
The cache stores the page with a placeholder where each such value stood and issues fresh values
on every hit, so one reader's token is never served to another. Numbers that change with every
reader (a post's view count) are *live fragments*: the page marks them
(``<!--live:NAME-->…<!--/live:NAME-->``) and a hit fills in a value at most
``BLOG_PAGE_CACHE_LIVE_SECONDS`` old, kept per process (``LIVE_FRAGMENTS``).

**Keys** name only what selects the content: the release (:func:`release`: pages of two
releases link different static files), the language, the path and the page's canonical query,
which the view builds from the parameters it knows (unknown ones are ignored; a non-canonical
form of a known one is redirected by the view before anything is stored). A page is stored only
under its canonical path, so no request can make the cache grow beyond the site's pages.
Absolute URLs in pages come from ``SITE_URL``, never from the request's Host, so pages need no
host in their key.

**Versions.** Every entry belongs to a *scope* (``post:<id>``, or ``listings`` for every page
that lists posts) and carries the version numbers of its scope and of the whole site (``site``:
the publisher details in every footer) as they were read *before* rendering. Bumping a version
(:func:`bump_post_version`, :func:`bump_site`) makes all pages of that
scope stale at once, on every app server sharing the cache. A bump always happens **after the
commit** of the transaction that made the change (``transaction.on_commit``; at once outside a
transaction): a reader rendering while the change is not yet visible to it then stores its page
under the old version, which the bump makes stale. Bumped inside the transaction, that reader
would store the old page under the new version, and it would be served until it expired.

An app server keeps its own copies of pages and of the versions it read (the ``PAGES``,
``CHECKED_VERSIONS`` and ``SCOPE_OF_PAGE`` tiers of :mod:`core.local_memory`): a change made
through another app server shows there up to ``BLOG_PAGE_CACHE_RECHECK_SECONDS`` (1) later; the
server that made it shows it at once. A local copy never outlives the shared entry: the entry
carries its expiry time, and the copy expires with it.

Requests that carry per-reader state are never cached nor served from the cache: logged-in
readers and anyone with a session, pending messages, POSTs, readers with a cookie another app
registered as marking content of their own on the page (:func:`register_private_cookie`, e.g.
their held comments on this post); views add their own (a reply form).
"""

import functools
import hashlib
import logging
import math
import re
import time
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.middleware.csrf import get_token

from core import linear
from core.conf import core_settings
from core.local_memory import CHECKED_VERSIONS, LIVE_FRAGMENTS, PAGES, SCOPE_OF_PAGE

logger = logging.getLogger(__name__)

SITE = "site"
LISTINGS = "listings"

# Hidden fields whose value is issued per reader: field name -> issue(request) -> str.
_PER_READER_FIELDS: dict[str, Callable] = {"csrfmiddlewaretoken": get_token}
# Live fragments: name -> render(request, post_id) -> str (HTML), filled in on every hit.
_LIVE_FRAGMENTS: dict[str, Callable] = {}

# An entry in the shared cache: a tuple, cheap to pickle and to read.
SCOPE, POST_ID, VERSIONS, HTML, EXPIRES_AT, FALLBACKS = range(6)
# Expiry times are Unix times, shared by every app server (keep their clocks in sync: NTP).
# Tests replace this clock.
wall_clock = time.time


# Cookies that mean "this page shows something of this reader's own" (registered by the apps).
_PRIVATE_COOKIES: set[str] = set()


def register_private_cookie(name: str) -> None:
    """Render pages for readers who carry cookie ``name``, never from or into the cache."""
    _PRIVATE_COOKIES.add(name)


def register_per_reader_field(name: str, issue) -> None:
    """Have cached pages carry a fresh value of hidden field ``name`` for every reader."""
    _PER_READER_FIELDS[name] = issue


def register_live_fragment(name: str, render) -> None:
    """Fill ``<!--live:name-->…<!--/live:name-->`` on cached pages with ``render(request,
    post_id)``, computed at most once per ``BLOG_PAGE_CACHE_LIVE_SECONDS`` per process."""
    _LIVE_FRAGMENTS[name] = render


def post_scope(post_id: int) -> str:
    return f"post:{post_id}"


# The release --------------------------------------------------------------------------------


def release() -> str:
    """What tells this release's pages from another's: ``RELEASE`` if set, else a digest of
    the static files manifest (hashed file names, so pages linking other files never mix)."""
    return core_settings.RELEASE or _manifest_digest()


@functools.cache
def _manifest_digest() -> str:
    hashed = getattr(staticfiles_storage, "hashed_files", None)
    if not hashed:
        return "-"  # unhashed static files (development): every release links the same names
    text = "\n".join(f"{name}\t{hashed[name]}" for name in sorted(hashed))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _forget_release(*, setting: str, **kwargs) -> None:
    if setting in ("STORAGES", "STATIC_ROOT", "STATIC_MANIFEST_ROOT"):
        _manifest_digest.cache_clear()


setting_changed.connect(_forget_release)


# Keys ---------------------------------------------------------------------------------------


def is_cacheable_request(request) -> bool:
    """Whether this request may be answered from, and stored in, the page cache."""
    if request.method not in ("GET", "HEAD") or core_settings.BLOG_PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    if not _PRIVATE_COOKIES.isdisjoint(cookies):
        return False
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_key(request, canonical_query: str = "") -> str:
    """The key of the page ``request`` asks for; ``canonical_query`` as built by the view."""
    query = f"?{canonical_query}" if canonical_query else ""
    return f"page:{release()}:{request.LANGUAGE_CODE}:{request.path}{query}"


def _version_key(scope: str) -> str:
    return f"page-version:{scope}"


# Invalidation: always after commit ------------------------------------------------------------


def bump(*scopes: str) -> None:
    """Make every cached page of ``scopes`` stale, once the current transaction commits."""
    transaction.on_commit(functools.partial(_bump_now, scopes), robust=True)


def bump_post_version(post_id: int) -> None:
    """A post changed (or what its page shows: comments, ratings, votes): its pages and every
    listing (teasers show titles, excerpts, tags, comment counts) are stale after commit."""
    bump(post_scope(post_id), LISTINGS)


def bump_site() -> None:
    """Every cached page is stale after commit (e.g. the publisher details in the footer)."""
    bump(SITE)


def _bump_now(scopes: Iterable[str]) -> None:
    for scope in scopes:
        CHECKED_VERSIONS.discard(scope)
    try:
        # Unique even if the previous version was evicted from the cache in the meantime.
        cache.set_many({_version_key(scope): uuid.uuid4().hex for scope in scopes}, timeout=None)
    except Exception:
        logger.exception("Could not invalidate the page cache of %s", ", ".join(scopes))


def _current_versions(scope: str):
    """(site version, scope version), asked of the shared cache at most once per recheck."""
    site, own = CHECKED_VERSIONS.get(SITE), CHECKED_VERSIONS.get(scope)
    if site is None or own is None:
        found = cache.get_many([_version_key(SITE), _version_key(scope)])
        site, own = found.get(_version_key(SITE)), found.get(_version_key(scope))
        _trust(SITE, site)
        _trust(scope, own)
    return (site, own)


def _trust(scope: str, version) -> None:
    if version is not None:
        CHECKED_VERSIONS.set(scope, version, ttl=core_settings.BLOG_PAGE_CACHE_RECHECK_SECONDS)


def versions_before_render(scope: str):
    """The versions a page of ``scope`` is stored under, read BEFORE anything it shows is read
    from the database: a change committed meanwhile then bumps past them. None: not cached."""
    keys = [_version_key(SITE), _version_key(scope)]
    try:
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, uuid.uuid4().hex, timeout=None)
            found = cache.get_many(keys)
    except Exception:
        logger.exception("Page cache unavailable")
        return None
    versions = (found.get(keys[0]), found.get(keys[1]))
    if None in versions:
        return None
    # A fresh read: the page about to be stored is then served from this process at once,
    # not rendered again until the versions are next rechecked.
    _trust(SITE, versions[0])
    _trust(scope, versions[1])
    return versions


def known_scope(key: str) -> str | None:
    """The scope of the page under ``key`` if this process has seen it (the post a path shows)."""
    return SCOPE_OF_PAGE.get(key)


# Placeholders --------------------------------------------------------------------------------


def _placeholder(kind: str, name: str) -> str:
    return f"__{kind}_{name}__"


def _live_markers(name: str) -> tuple[str, str]:
    return f"<!--live:{name}-->", f"<!--/live:{name}-->"


def _with_placeholders(html: str) -> tuple[str, dict]:
    """The page with placeholders, and each live fragment's value as rendered (the fallback)."""
    # Text that merely looks like a placeholder (a reader may type one) is made not to.
    html = html.replace("__PER_READER_", "_&#95;PER_READER_").replace("__LIVE_", "_&#95;LIVE_")
    for name in _PER_READER_FIELDS:
        field = linear.compile(
            rf'(name="{re.escape(name)}" value=")[^"]*(")',
            reason="runs over pages this site rendered, where the literal start occurs only "
            "where a template put the field; the value is read once, up to its quote",
        )
        html = field.sub(rf"\g<1>{_placeholder('PER_READER', name)}\g<2>", html)
    fallbacks = {}
    for name in _LIVE_FRAGMENTS:
        start, end = _live_markers(name)
        parts, position = [], 0
        while (opened := html.find(start, position)) >= 0:
            closed = html.find(end, opened)
            if closed < 0:
                break
            fallbacks.setdefault(name, html[opened + len(start) : closed].encode())
            parts += [html[position:opened], start, _placeholder("LIVE", name), end]
            position = closed + len(end)
        html = "".join(parts) + html[position:]
    return html, fallbacks


def _pieces(html: bytes) -> list:
    """``html`` split at its placeholders: page bytes at even, (kind, name) at odd indexes."""
    names = "|".join(re.escape(name) for name in (*_PER_READER_FIELDS, *_LIVE_FRAGMENTS))
    split = linear.compile(rf"__(PER_READER|LIVE)_({names})__".encode()).split(html)
    # With two groups the split is [text, kind, name, text, kind, name, ..., text].
    pieces = [split[0]]
    for index in range(1, len(split), 3):
        pieces += [(split[index].decode(), split[index + 1].decode()), split[index + 2]]
    return pieces


def _filled(pieces: list, request, entry) -> bytes:
    """The page with this reader's values; one value per field, however often it occurs."""
    values = {}
    page = list(pieces)
    for index in range(1, len(pieces), 2):
        slot = pieces[index]
        if slot not in values:
            kind, name = slot
            if kind == "PER_READER":
                values[slot] = _PER_READER_FIELDS[name](request).encode()
            else:
                values[slot] = _live_value(name, request, entry)
        page[index] = values[slot]
    return b"".join(page)


def _live_value(name: str, request, entry) -> bytes:
    key = (name, entry[POST_ID], request.LANGUAGE_CODE)
    value = LIVE_FRAGMENTS.get(key)
    if value is None:
        try:
            value = _LIVE_FRAGMENTS[name](request, entry[POST_ID]).encode()
        except Exception:
            # The database may be away while the cache still serves: the value as rendered.
            logger.warning("Live fragment %s of %s unavailable.", name, entry[SCOPE], exc_info=True)
            return entry[FALLBACKS].get(name, b"")
        LIVE_FRAGMENTS.set(key, value, ttl=core_settings.BLOG_PAGE_CACHE_LIVE_SECONDS)
    return value


# Hits and stores -------------------------------------------------------------------------------


def _remember(key: str, entry: tuple) -> list | None:
    """Keep the page in this process, split at its placeholders, no longer than the shared
    entry lives; None when it has expired."""
    SCOPE_OF_PAGE.set(key, entry[SCOPE])
    lifetime = entry[EXPIRES_AT] - wall_clock()
    if lifetime <= 0:
        return None
    pieces = _pieces(entry[HTML])
    PAGES.set(key, (entry, pieces), ttl=lifetime, size=len(entry[HTML]))
    return pieces


def cached_page(request, key: str) -> tuple[int | None, bytes] | None:
    """The cached page under ``key`` as (post id or None, HTML with this reader's values)."""
    try:
        local = PAGES.get(key)
        if local is not None:
            entry, pieces = local
            if _current_versions(entry[SCOPE]) == entry[VERSIONS]:
                return entry[POST_ID], _filled(pieces, request, entry)
        entry = cache.get(key)
        if entry is None:
            return None
        if _current_versions(entry[SCOPE]) != entry[VERSIONS]:
            SCOPE_OF_PAGE.set(key, entry[SCOPE])
            return None
        pieces = _remember(key, entry)
        if pieces is None:
            return None
        return entry[POST_ID], _filled(pieces, request, entry)
    except Exception:
        logger.exception("Page cache unavailable")
        return None


def store_page(
    request, key: str, scope: str, versions, response, *, post_id=None, expires_at=None
) -> None:
    """Store ``response`` under ``key`` for ``BLOG_PAGE_CACHE_SECONDS`` (or until
    ``expires_at``, a Unix time), if it is a page every anonymous reader may get."""
    if versions is None or response.status_code != 200:
        return
    if response.cookies.keys() - {settings.CSRF_COOKIE_NAME}:
        return
    now = wall_clock()
    expires = now + core_settings.BLOG_PAGE_CACHE_SECONDS
    if expires_at is not None:
        expires = min(expires, expires_at)
    if expires - now < 1:
        return
    html, fallbacks = _with_placeholders(response.content.decode())
    entry = (scope, post_id, versions, html.encode(), expires, fallbacks)
    try:
        # Redis counts whole seconds: the shared entry lives at most a second longer than the
        # expiry the entry carries, which bounds every local copy.
        cache.set(key, entry, timeout=math.ceil(expires - now))
        _remember(key, entry)
    except Exception:
        logger.exception("Could not store a page in the cache")
        return
    # The live values were computed for this very rendering: fresh for the next hits here.
    for name, value in fallbacks.items():
        LIVE_FRAGMENTS.set(
            (name, post_id, request.LANGUAGE_CODE),
            value,
            ttl=core_settings.BLOG_PAGE_CACHE_LIVE_SECONDS,
        )
