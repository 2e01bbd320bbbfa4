"""The site's public address, for links that leave it (mails, data exports)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the public site (``SITE_URL``, without trailing slash)."""
    return f"{settings.SITE_URL}{path}"
