"""The blog's own settings with their defaults; a project setting of the same name wins."""

from django.conf import settings

DEFAULTS = {
    # Widths in pixels of the renditions made of every uploaded image (srcset); an image
    # narrower than the largest gets one at its own width instead of the wider ones.
    "BLOG_IMAGE_WIDTHS": (480, 960, 1440),
    # The width shown to browsers that ignore srcset, and the one whose size goes into the
    # img element's width/height attributes (the largest rendition up to this width).
    "BLOG_IMAGE_DEFAULT_WIDTH": 960,
    # Uploads above these limits are refused before any pixel is decoded.
    "BLOG_IMAGE_MAX_PIXELS": 50_000_000,
    "BLOG_IMAGE_MAX_BYTES": 20 * 1024 * 1024,
    # WebP quality of the renditions.
    "BLOG_IMAGE_QUALITY": 82,
    # The image column's width for the browser's choice among the renditions: the text measure
    # (34em of the body font) on wide screens, the viewport less the page margins otherwise.
    "BLOG_IMAGE_SIZES": "(min-width: 43rem) 41rem, calc(100vw - 2.5rem)",
    # How long the web server's access logs are kept: the privacy page states it, the
    # operator's log rotation must keep to it (docs/deploy.md).
    "BLOG_SERVER_LOG_RETENTION_DAYS": 7,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
