"""Files the site answers for itself: /favicon.ico, and uploaded media where configured."""

from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from django.views.static import serve

# Upload and rendition names are random and never reused (blog/images.py): cache for good.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


@lru_cache(maxsize=1)
def _favicon_bytes() -> bytes:
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404("favicon.ico is missing from the static files.")
    with open(path, "rb") as file:
        return file.read()


@require_GET
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def serve_media(request, path):
    """Uploaded files, when ``SERVE_MEDIA`` is on (development; see docs/deploy.md)."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media are served by the web server.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # e.g. a name longer than the file system allows: no such file either
        raise Http404("No such file.") from None
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    return response
