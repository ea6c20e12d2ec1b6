"""Locks that name their holder and live a few seconds, renewed while their holder works: a device's turn (one
write at a time, whatever its intent) and the heartbeat that keeps a lock alive. A dead holder's lock is gone
within SINGLE_FLIGHT_LOCK_SECONDS. While the shared cache is down they are taken in the database instead."""

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import BaseCache, cache, caches
from django.db import connections

from podero_portal.redis_cache import CacheUnavailable
from preferences import podero

POLL_SECONDS = 0.05
logger = logging.getLogger(__name__)


class StillRunning(podero.PoderoUnavailable):
    """The same request has been running elsewhere for longer than we wait: it may still take effect."""


@contextlib.contextmanager
def turn(scope: str) -> Iterator[None]:
    """Within the block, no other write to `scope` runs (see `Turn`): for bookkeeping around a write that must
    not interleave with another intent's (a pause for a while is recorded with its write, not after another's)."""
    taken = Turn(scope)
    taken.take(time.monotonic() + settings.SINGLE_FLIGHT_WAIT_SECONDS)
    try:
        yield
    finally:
        taken.give_back()


class Turn:
    """One write at a time within a scope (a device), whatever its intent: taken before the intent's own lock, and
    again by the same thread for free (a write inside another's, e.g. a pause for a while around its pause)."""

    _held = threading.local()

    def __init__(self, scope: str) -> None:
        self._key = f"single-flight:turn:{scope}"
        self._store: BaseCache = cache
        self._heartbeat: Heartbeat | None = None

    def take(self, deadline: float) -> None:
        held: set[str] = self._held.__dict__.setdefault("keys", set())
        if self._key in held:
            return  # this thread has the turn already, further up its stack
        while not self._add():
            if time.monotonic() >= deadline:
                raise StillRunning(
                    "another change to this device is still waiting for Podero", outcome_unknown=False
                )
            time.sleep(POLL_SECONDS)
        held.add(self._key)
        self._heartbeat = Heartbeat(self._store, self._key)
        self._heartbeat.start()

    def give_back(self, *, with_lock: tuple[BaseCache, str] | None = None) -> None:
        """Give the turn back; `with_lock`: an intent's lock (its cache and key) to give back first, in the same
        cache call when both are in the same cache (one SQL statement on the database cache, not two)."""
        if self._heartbeat is None:  # taken further up this thread's stack: given back there
            if with_lock is not None:
                with_lock[0].delete(with_lock[1])
            return
        self._heartbeat.stop()
        self._held.__dict__["keys"].discard(self._key)
        if with_lock is not None and with_lock[0] is self._store:
            self._store.delete_many([with_lock[1], self._key])
            return
        if with_lock is not None:
            with_lock[0].delete(with_lock[1])
        self._store.delete(self._key)

    def _add(self) -> bool:
        try:
            return self._store.add(self._key, uuid.uuid4().hex, timeout=settings.SINGLE_FLIGHT_LOCK_SECONDS)
        except CacheUnavailable:
            self._store = caches["locks"]
            return self._store.add(self._key, uuid.uuid4().hex, timeout=settings.SINGLE_FLIGHT_LOCK_SECONDS)


class Heartbeat:
    """Renews a leader's lock while it works, so the lock can be short: it expires soon after its holder dies."""

    def __init__(self, store: BaseCache, lock_key: str) -> None:
        self._store, self._lock_key = store, lock_key
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="single-flight-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _run(self) -> None:
        lifetime = settings.SINGLE_FLIGHT_LOCK_SECONDS
        try:
            while not self._stopped.wait(lifetime / 3):
                self._store.touch(self._lock_key, timeout=lifetime)
        except Exception:
            logger.exception("Could not renew the lock %s; it expires in %s s", self._lock_key, lifetime)
        finally:
            connections.close_all()  # the database cache opened one in this thread
