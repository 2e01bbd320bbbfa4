"""The site's public address, for links that leave it (mails, data exports)."""

from core.conf import core_settings


def absolute_url(path: str) -> str:
    """``path`` on the public site (``SITE_URL``, without trailing slash)."""
    return f"{core_settings.SITE_URL.rstrip('/')}{path}"
