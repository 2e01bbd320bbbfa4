"""Health checks for the load balancer and the process supervisor.

``/healthz`` — **liveness**: this process answers HTTP. It touches no dependency, so it is cheap
and never fails because PostgreSQL or Redis does; restart the process only when this fails.

``/readyz`` — **readiness**: should the load balancer send this server readers? Yes while the
database answers (``SELECT 1``): 200. Without the database nothing but a cached page can be
served, so 503. The cache is *reported*, never decisive: when this process's circuit breaker
for Redis is open (``config.redis_cache``), the answer is still 200, with ``"status":
"degraded"`` and ``"cache": "unavailable"``; every server shares the one Redis, so failing
readiness for it would take the whole site out of rotation although each server still serves
every page (see docs/deploy.md, "When a dependency is down"). The check asks Redis nothing: it
reads the breaker, which the site's own requests keep current.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Readiness check: database unavailable")
        return False


def _cache_state() -> str:
    """The cache as this process sees it: ok, unavailable (Redis left alone), or local."""
    breaker = getattr(cache, "breaker", None)
    if breaker is None:
        return "local"
    return "unavailable" if breaker.is_open else "ok"


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    database = _database_ok()
    cache_state = _cache_state()
    if not database:
        status = "unavailable"
    elif cache_state == "unavailable":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "checks": {"database": database, "cache": cache_state}},
        status=200 if database else 503,
    )
