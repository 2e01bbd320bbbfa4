"""The Redis cache backend (config/redis_cache.py) against Redis servers of the tests' own:
short timeouts, one timeout per process per interval, degrading reads and writes, counters that
still tell their callers, and what the site does with it while Redis is away."""

import pytest
from redis.exceptions import ResponseError

from config import redis_cache
from config.redis_cache import CacheUnavailable, ResilientRedisCache
from tests.factories import PostFactory, comment_form_data
from tests.local_servers import RedisServer, SilentServer, free_port
from tests.moderation_admin_support import PASSWORD, make_moderator
from tests.test_production import _manage

RETRY_AFTER = 5.0


def backend(location, **options):
    return ResilientRedisCache(
        location, {"KEY_PREFIX": "test", "OPTIONS": {"retry_after": RETRY_AFTER, **options}}
    )


@pytest.fixture(autouse=True)
def fresh_breakers():
    redis_cache._BREAKERS.clear()
    yield
    redis_cache._BREAKERS.clear()


@pytest.fixture
def clock(monkeypatch):
    """The breaker's clock, moved on by the test: ``clock.advance(seconds)``."""

    class Clock:
        now = 1000.0

        def advance(self, seconds):
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(redis_cache, "clock", lambda: fake.now)
    return fake


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(free_port(), log_path=str(tmp_path / "redis.log")).start()
    yield server
    server.stop()


@pytest.fixture
def hung_redis():
    server = SilentServer(free_port())
    yield server
    server.close()


# The client ----------------------------------------------------------------------------------


def test_one_client_serves_every_operation_of_a_pool():
    cache = backend("redis://127.0.0.1:6379/15")
    first = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client(None, write=True) is first


def test_reading_replicas_get_clients_of_their_own():
    cache = backend("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15")
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert reader is not writer
    assert cache._cache.get_client() is reader
    assert writer.connection_pool.connection_kwargs["port"] == 6379
    assert reader.connection_pool.connection_kwargs["port"] == 6380


def test_timeouts_are_a_few_hundred_milliseconds_and_nothing_is_retried():
    pool = backend("redis://127.0.0.1:6379/15")._cache.get_client().connection_pool
    connection = pool.make_connection()
    assert connection.socket_connect_timeout == 0.25
    assert connection.socket_timeout == 0.5
    assert connection.retry.get_retries() == 0
    slower = backend("redis://127.0.0.1:6379/15", socket_timeout=0.8)._cache.get_client()
    assert slower.connection_pool.make_connection().socket_timeout == 0.8


@pytest.mark.slow
def test_settings_choose_the_resilient_backend_with_the_timeouts_from_the_environment():
    code = (
        "from django.core.cache import caches; c = caches['default'];"
        "print(type(c).__name__, getattr(c, '_options', {}).get('socket_timeout'),"
        " getattr(getattr(c, 'breaker', None), 'retry_after', None))"
    )
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/15"}
    with_redis = _manage(
        "shell", "-v", "0", "-c", code, **redis, REDIS_TIMEOUT="0.3", REDIS_RETRY_AFTER="2"
    )
    without = _manage("shell", "-v", "0", "-c", code, REDIS_URL="")
    assert with_redis.stdout.split() == ["ResilientRedisCache", "0.3", "2.0"], with_redis.stderr
    assert without.stdout.split() == ["LocMemCache", "None", "None"], without.stderr


# The circuit breaker ---------------------------------------------------------------------------


def test_a_hung_redis_costs_one_timeout_per_interval_not_one_per_operation(hung_redis, clock):
    cache = backend(hung_redis.url, socket_timeout=0.2)
    assert cache.get("page", "missing") == "missing"
    assert hung_redis.connections() == 1
    for _ in range(10):
        assert cache.get("page") is None
        assert cache.add("lock", 1) is False
        cache.set("page", "html")
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("page") is False
        assert cache.delete("page") is False
        with pytest.raises(CacheUnavailable):
            cache.incr("counter")
    assert hung_redis.connections() == 1, "operations went to Redis while the breaker was open"

    clock.advance(RETRY_AFTER)
    assert cache.get("page") is None  # one caller probes ...
    assert hung_redis.connections() == 2
    assert cache.get("page") is None  # ... and fails: everyone waits another interval
    clock.advance(RETRY_AFTER - 0.1)
    assert cache.get("page") is None
    assert hung_redis.connections() == 2


