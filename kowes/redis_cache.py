"""Django's Redis cache, with one redis-py client per connection pool.

Django's RedisCacheClient makes a new ``redis.Redis`` for every cache operation. The
connections are pooled, but the constructor itself builds redis-py's table of response
callbacks each time, which costs about as much as the round trip to Redis. The page cache
(kowes/page_cache.py), the sessions and the rate limits all read the cache on each request;
a client per pool, made once (redis-py's clients are thread-safe), takes that cost away.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
