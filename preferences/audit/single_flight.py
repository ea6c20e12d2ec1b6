"""One write per intent: identical requests made at the same time run once, and every requester gets its outcome.

Double clicks, two tabs and two app servers send the same intent for the same device at nearly the same moment.
The first to take the lock (`cache.add`, atomic on every cache backend, shared by every app server) does the
work; the others wait for it and get the same outcome, what it returned or what it raised. A success is kept
for a few seconds, so a request that arrives just after the work finished gets it too, unless another intent
has started on the same device since (pause, resume, pause again is three writes). A failure answers only
those who waited for it: asking again afterwards is a new attempt.

Runs of different intents on one device take turns (`turns.Turn`): a write that reads the device first (a trip target
changes one day of the week Podero holds) never builds on a read another write is about to make stale.

The lock names its holder and lives SINGLE_FLIGHT_LOCK_SECONDS (a few seconds); the holder renews it while it
works (`turns.Heartbeat`), however long Podero takes. If the holder dies (an app server killed mid-write), the lock
expires within those seconds and the next request runs: a dead server never stalls a click for long.
While the shared cache (Redis) is down, the lock and the outcome go to the database instead (the "locks" cache,
settings.py): every app server still agrees, only slower.
"""

import copyreg
import hashlib
import json
import logging
import pickle
import time
import types
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, cache, caches

from podero_portal import metrics
from podero_portal.redis_cache import CacheUnavailable
from preferences.audit import turns

logger = logging.getLogger(__name__)


# Outcomes pass through the cache, pickled; the client's types freeze their mappings as read-only views.
def _read_only(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(mapping)


copyreg.pickle(types.MappingProxyType, lambda mapping: (_read_only, (dict(mapping),)))


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
        turn: "turns.Turn",
        stored: Any = None,
        holds: bool,
    ) -> None:
        self.follows = stored is not None
        self._store, self._lock_key, self._outcome_key = store, lock_key, outcome_key
        self._flight, self._stored, self._holds, self._kept = flight, stored, holds, False
        self._same_as: str = ""
        self._earlier: tuple[str, str, Any, float] | None = None
        self._heartbeat = None if self.follows else turns.Heartbeat(store, lock_key)
        self._turn = turn

    def keep[T](self, value: T) -> T:
        """The leader's outcome, for those who wait for it; returned as it is."""
        outcome = (self._flight, "returned", value, time.time())
        # The outcome, and the same intent's latest success when it has a key of its own: in one cache call.
        keys = [self._outcome_key, *([_done_key(self._same_as)] if self._same_as else [])]
        _store(self._store, dict.fromkeys(keys, outcome))
        self._kept = True
        return value

    def remember_as(self, same_as: str, earlier: tuple[str, str, Any, float] | None) -> None:
        """This run is also the same intent whoever asks (`same_as`); `earlier`: that intent's last success."""
        self._same_as, self._earlier = same_as, earlier

    def done_by_another[T](self, kind: type[T]) -> T | None:
        """What someone else's run of the same intent returned a moment ago, if nothing else ran on the device since:
        the device is already as this run would make it. None otherwise."""
        if self._earlier is None:
            return None
        value = _replay(self._earlier)
        return value if isinstance(value, kind) else None

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
            _store(self._store, {self._outcome_key: (self._flight, "raised", exc, time.time())})
        if self._heartbeat is not None:
            self._heartbeat.stop()
        self._turn.give_back(with_lock=(self._store, self._lock_key) if self._holds else None)


def claim(scope: str, key: str, *, replay: bool = True, same_as: str = "") -> Flight:
    """Lead the run of `key` within `scope` (a device), or follow the one running or just run. Raises
    StillRunning after waiting SINGLE_FLIGHT_WAIT_SECONDS for another requester's outcome.
    `replay=False`: only requests that arrive while it runs share its outcome; one that comes after runs again
    (for work that finds out itself that there is nothing left to do). `same_as`: the key of the same intent
    whoever asks it (`key` names the asker too), for `Flight.done_by_another`."""
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
    turn = turns.Turn(scope)
    try:
        turn.take(deadline)
        try:
            # Read while this request has the device's turn: no other write can start in between.
            earlier = _done_just_before(same_as, latest_key) if same_as else None
            flight = _claim(turn, lock_key, outcome_key, latest_key, replay_key, started, deadline)
        except BaseException:
            turn.give_back()
            raise
    except turns.StillRunning:
        metrics.ONE_WRITE_WAITS.labels("gave_up").observe(time.time() - started)
        raise
    metrics.ONE_WRITE_WAITS.labels("followed" if flight.follows else "led").observe(time.time() - started)
    if same_as and not flight.follows:
        flight.remember_as(same_as, earlier)
    return flight


def _done_key(same_as: str) -> str:
    return f"single-flight:done:{same_as}"


def _done_just_before(same_as: str, latest_key: str) -> tuple[str, str, Any, float] | None:
    """The outcome of the same intent, asked by anyone, if it is the device's latest run and a recent success."""
    found = cache.get_many([_done_key(same_as), latest_key])
    done, latest = found.get(_done_key(same_as)), found.get(latest_key)
    if done is None or done[0] != latest or done[1] != "returned":
        return None
    return done if time.time() - done[3] <= settings.SINGLE_FLIGHT_REPLAY_SECONDS else None


def _claim(
    turn: "turns.Turn",
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
            raise turns.StillRunning(
                "the same request is still waiting for Podero's answer", outcome_unknown=True
            )
        time.sleep(turns.POLL_SECONDS)


def run_once[T](scope: str, key: str, work: Callable[[], T], *, replay: bool = True) -> T:
    """Run `work` unless the same `key` is running or just ran within `scope`; return or raise its outcome."""
    with claim(scope, key, replay=replay) as run:
        if run.follows:
            shared: T = _replay(run._stored)
            return shared
        return run.keep(work())


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


def _store(store: BaseCache, outcomes: dict[str, tuple[str, str, Any, float]]) -> None:
    try:
        store.set_many(outcomes, timeout=settings.SINGLE_FLIGHT_REPLAY_SECONDS)
    except (pickle.PicklingError, TypeError, AttributeError):
        # Not shareable through the cache: whoever waits runs the intent itself once the lock is free.
        logger.exception("Could not share the outcome of %s", ", ".join(outcomes))


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
