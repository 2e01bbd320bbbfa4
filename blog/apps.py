from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Inhalte")

    def ready(self):
        from django.db.models.signals import post_migrate

        from blog import checks, signals  # noqa: F401

        post_migrate.connect(signals.index_posts_without_entry, sender=self)
