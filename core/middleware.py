import codecs
import os

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import IsDirectoryError, MissingFileError

from core import views
from core.conf import core_settings
from core.static import is_hashed_name


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = core_settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        return response


class DatabaseUnavailableMiddleware:
    """Answers 503 in the site's design when the database is unreachable, never a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Rendered without the request: its context processors could need the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, plus the hashed files another release added to ``STATIC_ROOT`` after start.

    WhiteNoise lists ``STATIC_ROOT`` once, when the process starts (its ``autorefresh`` mode
    looks every request up on disk and is meant for development). During a rolling release
    the next release collects its files into the shared ``STATIC_ROOT`` while this one runs,
    and a reader holding a page of the next release may ask this server for them. So a
    request WhiteNoise does not know, for a *hashed* name only (``core.static``: it never
    changes, so knowing it once is knowing it for good), is looked up in ``STATIC_ROOT`` once
    with WhiteNoise's own path checks; a file found is served from then on. Other misses cost
    nothing more than before.
    """

    def __call__(self, request):
        static_file = self.files.get(request.path_info)
        if static_file is None and not self.autorefresh:
            static_file = self._added_since_start(request.path_info)
        if static_file is not None:
            return self.serve(static_file, request)
        return self.get_response(request)

    def _added_since_start(self, url: str):
        if not self.static_root or not url.startswith(self.static_prefix):
            return None
        if not is_hashed_name(url) or not self.url_is_canonical(url):
            return None
        root = os.path.abspath(self.static_root).rstrip(os.sep) + os.sep
        path = os.path.join(root, url[len(self.static_prefix) :])
        if not self.path_is_child_of(path, root) or self.is_compressed_variant(path):
            return None
        try:
            static_file = self.get_static_file(path, url)
        except (MissingFileError, IsDirectoryError, OSError):
            return None
        self.files[url] = static_file
        return static_file

    def immutable_file_test(self, path, url):
        # A hashed name of another release is as immutable as one of this release's manifest.
        return super().immutable_file_test(path, url) or (
            url.startswith(self.static_prefix) and is_hashed_name(url)
        )


# Request bodies are decoded as UTF-8 (the pages declare it, browsers send it); ASCII is a subset.
ACCEPTED_CHARSETS = frozenset({"utf-8", "ascii"})


def _declared_charset(request) -> str | None:
    """The codec the Content-Type names: None if none, "" if Python knows no such codec."""
    charset = request.content_params.get("charset") if request.content_params else None
    if charset is None:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return ""


def _has_nul(pairs) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs)


def _flat(query_dict):
    """Every (key, value) of a QueryDict, all values of repeated keys included."""
    return ((key, value) for key, values in query_dict.lists() for value in values)


class MalformedRequestMiddleware:
    """Answers 400 to requests no browser sends, before anything reads them.

    * A body declared in another charset than UTF-8: Django would decode the query string with
      it (``charset=base64`` or ``unicode_escape`` fail or make lone surrogates) and refuses
      form bodies in anything but UTF-8 anyway.
    * A NUL character in the path, a query parameter or a header: PostgreSQL refuses NUL in
      text, and views and the admin read query parameters raw (search, filters). Form fields
      are left to the forms, whose text fields refuse NUL with a form error, so a reader keeps
      what they typed.
    * A cookie with a NUL character is dropped instead: a browser would send it on every visit,
      and a planted cookie must not lock a reader out of the site.

    Malformed multipart bodies and oversized forms are Django's own 400 answers, raised when a
    view (or the CSRF check) reads the form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._malformed(request):
            # Answered here rather than raised: Django logs a raised BadRequest with its
            # traceback, and these requests are an attacker's, not a bug.
            return views.bad_request(request, None)
        for name in [name for name, value in request.COOKIES.items() if "\x00" in name + value]:
            del request.COOKIES[name]
        return self.get_response(request)

    @staticmethod
    def _malformed(request) -> bool:
        if _declared_charset(request) not in (None, *ACCEPTED_CHARSETS):
            return True
        headers = ((k, v) for k, v in request.META.items() if k.startswith("HTTP_"))
        return "\x00" in request.path_info or _has_nul(headers) or _has_nul(_flat(request.GET))
