"""The most calls per second the partner may make to Podero, shared by every app server and worker.

One counter per wall-clock second in the shared cache (`podero:rate:<host hash>:<second>`): a call takes the next
number; a number above the limit waits for the next second and tries again. Redis counts atomically (INCR); other
caches, whose incr() is a read and a write, take one of the second's numbered places with add() instead, which every
backend does atomically (after one get_many() of the second's places, so that only free ones are tried). Every process that shares the cache
(Redis, or the database cache) therefore shares the limit, whatever the number of app servers and workers. Wall
clocks of different machines differ by milliseconds (NTP), which blurs the edge of a second, not the rate.

A page request waits at most `max_wait_s` and then goes ahead: a homeowner's click should not queue behind the
07:00 rush for long, and the rush's workers do wait (they have no one waiting on them).

Like the breaker, the limit is an optimisation: if the cache fails, the call goes ahead.
"""

import hashlib
import logging
import time
from collections.abc import Callable

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

KEY_TTL_S = 5


class SharedRateLimit:
    def __init__(
        self,
        *,
        cache: BaseCache,
        base_url: str,
        calls_per_second: int,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._cache = cache
        self.calls_per_second = calls_per_second
        self._prefix = f"podero:rate:{hashlib.sha256(base_url.encode()).hexdigest()[:16]}"
        self._clock = clock
        self._sleep = sleep

    def acquire(self, max_wait_s: float | None = None) -> float:
        """Wait for a free place in a second (at most `max_wait_s`, None = as long as it takes); return the seconds
        waited. 0 calls per second means no limit."""
        if self.calls_per_second <= 0:
            return 0.0
        started = self._clock()
        while True:
            now = self._clock()
            second = int(now)
            try:
                taken = self._take(second)
            except Exception:
                logger.exception("Podero rate limit: the cache failed; calling Podero anyway")
                return now - started
            if taken <= self.calls_per_second:
                self._wait_for_turn(second + (taken - 1) / self.calls_per_second, started, max_wait_s)
                return self._clock() - started
            if max_wait_s is not None and now - started >= max_wait_s:
                logger.info("Podero rate limit: waited %.1f s, calling anyway", now - started)
                return now - started
            self._sleep(second + 1 - now)

    def _wait_for_turn(self, turn_at: float, started: float, max_wait_s: float | None) -> None:
        """Place n of a second goes at (n - 1) / limit into it: the second's calls spread over it instead of
        leaving in one burst when it begins (as every caller waiting for it would), so Podero sees the rate in any
        second, not twice it across two."""
        wait = turn_at - self._clock()
        if max_wait_s is not None:
            wait = min(wait, max_wait_s - (self._clock() - started))
        if wait > 0:
            self._sleep(wait)

    def _take(self, second: int) -> int:
        """This call's number within `second` (1 = the first); above the limit when every place is taken."""
        key = f"{self._prefix}:{second}"
        if isinstance(self._cache, RedisCache):
            self._cache.add(key, 0, timeout=KEY_TTL_S)
            return int(self._cache.incr(key))
        places = [f"{key}:{place}" for place in range(1, self.calls_per_second + 1)]
        # One read says which places are taken, so a call tries only free ones (usually one add()), and a full
        # second costs one read, not an add() per place: on the database cache each add() is a write.
        taken = self._cache.get_many(places)
        for place, place_key in enumerate(places, start=1):
            if place_key not in taken and self._cache.add(place_key, 1, timeout=KEY_TTL_S):
                return place
        return self.calls_per_second + 1
