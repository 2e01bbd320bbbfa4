from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.health import healthz

# The admin is where moderators work: it says so, not "Django-Verwaltung".
admin.site.site_header = admin.site.site_title = _("Gegenverkehr – Moderation")
admin.site.index_title = _("Übersicht")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("comments.urls")),
    path("", include("blog.urls")),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
