"""One address per page: the query parameters that select what a reader page shows, in one form.

The page cache (:mod:`core.page_cache`) keys a page by its path and these parameters only, and
stores a page only under its canonical path: whatever else a request carries (tracking
parameters, other forms of a number), it can neither create a cache entry nor get another
reader's. A number is canonical in ASCII digits without leading zeros (``?seite=2``); the
first page has no parameter at all. Other spellings Python would read as the same number
(``?seite=02``, ``?seite=２``, ``?seite=٢``) are redirected permanently to the canonical one;
anything else is a 404, or, for a parameter that only filters (``?these=``), dropped.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponsePermanentRedirect, QueryDict

# Longer "numbers" are no page of this site; int() of a long string costs quadratic time.
MAX_DIGITS = 6


@dataclass(frozen=True)
class NumberParam:
    name: str
    # The value the page has without the parameter: said by leaving the parameter out.
    default: int | None = None
    # True: a value that is no number is dropped (a filter); False: 404 (a page number).
    drop_invalid: bool = False


@dataclass(frozen=True)
class Canonical:
    query: str  # the canonical query of the parameters that select the page
    redirect: str | None  # the canonical form of the request's query, if it differs


NOTHING_SELECTED = Canonical("", None)


def number(raw: str) -> int | None:
    """The positive number ``raw`` spells (in any script's digits), or None."""
    raw = raw.strip()
    if not raw or len(raw) > MAX_DIGITS:
        return None
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= 1 else None


def canonical(query: QueryDict, params) -> Canonical:
    """The canonical form of ``params`` in ``query``; raises Http404 for an invalid page."""
    if not any(param.name in query for param in params):
        return NOTHING_SELECTED  # most requests: no copy of the query needed
    rewritten = query.copy()
    selected = []
    changed = False
    for param in params:
        values = query.getlist(param.name)
        if not values:
            continue
        value = number(values[-1])
        if value is None and not param.drop_invalid:
            raise Http404("Diese Seite gibt es nicht.")
        text = None if value is None or value == param.default else str(value)
        if text is None:
            rewritten.pop(param.name)
        else:
            rewritten.setlist(param.name, [text])
            selected.append((param.name, text))
        changed = changed or values != ([text] if text else [])
    encoded = QueryDict(mutable=True)
    for name, text in selected:
        encoded[name] = text
    return Canonical(encoded.urlencode(), rewritten.urlencode() if changed else None)


def redirect(path: str, query: str | None) -> HttpResponsePermanentRedirect:
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)
