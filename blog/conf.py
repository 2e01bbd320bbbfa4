"""The blog's settings and their defaults (see :mod:`core.conf`)."""

from core.conf import AppSettings

blog_settings = AppSettings(
    {
        "BLOG_POSTS_PER_PAGE": 10,
        # Comments close this many days after publication (None or 0: never). Read by the post.
        "COMMENTS_CLOSE_AFTER_DAYS": None,
        # View counting: a visitor counts once per post within the window, one network (IPv4
        # /24, IPv6 /64) at most this many times per post and day; counters are written to the
        # database this many seconds after a view by the process that counted it (and at the
        # threshold, and by cron every minute) and kept in the cache for this many days.
        "BLOG_VIEW_WINDOW_SECONDS": 30 * 60,
        "BLOG_VIEW_MAX_PER_NETWORK": 5,
        "BLOG_VIEW_FLUSH_SECONDS": 30,
        "BLOG_VIEW_FLUSH_THRESHOLD": 50,
        "BLOG_VIEW_PENDING_DAYS": 3,
        # Rate limits as (attempts, seconds) per IP address (and per recipient for mails).
        "BLOG_RATING_RATE": (20, 3600),
        "BLOG_THESIS_VOTE_RATE": (60, 3600),
        "BLOG_SHARE_RATE_PER_IP": (5, 3600),
        "BLOG_SHARE_RATE_PER_RECIPIENT": (3, 24 * 3600),
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
        # Readers per network (IPv4 /24, IPv6 /64) whose rating, or whose thesis votes, count
        # per post and day (0 or None: no limit); counted in the database (blog/vote_limits.py).
        "BLOG_VOTERS_PER_NETWORK_DAILY": 3,
    }
)
