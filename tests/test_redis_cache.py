import pytest

from config.redis_cache import ReusingRedisCache
from tests.test_production import _manage


def redis_backend(location="redis://127.0.0.1:6379/15"):
    return ReusingRedisCache(location, {"KEY_PREFIX": "test-reuse"})


def test_one_client_serves_every_operation_of_a_pool():
    cache = redis_backend()
    first = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client(None, write=True) is first


def test_reading_replicas_get_clients_of_their_own():
    cache = redis_backend("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15")
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert reader is not writer
    assert cache._cache.get_client() is reader
    assert writer.connection_pool.connection_kwargs["port"] == 6379
    assert reader.connection_pool.connection_kwargs["port"] == 6380


@pytest.mark.django_db
def test_a_stopped_redis_still_raises_on_the_shared_client(settings):
    cache = redis_backend("redis://127.0.0.1:1/0")
    for _attempt in range(2):
        with pytest.raises(Exception, match="Connection refused|Error 111"):
            cache.get("anything")


@pytest.mark.slow
def test_settings_choose_the_reusing_backend_when_redis_url_is_set():
    code = "from django.core.cache import caches; print(type(caches['default']).__name__)"
    with_redis = _manage("shell", "-v", "0", "-c", code, REDIS_URL="redis://127.0.0.1:6379/15")
    without = _manage("shell", "-v", "0", "-c", code, REDIS_URL="")
    assert with_redis.stdout.strip() == "ReusingRedisCache", with_redis.stderr
    assert without.stdout.strip() == "LocMemCache", without.stderr