def test_every_cache_object_of_the_process_shares_the_breaker(hung_redis, clock):
    # Django creates one cache object per thread: they must not each pay a timeout.
    first, second = backend(hung_redis.url, socket_timeout=0.2), backend(hung_redis.url)
    first.get("page")
    second.get("page")
    second.set("page", "html")
    assert hung_redis.connections() == 1
    assert first.breaker is second.breaker and first.breaker.is_open


def test_a_stopped_redis_degrades_and_redis_is_used_again_once_it_is_back(redis_server, clock):
    cache = backend(redis_server.url)
    cache.set("kept", "before")
    redis_server.stop()
    assert cache.get("kept", "default") == "default"
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("kept") is False
    assert cache.clear() is False
    with pytest.raises(CacheUnavailable):
        cache.decr("counter")

    redis_server.start()
    assert cache.get("kept") is None, "asked Redis before the interval was over"
    clock.advance(RETRY_AFTER)
    cache.set("kept", "after")
    assert not cache.breaker.is_open
    assert cache.get("kept") == "after"
    assert cache.add("counter", 1) and cache.incr("counter") == 2


def test_the_log_names_the_server_but_not_its_password(caplog, clock):
    cache = backend(f"redis://:geheim@127.0.0.1:{free_port()}/2")
    cache.get("page")
    assert cache.breaker.is_open
    assert "Redis 127.0.0.1:" in caplog.text and "/2 unavailable" in caplog.text
    assert "geheim" not in caplog.text


def test_errors_that_do_not_mean_an_outage_still_raise(redis_server):
    cache = backend(redis_server.url)
    cache.set("text", "kein Zähler")
    with pytest.raises(ResponseError):
        cache.incr("text")
    with pytest.raises(ValueError):
        cache.incr("missing")  # Django's contract: incr of a missing key is a ValueError
    assert not cache.breaker.is_open


# The site while Redis is away -------------------------------------------------------------------


@pytest.fixture
def site_cache(settings, redis_server):
    """The site's default cache on the test's own Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"retry_after": RETRY_AFTER},
        }
    }
    return redis_server


def _log_in(client, username="mona"):
    make_moderator(username)
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/", response


@pytest.mark.django_db
def test_logged_in_readers_and_the_admin_work_while_redis_is_stopped(client, site_cache, clock):
    post = PostFactory()
    site_cache.stop()
    _log_in(client)  # the admin login itself, with Redis already gone
    for path in ("/admin/", "/admin/comments/comment/", post.get_absolute_url(), "/"):
        assert client.get(path).status_code == 200, path
    posted = client.post(f"{post.get_absolute_url()}kommentare/", comment_form_data(body="Gut."))
    assert posted.status_code == 302
    assert client.post("/admin/logout/").status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_a_logout_while_redis_hangs_stays_a_logout_when_it_answers_again(client, site_cache, clock):
    _log_in(client)
    assert client.get("/admin/").status_code == 200
    stolen = client.cookies["sessionid"].value  # say, left in another browser
    site_cache.pause()
    try:
        assert client.post("/admin/logout/").status_code == 200
    finally:
        site_cache.resume()
    clock.advance(RETRY_AFTER)
    # Redis kept its data: a session copy in it whose deletion failed would log the cookie in.
    client.cookies["sessionid"] = stolen
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_rate_limits_still_learn_that_redis_is_down(client, site_cache, clock, mailoutbox):
    post = PostFactory()
    site_cache.stop()
    # Recommending by mail fails closed: no limit, no mail.
    shared = client.post(
        f"{post.get_absolute_url()}empfehlen/",
        {"recipient": "kollegin@example.org", "sender_name": "Jan", "note": "", "website": ""},
    )
    assert shared.status_code == 503
    assert mailoutbox == []
    # Comments fail open: posting never depends on the cache.
    posted = client.post(
        f"{post.get_absolute_url()}kommentare/",
        comment_form_data(
            body="Trotzdem angenommen.", author_name="Ada", author_email="ada@example.org"
        ),
    )
    assert posted.status_code == 302
    assert post.comments.filter(body="Trotzdem angenommen.").exists()
