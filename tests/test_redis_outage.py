"""What each part of the site does while Redis is stopped (docs/deploy.md, "When a dependency is
down"), on a Redis of the test's own: pages, the page cache, rate limits of every kind, view
counters and the readiness check. Sessions and the admin: tests/test_redis_cache.py."""

import re

import pytest
from django.test import Client

from blog import view_counts
from blog.models import PostRating, ThesisVote
from config import redis_cache
from tests.factories import PostFactory, ThesisFactory
from tests.local_servers import RedisServer, free_port

pytestmark = pytest.mark.django_db

RETRY_AFTER = 5.0
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0"}


@pytest.fixture
def redis_server(tmp_path, settings, monkeypatch):
    server = RedisServer(free_port(), log_path=str(tmp_path / "redis.log")).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"retry_after": RETRY_AFTER},
        }
    }
    redis_cache._BREAKERS.clear()
    now = [1000.0]
    monkeypatch.setattr(redis_cache, "clock", lambda: now[0])
    server.advance = lambda seconds: now.__setitem__(0, now[0] + seconds)
    yield server
    server.stop()
    redis_cache._BREAKERS.clear()


def test_pages_are_rendered_for_every_reader_and_cached_again_once_redis_is_back(
    redis_server, django_assert_num_queries
):
    from django.core.cache import cache

    post = PostFactory(body="Ohne Zwischenspeicher.")
    redis_server.stop()
    for url in (post.get_absolute_url(), "/", "/archiv/"):
        for _ in range(2):
            assert Client().get(url).status_code == 200, url
    assert "Ohne Zwischenspeicher." in Client().get(post.get_absolute_url()).content.decode()
    assert cache.breaker.is_open
    redis_server.start()
    redis_server.advance(RETRY_AFTER)
    Client().get(post.get_absolute_url())  # rendered and stored again
    with django_assert_num_queries(0):
        assert Client().get(post.get_absolute_url()).status_code == 200


def test_ratings_and_thesis_votes_fail_open(redis_server):
    post = PostFactory(body="Text\n\n<!--theses-->\n\nSchluss")
    ThesisFactory(post=post, position=1)
    redis_server.stop()
    rated = Client().post(f"{post.get_absolute_url()}bewerten/", {"stars": "5"}, **BROWSER)
    voted = Client().post(
        f"{post.get_absolute_url()}thesen/1/abstimmen/", {"stimme": "zu"}, **BROWSER
    )
    assert (rated.status_code, voted.status_code) == (302, 302)
    assert PostRating.objects.filter(post=post).count() == 1
    assert ThesisVote.objects.filter(thesis__post=post).count() == 1


def test_views_go_uncounted_while_redis_is_down_and_count_again_after(redis_server):
    post = PostFactory()
    redis_server.stop()
    page = Client().get(post.get_absolute_url(), REMOTE_ADDR="198.51.100.1", **BROWSER)
    assert page.status_code == 200
    assert re.search(r"0 Aufrufe, 0 heute", page.content.decode())
    assert view_counts.view_totals(post)["total"] == 0
    redis_server.start()
    redis_server.advance(RETRY_AFTER)
    Client().get(post.get_absolute_url(), REMOTE_ADDR="198.51.100.1", **BROWSER)
    assert view_counts.view_totals(post)["total"] == 1


def test_readiness_stays_200_and_says_degraded(redis_server):
    post = PostFactory()
    redis_server.stop()
    Client().get(post.get_absolute_url())  # a request learns that Redis is away
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert Client().get("/healthz").status_code == 200
