"""The discussion's settings and their defaults (see :mod:`core.conf`)."""

from core.conf import AppSettings

comments_settings = AppSettings(
    {
        # The tree and the form.
        "COMMENTS_MAX_DEPTH": 5,
        "COMMENTS_MAX_LENGTH": 5000,
        # Moderation: rule code -> "publish" / "hold" / "reject", merged over the policy's own
        # defaults; more rules as dotted paths; the statistical score's hold threshold (None:
        # the one that comes with the model).
        "COMMENTS_MODERATION_POLICY": {},
        "COMMENTS_MODERATION_EXTRA_RULES": (),
        "COMMENTS_OFFENSIVE_THRESHOLD": None,
        # Spam protection: minimum and maximum time between showing and sending the form,
        # the window for duplicates, flood limits as (comments, seconds) per IP address,
        # e-mail address and account (merged per scope over these; None switches one off).
        "COMMENTS_MIN_FILL_SECONDS": 3,
        "COMMENTS_FORM_MAX_AGE": 24 * 3600,
        "COMMENTS_DUPLICATE_WINDOW": 24 * 3600,
        "COMMENTS_RATE_LIMITS": {"ip": (5, 60), "email": (5, 60), "user": (10, 60)},
        # Hold a guest's comments until a moderator approved one of theirs.
        "COMMENTS_HOLD_FIRST_GUEST_COMMENT": False,
        # Reader reports: from this many networks (IPv4 /24, IPv6 /64) with open reports a
        # comment is hidden until a moderator decides; (reports, seconds) per IP.
        "COMMENTS_REPORTS_TO_HIDE": 3,
        "COMMENTS_REPORT_RATE": (10, 3600),
        # Privacy: guests tick a consent box; IP addresses are erased after this many days;
        # a guest may delete their own comment for this many minutes.
        "COMMENTS_REQUIRE_CONSENT": True,
        "COMMENTS_IP_RETENTION_DAYS": 7,
        "COMMENTS_SELF_DELETE_MINUTES": 60,
        # Comments the form refused are kept (without name, e-mail or IP) for moderators to
        # find false positives, then deleted.
        "COMMENTS_REFUSED_DRAFT_DAYS": 14,
        # Mail: reply notifications (double opt-in), editorial notices, delivery attempts.
        "COMMENTS_SUBSCRIPTION_CONFIRM_DAYS": 7,
        # Confirmation mails per mailbox in 24 hours (0 or None: no limit).
        "COMMENTS_CONFIRMATION_MAILS_PER_DAY": 3,
        "COMMENTS_NOTIFY_POST_AUTHOR": False,
        "COMMENTS_EDITORIAL_EMAILS": (),
        "COMMENTS_MAIL_MAX_ATTEMPTS": 8,
    }
)
