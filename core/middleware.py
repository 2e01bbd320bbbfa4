import os

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import IsDirectoryError, MissingFileError

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
