"""The benchmark URLs plus django-comments-xtd's, for bench/comment_apps.py."""

from django.urls import include, path

from bench.urls import urlpatterns as bench_urlpatterns

urlpatterns = [path("xtd/", include("django_comments_xtd.urls")), *bench_urlpatterns]
