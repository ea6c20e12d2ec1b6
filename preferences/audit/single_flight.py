"""One write per intent: identical requests made at the same time run once, and every requester gets its outcome.

Double clicks, two tabs and two app servers send the same intent for the same device at nearly the same moment.
The first to take the lock (`cache.add`, atomic on every cache backend, shared by every app server) does the
work; the others wait for it and get the same outcome, what it returned or what it raised. A success is kept
for a few seconds, so a request that arrives just after the work finished gets it too, unless another intent
has started on the same device since (pause, resume, pause again is three writes). A failure answers only
those who waited for it: asking again afterwards is a new attempt.

Runs of different intents on one device take turns (`_Turn`): a write that reads the device first (a trip target
changes one day of the week Podero holds) never builds on a read another write is about to make stale.

The lock names its holder and lives SINGLE_FLIGHT_LOCK_SECONDS (a few seconds); the holder renews it while it
works (`_Heartbeat`), however long Podero takes. If the holder dies (an app server killed mid-write), the lock
expires within those seconds and the next request runs: a dead server never stalls a click for long.
While the shared cache (Redis) is down, the lock and the outcome go to the database instead (the "locks" cache,
settings.py): every app server still agrees, only slower.
"""

import contextlib
import copyreg
import hashlib
import json
import logging
import pickle
import threading
import time
import types
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, cache, caches
from django.db import connections

from podero_portal.redis_cache import CacheUnavailable
from preferences import podero

POLL_SECONDS = 0.05
logger = logging.getLogger(__name__)


