"""Settings for Gegenverkehr, read from environment variables.

Development defaults are safe and need no configuration. ``DJANGO_ENV=production`` switches on
the production hardening and refuses to start without a real ``SECRET_KEY``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_overrides, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_str("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs a SECRET_KEY of at least 50 random characters."
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin on a site that answers hand-made filters and actions without a 500.
    "core.admin_site.AdminConfig",
    "django.contrib.auth",
    # Login throttling (core/login_lockout.py): failed logins per username and network.
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "csp",
    # Background work (mails): Django's tasks framework with its database backend.
    "django_tasks",
    "django_tasks_db",
    "core",
    "blog",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # WhiteNoise, plus hashed files another release collects while this one runs.
    "core.middleware.StaticFilesMiddleware",
    # 400 for non-UTF-8 bodies and NUL characters, before sessions or views read the request.
    "core.middleware.MalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blog.context_processors.site_settings",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands via DATABASE_URL.
# Every gunicorn worker (and thread) holds at most one connection; see the connection budget
# in docs/deploy.md before raising GUNICORN_WORKERS or adding app servers.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let several web workers write without "database is locked";
    # IMMEDIATE transactions take the write lock up front instead of failing on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
else:
    # An unreachable database server fails a request after this many seconds instead of the
    # operating system's TCP timeout (minutes), so gunicorn's worker timeout never hits first.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DB_CONNECT_TIMEOUT", 5
    )
    # Behind pgbouncer in transaction pooling mode a server-side cursor (QuerySet.iterator())
    # may not outlive its transaction's server connection: switch them off there.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
        "DB_DISABLE_SERVER_SIDE_CURSORS", False
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Page cache, rate limits, view counters and watched words, shared by every app server. The
    # backend gives up on Redis within a few hundred milliseconds, then leaves it alone for
    # REDIS_RETRY_AFTER seconds; meanwhile reads miss and writes are dropped (see
    # config/redis_cache.py).
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gv",
            "OPTIONS": {
                "socket_connect_timeout": float(env_str("REDIS_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(env_str("REDIS_TIMEOUT", "0.5")),
                "retry_after": float(env_str("REDIS_RETRY_AFTER", "5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gegenverkehr",
        }
    }

# Sessions live in the database only (Django's default backend), never in the cache: a session
# must survive a Redis outage and a logout must not come back when Redis does (a cached copy
# whose deletion failed would). Only logged-in readers, moderators and readers with a pending
# message have one; reading it is one primary-key lookup.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes, see core/login_lockout.py): after AXES_FAILURE_LIMIT failed
# logins for one username from one network (IPv4 /24, IPv6 /64, behind TRUSTED_PROXY_COUNT
# proxies), that username is locked out from that network for the cool-off period; every other
# username, and the same username from elsewhere, can still log in. Attempts are counted in
# the database (works without Redis) and deleted after the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.login_lockout.lockout_address"
AXES_LOCKOUT_CALLABLE = "core.login_lockout.lockout_response"
# Successful logins are not logged: failures are all the throttling needs. Not verbose: no
# banner on every manage.py run (cron would mail it), and log lines name only username and
# network, not the user agent.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# With several releases on a host (rolling releases, docs/deploy.md), STATIC_ROOT is a directory
# outside the release that keeps every release's hashed files; each release keeps its own
# manifest (which hashed name is which file) in its own directory (core/static.py).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_MANIFEST_ROOT = BASE_DIR / "staticfiles-manifest"
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded images (renditions made at upload, see blog/images.py). In production the web server
# in front serves MEDIA_ROOT, or MEDIA_URL points to a CDN/object store (docs/deploy.md);
# SERVE_MEDIA=true lets the app serve them itself (development, a small single server).
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "core.static.ReleaseStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
SERVER_EMAIL = env_str("SERVER_EMAIL", "server@gegenverkehr.example")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Gegenverkehr <redaktion@gegenverkehr.example>")

# Mails are written to an outbox table and sent by the `manage.py db_worker` service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The apps' own settings. Every one has its default in its app's conf.py (core/conf.py,
# blog/conf.py, comments/conf.py, which say what each means); the environment may override
# any of these, and the project's own choices follow.
globals().update(
    env_overrides(
        # core: the public address for every absolute URL (no trailing slash), reverse proxies
        # that append to X-Forwarded-For (see docs/deploy.md), the page cache (0: off; several
        # app servers need REDIS_URL), how long a server trusts a page's cached version, what
        # tells this release's cached pages from another's (default: the static manifest).
        SITE_URL=env_str,
        TRUSTED_PROXY_COUNT=env_int,
        BLOG_PAGE_CACHE_SECONDS=env_int,
        BLOG_PAGE_CACHE_RECHECK_SECONDS=env_int,
        RELEASE=env_str,
        # blog
        BLOG_POSTS_PER_PAGE=env_int,
        COMMENTS_CLOSE_AFTER_DAYS=env_int,
        BLOG_VOTERS_PER_NETWORK_DAILY=env_int,
        # comments: the tree and the form, privacy (purge_ip_addresses and purge_refused_drafts
        # run daily), mail
        COMMENTS_MAX_DEPTH=env_int,
        COMMENTS_MAX_LENGTH=env_int,
        COMMENTS_REQUIRE_CONSENT=env_bool,
        COMMENTS_IP_RETENTION_DAYS=env_int,
        COMMENTS_REFUSED_DRAFT_DAYS=env_int,
        COMMENTS_SELF_DELETE_MINUTES=env_int,
        COMMENTS_NOTIFY_POST_AUTHOR=env_bool,
        COMMENTS_EDITORIAL_EMAILS=env_list,
        COMMENTS_SUBSCRIPTION_CONFIRM_DAYS=env_int,
        COMMENTS_CONFIRMATION_MAILS_PER_DAY=env_int,
        COMMENTS_MAIL_MAX_ATTEMPTS=env_int,
    )
)
# The statistical offensive-language score only ever holds a comment for a moderator; its
# threshold comes with the model (chosen by cross-validation) unless set (0: the model's).
COMMENTS_MODERATION_EXTRA_RULES = ["comments.moderation.classifier.OffensiveScoreRule"]
if env_str("COMMENTS_OFFENSIVE_THRESHOLD"):
    COMMENTS_OFFENSIVE_THRESHOLD = float(env_str("COMMENTS_OFFENSIVE_THRESHOLD")) or None

# Security defaults that hold everywhere; production adds transport security below.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# No inline scripts or styles anywhere: everything comes from our own static files. Images come
# from here too, or from the media host when MEDIA_URL names one.
_MEDIA_ORIGIN = urlsplit(MEDIA_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"]
        + (
            [f"{_MEDIA_ORIGIN.scheme}://{_MEDIA_ORIGIN.netloc}"]
            if _MEDIA_ORIGIN.scheme in ("http", "https") and _MEDIA_ORIGIN.netloc
            else []
        ),
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_str("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
    },
}
