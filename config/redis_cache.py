"""Django's Redis cache backend, keeping one ``redis.Redis`` client per connection pool.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` object for every cache
operation. That object is cheap to talk through but costly to build (redis-py fills a table of
about 170 response callbacks each time, ~0.1–0.2 ms), which is more than a page-cache hit costs
otherwise. redis-py clients are safe to share between threads, and the connection pools are
already shared, so each pool gets one client for the life of the process.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
