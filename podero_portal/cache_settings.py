"""The CACHES setting: the cache every app server shares (CACHE_BACKEND), and a per-process one for HTML."""

from typing import Any

from podero_portal.env_values import SettingError

BACKENDS = ("redis", "database", "locmem")


def caches(backend: str, *, redis_url: str, key_prefix: str) -> dict[str, dict[str, Any]]:
    if backend == "redis":
        if not redis_url:
            raise SettingError("CACHE_BACKEND is redis, but REDIS_URL is not set.")
        shared: dict[str, Any] = {
            "BACKEND": "podero_portal.redis_cache.SharedClientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": key_prefix,
            # A Redis that does not answer is down within a second, not after the page's whole time.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        # One write per intent while Redis is down (podero_portal/redis_cache.py): run `createcachetable`.
        locks: dict[str, Any] = {
            "BACKEND": "podero_portal.db_cache.UpsertDatabaseCache",
            "LOCATION": "portal_cache",
            "KEY_PREFIX": key_prefix,
        }
    elif backend == "database":
        shared = {
            "BACKEND": "podero_portal.db_cache.UpsertDatabaseCache",
            "LOCATION": "portal_cache",
            "KEY_PREFIX": key_prefix,
        }
    else:
        shared = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if backend != "redis":
        locks = shared  # only a Redis cache is ever down for them
    return {
        "default": shared,
        "locks": locks,
        # Rendered HTML that depends only on what its key names (templates' {% cache ... using="fragments" %}):
        # per process, so a deploy starts it empty and no app server serves another release's HTML.
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
