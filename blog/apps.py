from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Inhalte")

    def ready(self):
        from blog import signals  # noqa: F401