# Outcomes pass through the cache, pickled; the client's types freeze their mappings as read-only views.
def _read_only(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(mapping)


copyreg.pickle(types.MappingProxyType, lambda mapping: (_read_only, (dict(mapping),)))


class StillRunning(podero.PoderoUnavailable):
    """The same request has been running elsewhere for longer than we wait: it may still take effect."""


def key_for(*parts: Any) -> str:
    """A short cache key for an intent: its name, the device and what it sends (any JSON)."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Flight:
    """One requester's place in a run (`claim`): it leads, and runs the work itself, or it follows, and takes the
    outcome of the run it waited for. Used as a context manager around the work, so the work stays in its own
    module and nothing calls back into it:

        with single_flight.claim(scope, key) as run:
            return run.shared(Result) if run.follows else run.keep(do_the_work())
    """

    def __init__(
        self,
        store: BaseCache,
        lock_key: str,
        outcome_key: str,
        flight: str,
        *,
        turn: "_Turn",
        stored: Any = None,
        holds: bool,
    ) -> None:
        self.follows = stored is not None
        self._store, self._lock_key, self._outcome_key = store, lock_key, outcome_key
        self._flight, self._stored, self._holds, self._kept = flight, stored, holds, False
        self._heartbeat = None if self.follows else _Heartbeat(store, lock_key)
        self._turn = turn

    def keep[T](self, value: T) -> T:
        """The leader's outcome, for those who wait for it; returned as it is."""
        _store(self._store, self._outcome_key, (self._flight, "returned", value, time.time()))
        self._kept = True
        return value

    def shared[T](self, kind: type[T]) -> T:
        """The outcome of the run followed (of type `kind`): returned, or raised as it was raised."""
        value = _replay(self._stored)
        if not isinstance(value, kind):
            raise TypeError(f"{self._outcome_key} holds a {type(value).__name__}, not a {kind.__name__}")
        return value

    def __enter__(self) -> "Flight":
        if self._heartbeat is not None:
            self._heartbeat.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if not self.follows and isinstance(exc, Exception) and not self._kept:
            _store(self._store, self._outcome_key, (self._flight, "raised", exc, time.time()))
        if self._heartbeat is not None:
            self._heartbeat.stop()
        if self._holds:
            self._store.delete(self._lock_key)
        self._turn.give_back()


def claim(scope: str, key: str, *, replay: bool = True) -> Flight:
    """Lead the run of `key` within `scope` (a device), or follow the one running or just run. Raises
    StillRunning after waiting SINGLE_FLIGHT_WAIT_SECONDS for another requester's outcome.
    `replay=False`: only requests that arrive while it runs share its outcome; one that comes after runs again
    (for work that finds out itself that there is nothing left to do)."""
    lock_key, outcome_key, latest_key = (
        f"single-flight:lock:{key}",
        f"single-flight:outcome:{key}",
        f"single-flight:latest:{scope}",
    )
    started = time.time()
    deadline = time.monotonic() + settings.SINGLE_FLIGHT_WAIT_SECONDS
    replay_key = latest_key if replay else None
    # The device's turn first, then the intent's lock: taken in that order by every write, they never wait on each
    # other the wrong way round. A twin waits here while the first runs, and then finds its outcome.
    turn = _Turn(scope)
    turn.take(deadline)
    try:
        return _claim(turn, lock_key, outcome_key, latest_key, replay_key, started, deadline)
    except BaseException:
        turn.give_back()
        raise


def _claim(
    turn: "_Turn",
    lock_key: str,
    outcome_key: str,
    latest_key: str,
    replay_key: str | None,
    started: float,
    deadline: float,
) -> Flight:
    awaited: set[str] = set()  # the runs this request saw in flight: their outcome is its outcome
    store: BaseCache = cache
    while True:
        flight = uuid.uuid4().hex
        try:
            taken = store.add(lock_key, flight, timeout=settings.SINGLE_FLIGHT_LOCK_SECONDS)
        except CacheUnavailable:
            store = caches["locks"]
            continue
        if taken:
            # A run may have ended just before: then its outcome is the answer, and nothing runs again.
            stored, latest, _holder = _look(store, outcome_key, lock_key, replay_key)
            if _answers(stored, latest, started, awaited):
                return Flight(store, lock_key, outcome_key, flight, turn=turn, stored=stored, holds=True)
            # From now on an earlier outcome of another intent on this device is no longer the answer to it.
            store.set(
                latest_key,
                flight,
                timeout=settings.SINGLE_FLIGHT_WAIT_SECONDS + settings.SINGLE_FLIGHT_REPLAY_SECONDS,
            )
            return Flight(store, lock_key, outcome_key, flight, turn=turn, holds=True)
        stored, latest, holder = _look(store, outcome_key, lock_key, replay_key)
        if _answers(stored, latest, started, awaited):
            return Flight(store, lock_key, outcome_key, flight, turn=turn, stored=stored, holds=False)
        if holder is not None:
            awaited.add(holder)
        if time.monotonic() >= deadline:
            raise StillRunning("the same request is still waiting for Podero's answer", outcome_unknown=True)
        time.sleep(POLL_SECONDS)


def run_once[T](scope: str, key: str, work: Callable[[], T], *, replay: bool = True) -> T:
    """Run `work` unless the same `key` is running or just ran within `scope`; return or raise its outcome."""
    with claim(scope, key, replay=replay) as run:
        if run.follows:
            shared: T = _replay(run._stored)
            return shared
        return run.keep(work())


@contextlib.contextmanager
def turn(scope: str) -> Iterator[None]:
    """Within the block, no other write to `scope` runs (see `_Turn`): for bookkeeping around a write that must
    not interleave with another intent's (a pause for a while is recorded with its write, not after another's)."""
    taken = _Turn(scope)
    taken.take(time.monotonic() + settings.SINGLE_FLIGHT_WAIT_SECONDS)
    try:
        yield
    finally:
        taken.give_back()


class _Turn:
    """One write at a time within a scope (a device), whatever its intent: taken before the intent's own lock, and
    again by the same thread for free (a write inside another's, e.g. a pause for a while around its pause)."""

    _held = threading.local()

    def __init__(self, scope: str) -> None:
        self._key = f"single-flight:turn:{scope}"
        self._store: BaseCache = cache
        self._heartbeat: _Heartbeat | None = None

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
        self._heartbeat = _Heartbeat(self._store, self._key)
        self._heartbeat.start()

    def give_back(self) -> None:
        if self._heartbeat is None:
            return
        self._heartbeat.stop()
        self._held.__dict__["keys"].discard(self._key)
        self._store.delete(self._key)

    def _add(self) -> bool:
        try:
            return self._store.add(self._key, uuid.uuid4().hex, timeout=settings.SINGLE_FLIGHT_LOCK_SECONDS)
        except CacheUnavailable:
            self._store = caches["locks"]
            return self._store.add(self._key, uuid.uuid4().hex, timeout=settings.SINGLE_FLIGHT_LOCK_SECONDS)


class _Heartbeat:
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


def _look(
    store: BaseCache, outcome_key: str, lock_key: str, latest_key: str | None
) -> tuple[Any, str | None, str | None]:
    """In one cache round trip: the stored outcome, the device's latest run (None without replay: no
    `latest_key`) and who holds the lock."""
    state = store.get_many([outcome_key, lock_key, *([latest_key] if latest_key else [])])
    latest = state.get(latest_key) if latest_key else None
    return state.get(outcome_key), latest, state.get(lock_key)


def _answers(
    stored: tuple[str, str, Any, float] | None, latest_flight: str | None, started: float, awaited: set[str]
) -> bool:
    """Whether a stored outcome is this request's: a run it waited for or that ended after it arrived, or a
    success it arrived just after (`_still_the_answer`; `latest_flight` is None when there is no replay)."""
    if stored is None:
        return False
    flight, _how, _value, finished_at = stored
    if flight in awaited or finished_at >= started:
        return True
    return latest_flight is not None and _still_the_answer(stored, latest_flight)


def _store(store: BaseCache, outcome_key: str, outcome: tuple[str, str, Any, float]) -> None:
    try:
        store.set(outcome_key, outcome, timeout=settings.SINGLE_FLIGHT_REPLAY_SECONDS)
    except (pickle.PicklingError, TypeError, AttributeError):
        # Not shareable through the cache: whoever waits runs the intent itself once the lock is free.
        logger.exception("Could not share the outcome of %s", outcome_key)


def _still_the_answer(stored: tuple[str, str, Any, float], latest_flight: str | None) -> bool:
    """For a request that arrives after the run: a success, if nothing else ran on the device since. A failure
    is not repeated to it: asking again after a failure is a new attempt (the person, or the worker, retries)."""
    flight, how, _value, _finished_at = stored
    return how == "returned" and flight == latest_flight


def _replay(stored: tuple[str, str, Any, float]) -> Any:
    _flight, how, value, _finished_at = stored
    if how == "raised":
        raise value
    return value
