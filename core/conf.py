"""Settings defaults: one ``conf.py`` per app, the way django-debug-toolbar keeps its defaults.

Each app declares every setting it reads, with its default, in its own ``conf.py`` (this module
for ``core``, ``blog/conf.py``, ``comments/conf.py``) and reads it as an attribute of that app's
:class:`AppSettings`: ``core_settings.TRUSTED_PROXY_COUNT``. The project's
``config/settings.py`` sets only what differs from these defaults (mostly from the environment).

A value is read from Django's settings on first use and then kept: reading a setting the
project does not define costs an exception inside Django on every call, and moderation reads
several per comment. ``override_settings`` (and pytest-django's ``settings`` fixture) send
``setting_changed``, which drops the kept value, so tests that change settings see the change.
Without configured Django settings (a rule module used from a plain script) the defaults apply.
"""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed


class AppSettings:
    """One app's settings: ``DEFAULTS`` overridden by Django's settings of the same name."""

    def __init__(self, defaults: dict):
        self.DEFAULTS = dict(defaults)
        setting_changed.connect(self._forget, weak=False)

    def __getattr__(self, name: str):
        # Called only for names not kept yet (kept values are plain instance attributes).
        try:
            default = self.DEFAULTS[name]
        except KeyError:
            raise AttributeError(f"{name} is not one of this app's settings") from None
        if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
            return default
        try:
            value = getattr(settings, name, default)
        except ImproperlyConfigured:
            return default
        self.__dict__[name] = value
        return value

    def _forget(self, *, setting: str, **kwargs) -> None:
        self.__dict__.pop(setting, None)


core_settings = AppSettings(
    {
        # The site's name in mails, and its public address for links that leave it.
        "SITE_NAME": "Gegenverkehr",
        "SITE_URL": "http://localhost:8000",
        # Reverse proxies in front of the app server that append to X-Forwarded-For.
        "TRUSTED_PROXY_COUNT": 0,
        "PERMISSIONS_POLICY": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        # The page cache (the names date from when it lived in the blog; operators set them).
        # Lifetime of a cached post page (0: off); how long a server trusts a post's version.
        "BLOG_PAGE_CACHE_SECONDS": 300,
        "BLOG_PAGE_CACHE_RECHECK_SECONDS": 1,
        # How old a number that changes with every reader (a post's view count) may be on a
        # cached page: each process recomputes it at most this often per post.
        "BLOG_PAGE_CACHE_LIVE_SECONDS": 30,
        # What tells this release's cached pages from another's (e.g. the commit id); empty: a
        # digest of the static files manifest, so that pages linking other hashed static files
        # never mix during a rolling release.
        "RELEASE": "",
        # User agents that are no reader (matched lower-cased, as substrings).
        "BLOG_VIEW_BOT_PATTERNS": (
            "bot",
            "crawl",
            "spider",
            "slurp",
            "curl",
            "wget",
            "python-requests",
            "python-urllib",
            "httpx",
            "aiohttp",
            "go-http-client",
            "java/",
            "okhttp",
            "libwww",
            "scrapy",
            "headless",
            "phantomjs",
            "puppeteer",
            "playwright",
            "selenium",
            "lighthouse",
            "pagespeed",
            "preview",
            "monitor",
            "uptime",
            "pingdom",
            "check_http",
            "validator",
            "feed",
            "facebookexternalhit",
            "embedly",
            "archive",
        ),
    }
)
