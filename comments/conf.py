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
        # A piece of a comment that addresses or names nobody is held only this much above
        # the threshold (None: never; bench/README.md has the measurements).
        "COMMENTS_OFFENSIVE_UNADDRESSED_MARGIN": 0.1,
        # Advertising: points per signal (what each one is: comments/moderation/advertising.py)
        # and the score from which a comment is held. A project's own dict is merged over
        # these weights.
        "COMMENTS_ADVERTISING_WEIGHTS": {
            "link": 1,  # a link to an ordinary site (three or more: "many_links")
            "reference_link": 0,  # a public institution, university, statistics office …
            "commercial_link": 2,  # a shop or landing page, or any link of a self-promotion
            "many_links": 4,  # three or more links that are not references
            "bare_links": 4,  # links with fewer than five words of one's own
            "own_website": 2,  # the commenter's website (the form's field) named in the text
            "self_promotion": 2,  # "unser Tool", "Wir sind eine … Agentur", "meinem Blog"
            "call_to_action": 3,  # each distinct one: "jetzt buchen", "Rufen Sie uns an"
            "promo_phrase": 2,  # each distinct one: "Rabatt", "nur heute", "Startbonus"
            "free_offer": 1,  # "kostenlos", "gratis"
            "price": 1,  # an amount of money
            "coupon": 4,  # a coupon code: "Code SOCIAL15"
            "phone": 1,  # a phone number …
            "phone_call": 2,  # … with "Telefon", "Kontakt", "anrufen" (instead of "phone")
            "email": 1,  # an e-mail address
        },
        "COMMENTS_ADVERTISING_THRESHOLD": 4,
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
        # The admin's precision per rule (moderators' decisions on its holds): over this many
        # days; a rule is marked "often overturned" below this precision with at least this
        # many decisions (or at least this many rejections marked „zu Unrecht abgewiesen“).
        "COMMENTS_RULE_PRECISION_DAYS": 30,
        "COMMENTS_RULE_PRECISION_WARNING": 0.5,
        "COMMENTS_RULE_PRECISION_MIN_DECISIONS": 5,
        # Mail: reply notifications (double opt-in), editorial notices, delivery attempts.
        "COMMENTS_SUBSCRIPTION_CONFIRM_DAYS": 7,
        # Confirmation mails per mailbox in 24 hours (0 or None: no limit).
        "COMMENTS_CONFIRMATION_MAILS_PER_DAY": 3,
        "COMMENTS_NOTIFY_POST_AUTHOR": False,
        "COMMENTS_EDITORIAL_EMAILS": (),
        "COMMENTS_MAIL_MAX_ATTEMPTS": 8,
    }
)
