from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Diskussion")

    def ready(self):
        from comments import signals  # noqa: F401  (fixture rows)
        from comments.discussion import own_comments
        from comments.moderation import (
            spam,
            watchlist,  # noqa: F401  (drops the cached watched words when they change)
        )
        from core import page_cache

        # A cached post page must not hand out a fill-in timestamp that is already "old".
        page_cache.register_per_reader_field(
            spam.TIMESTAMP_FIELD, lambda request: spam.issue_token()
        )
        # A reader with held comments of their own on a post sees them there: no cached page.
        page_cache.register_private_cookie(own_comments.COOKIE)
