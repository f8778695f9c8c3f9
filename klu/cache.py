"""Django's Redis cache, but a Redis that does not answer is a cache miss, not a 500.

Everything the site keeps in the cache can be made again from the database: pages,
the rendered PDFs, a reader's rights (sessions are never in the cache, see
SESSION_ENGINE). So while Redis is away (restarted, a network blip, full) the site
keeps serving, slower, straight from the database: a read is a miss, a write is
skipped, and each is logged as a warning.

Removing is the exception: delete(), delete_many(), clear() and incr() raise as
Django's backend does, since whoever removes something must know whether it is gone.
The site itself never removes entries; a change makes old pages unreachable instead
(meetings/pagecache.py).

Used through CACHE_URL=redis://… (klu/service_urls.py).
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _warn(operation, error):
    logger.warning("Redis cache %s failed; served without the cache: %s", operation, error)


class TolerantRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are skipped while Redis is unreachable."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _warn("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _warn("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _warn("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _warn("set", error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _warn("add", error)
            return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _warn("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _warn("touch", error)
            return False
