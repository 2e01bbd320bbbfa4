"""Settings for bench/comment_apps.py: the benchmark settings plus django-comments-xtd.

django-comments-xtd is configured the way its documentation sets it up (sites framework, its app
before django-contrib-comments, ``COMMENTS_APP``), with threads of five levels (0–4) like our
depth 1–5. Its URLs (which its templates link to) are mounted next to ours in
bench/comment_apps_urls.py.
"""

from bench.settings import *  # noqa: F403

INSTALLED_APPS = [
    *INSTALLED_APPS,  # noqa: F405
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
]
ROOT_URLCONF = "bench.comment_apps_urls"
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 4
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
# Rendering time is the subject, not the page cache (the script renders no page anyway).
BLOG_PAGE_CACHE_SECONDS = 0
