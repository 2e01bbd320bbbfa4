"""Every endpoint of the site, and what a browser could send to each: for tests that try them all.

:func:`endpoints` walks the URLconf (the admin included), so a new URL is tested without being
listed anywhere. :func:`crawl` then visits the site as a reader and as a moderator, following
links and reading forms, and records per endpoint the URLs that reach something real, the
query parameters its links carry and the fields of the forms that post to it, with their values.
"""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404


@dataclass(frozen=True)
class Endpoint:
    route: str  # as ResolverMatch.route spells it: the key of the endpoint
    name: str  # the URL name with namespaces ("" for unnamed patterns)
    regex: str  # the whole path's regular expression, without the leading slash

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def id(self) -> str:
        return self.name or self.route


@dataclass
class Seen:
    """What the crawl found out about one endpoint."""

    urls: list[str] = field(default_factory=list)  # paths (with query) that exist (not 404)
    params: dict[str, set[str]] = field(default_factory=dict)  # query parameter -> values
    fields: dict[str, set[str]] = field(default_factory=dict)  # form field -> values

    def note(self, target: dict[str, set[str]], name: str, value: str) -> None:
        values = target.setdefault(name, set())
        if len(values) < 8:
            values.add(value)


def _regex_part(pattern) -> str:
    regex = pattern.regex.pattern
    return regex[1:] if regex.startswith("^") else regex


def endpoints() -> list[Endpoint]:
    """Every URL pattern of the project's URLconf, in its order."""
    found = []

    def walk(patterns, route: str, regex: str, namespace: str) -> None:
        for pattern in patterns:
            part_route = str(pattern.pattern)
            joined = URLResolver._join_route(route, part_route) if route else part_route
            joined_regex = regex + _regex_part(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, joined, joined_regex, inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else ""
                found.append(Endpoint(route=joined, name=name, regex=joined_regex))

    walk(get_resolver().url_patterns, "", "", "")
    return found


def endpoint_of(path: str) -> str | None:
    """The route of the endpoint that answers ``path``, None if none does."""
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


class _Page(HTMLParser):
    """Links and forms of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.links.append(attrs["src"])
        elif tag == "form":
            self.forms.append(
                {"action": attrs.get("action", ""), "method": attrs.get("method", "get").upper()}
            )
            self.forms[-1]["fields"] = []
        elif self.forms and tag in ("input", "button", "select") and attrs.get("name"):
            value = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
            self.forms[-1]["fields"].append((attrs["name"], value))
            self._select = attrs["name"] if tag == "select" else None
        elif self.forms and tag == "option" and self._select:
            self.forms[-1]["fields"].append((self._select, attrs.get("value", "")))
        elif self.forms and tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.forms[-1]["fields"].append((attrs["name"], ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _local(base: str, href: str) -> str | None:
    """The path and query of a link on this site, None for other sites, anchors and scripts."""
    if href.startswith(("#", "mailto:", "javascript:", "tel:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc not in ("testserver", "localhost:8000"):
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    return f"{path}?{parts.query}" if parts.query else path


def crawl(clients: dict[str, object], starts: list[str], *, per_endpoint: int = 3, limit=400):
    """Visit the site from ``starts``; ``clients`` maps "admin" and "reader" to test clients.

    Returns ``{route: Seen}``. At most ``per_endpoint`` pages of one endpoint are fetched, and
    ``limit`` pages in all.
    """
    seen: dict[str, Seen] = {}
    queue = deque(starts)
    visited: set[str] = set()
    fetched = 0
    while queue and fetched < limit:
        url = queue.popleft()
        route = endpoint_of(url)
        if route is None or url in visited:
            continue
        record = seen.setdefault(route, Seen())
        if len(record.urls) >= per_endpoint:
            continue
        visited.add(url)
        client = clients["admin" if route.startswith("admin/") else "reader"]
        response = client.get(url)
        fetched += 1
        if response.status_code == 404 or response.status_code >= 500:
            continue  # a 5xx is for the tests to report, with the input that caused it
        record.urls.append(url)
        for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
            record.note(record.params, name, value)
        if "html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode("utf-8", "replace"))
        for href in page.links:
            local = _local(url, href)
            if local is None or not (target := endpoint_of(local)):
                continue
            target_record = seen.setdefault(target, Seen())
            for name, value in parse_qsl(urlsplit(local).query, keep_blank_values=True):
                target_record.note(target_record.params, name, value)
            if "/logout/" not in local:
                queue.append(local)
        for form in page.forms:
            action = _local(url, form["action"] or url)
            if action is None or not (target := endpoint_of(action)):
                continue
            target_record = seen.setdefault(target, Seen())
            into = target_record.fields if form["method"] == "POST" else target_record.params
            for name, value in form["fields"]:
                target_record.note(into, name, value)
            posts_here = form["method"] == "POST" and action not in target_record.urls
            if posts_here and len(target_record.urls) < per_endpoint:
                target_record.urls.append(action)  # a real target, though not for GET
    return seen


def admin_pages() -> list[str]:
    """The list, add, change, history and delete page of every model in the admin: for the
    first object of each model (or id 1, which the admin answers with a redirect)."""
    from django.contrib import admin
    from django.urls import reverse

    pages = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        for action in ("change", "history", "delete"):
            pages.append(reverse(f"{prefix}_{action}", args=[first or 1]))
    return pages
