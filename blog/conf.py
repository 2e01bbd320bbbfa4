"""The blog's settings and their defaults (see :mod:`core.conf`)."""

from core.conf import AppSettings

blog_settings = AppSettings(
    {
        "BLOG_POSTS_PER_PAGE": 10,
        # Comments close this many days after publication (None or 0: never). Read by the post.
        "COMMENTS_CLOSE_AFTER_DAYS": None,
        # View counting: a visitor counts once per post within the window; counters are written
        # to the database at the threshold (and by cron) and kept for this many days.
        "BLOG_VIEW_WINDOW_SECONDS": 30 * 60,
        "BLOG_VIEW_FLUSH_THRESHOLD": 50,
        "BLOG_VIEW_PENDING_DAYS": 3,
        # Rate limits as (attempts, seconds) per IP address (and per recipient for mails).
        "BLOG_RATING_RATE": (20, 3600),
        "BLOG_THESIS_VOTE_RATE": (60, 3600),
        "BLOG_SHARE_RATE_PER_IP": (5, 3600),
        "BLOG_SHARE_RATE_PER_RECIPIENT": (3, 24 * 3600),
        # Readers per network (IPv4 /24, IPv6 /64) whose rating, or whose thesis votes, count
        # per post and day (0 or None: no limit); counted in the database (blog/vote_limits.py).
        "BLOG_VOTERS_PER_NETWORK_DAILY": 3,
    }
)
