from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Inhalte")

    def ready(self):
        from django.db.models.signals import post_migrate

        from blog import checks, post_page, signals, view_counts  # noqa: F401
        from core import page_cache

        post_migrate.connect(signals.index_posts_without_entry, sender=self)
        # Readers who voted on a post see their own votes there: no cached page for them.
        page_cache.register_private_cookie(post_page.VOTED_COOKIE)
        # Cached post pages show the current view count, not the one they were rendered with.
        page_cache.register_live_fragment("views", view_counts.view_count_html)
