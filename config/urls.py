import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from blog.assets import serve_media
from core.health import healthz, readyz

# The admin is where moderators work: it says so, not "Django-Verwaltung".
admin.site.site_header = admin.site.site_title = _("Gegenverkehr – Moderation")
admin.site.index_title = _("Übersicht")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Liveness (the process answers) and readiness (the load balancer's check): core/health.py.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("", include("comments.urls")),
    path("", include("blog.urls")),
]

if not urlsplit(settings.MEDIA_URL).netloc:
    # Uploaded images under MEDIA_URL; the view answers only with SERVE_MEDIA on.
    media_prefix = re.escape(settings.MEDIA_URL.strip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}/(?P<path>.+)$", serve_media, name="media"))

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
