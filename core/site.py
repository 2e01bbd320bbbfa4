"""The site's public address (``SITE_URL``), for every absolute URL the site hands out.

Links in mails and exports, canonical URLs, ``og:url`` and JSON-LD on pages, feeds and the
sitemap are built from ``SITE_URL``, never from the request's ``Host`` header: a page is cached
for every reader, and whoever sent a request with another (allowed) host name must not change
what others get.
"""

from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed

from core.conf import core_settings


def absolute_url(path: str) -> str:
    """``path`` on the public site (``SITE_URL``, without trailing slash); an absolute URL
    (e.g. of a media host) as it is."""
    if urlsplit(path).netloc:
        return path
    return f"{core_settings.SITE_URL.rstrip('/')}{path}"


class PublicRequest:
    """``request`` as if it had come to ``SITE_URL``: for Django's feeds and sitemaps, which
    build their absolute URLs from the request's host and scheme."""

    def __init__(self, request):
        self._request = request
        self._site = urlsplit(core_settings.SITE_URL)

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self) -> str:
        return self._site.netloc

    @property
    def scheme(self) -> str:
        return self._site.scheme

    def is_secure(self) -> bool:
        return self._site.scheme == "https"

    def build_absolute_uri(self, location=None) -> str:
        return absolute_url(self._request.get_full_path() if location is None else location)


class SiteFeed(Feed):
    """A syndication feed whose links are absolute on ``SITE_URL`` (see :class:`PublicRequest`)."""

    def get_feed(self, obj, request):
        return super().get_feed(obj, PublicRequest(request))
