import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from core.client_ip import client_ip

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "gegenverkehr.example",
}


@pytest.mark.slow
def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_production_refuses_a_short_secret_key():
    result = _manage("check", DJANGO_ENV="production", SECRET_KEY="kurz")
    assert result.returncode != 0


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings(tmp_path):
    # As CI runs it: production settings, a database that exists but holds no tables yet.
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'leer.sqlite3'}"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **database)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_check_deploy_warns_about_missing_publisher_details_once_migrated(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert _manage("migrate", "-v", "0", **PRODUCTION, **database).returncode == 0
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **database)
    assert result.returncode != 0
    assert "blog.W001" in result.stderr + result.stdout
    assert _manage("load_example_publisher", **PRODUCTION, **database).returncode == 0
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **database)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_settings_switch_on_transport_security():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0, s.DEBUG, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    result = _manage("shell", "-v", "0", "-c", code, **PRODUCTION)
    assert result.stdout.split() == ["True", "True", "True", "True", "False", "None"]
    behind_proxy = _manage("shell", "-v", "0", "-c", code, BEHIND_TLS_PROXY="true", **PRODUCTION)
    assert "HTTP_X_FORWARDED_PROTO" in behind_proxy.stdout


@pytest.mark.django_db
def test_security_headers_on_real_pages(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_have_no_inline_scripts(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " onclick=" not in html


@pytest.mark.django_db
def test_liveness_asks_no_dependency(client, monkeypatch, django_assert_num_queries):
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(cache, "get", unreachable)
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_reports_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    # The tests' cache: local memory on SQLite runs, Redis on PostgreSQL runs (REDIS_URL).
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] is True
    assert response.json()["checks"]["cache"] in ("ok", "local")


@pytest.mark.django_db
def test_readiness_reports_a_stopped_cache_as_degraded_not_down(client, settings):
    """All servers share one Redis: failing readiness for it would take every server out."""
    from django.core.cache import caches

    from config import redis_cache

    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ResilientRedisCache",
            # Nothing listens on port 1: the cache is "stopped".
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    caches._settings = None
    redis_cache._BREAKERS.clear()
    try:
        assert client.get("/readyz").json()["checks"]["cache"] == "ok"  # nobody asked Redis yet
        client.get("/")  # a reader's request finds Redis away: the breaker opens
        response = client.get("/readyz")
    finally:
        caches._settings = None
        redis_cache._BREAKERS.clear()
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": True, "cache": "unavailable"},
    }


@pytest.mark.django_db
def test_readiness_fails_without_the_database(client, monkeypatch):
    from core import health

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_unreachable_database_gives_503_page_not_traceback(client, monkeypatch):
    from blog import views

    def unreachable(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views.PostArchiveIndexView, "get_queryset", unreachable)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert "gleich wieder da" in response.content.decode()
    assert response["Retry-After"] == "60"


def _request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_ip_without_trusted_proxies_ignores_forwarded_header(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="1.2.3.4")) == "203.0.113.9"


def test_client_ip_behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our proxy appended the real address.
    request = _request(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_client_ip_behind_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(remote="10.0.0.3", forwarded="6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"


def test_client_ip_falls_back_when_header_is_short_or_invalid(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(remote="10.0.0.3", forwarded="198.51.100.7")) == "10.0.0.3"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(remote="10.0.0.3", forwarded="kein-ip")) == "10.0.0.3"
    assert client_ip(_request(remote="10.0.0.3")) == "10.0.0.3"
