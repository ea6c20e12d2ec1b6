"""A circuit breaker in front of Podero, with its state in the shared cache so every process agrees.

When Podero is down, every page view would otherwise wait for its own timeouts and add to the load on a
service that is already failing. After `failures` failed calls within `window_s` seconds (counted across
all app servers) the breaker opens: for `cooldown_s` seconds calls fail at once with PoderoCircuitOpen,
without being sent. Then one call, from whichever process gets there first, is let through as a trial:
if it succeeds the breaker closes, if it fails it opens again for another cooldown. Calls that come while
the trial is out wait a little for its outcome instead of failing at once: a page reads several things in
parallel, and the one that happens to be the trial must not leave the others showing an outage that is over.

A failure is Podero not answering (no connection, a timeout, a cut-off answer), answering 5xx, or answering
429 after the one retry the transport allows (transport.py): a partner that keeps being told to slow down must
stop for a while. A 2xx with a body we cannot read is not, nor any other 4xx.

There is one breaker per endpoint family (FAMILIES: insights reads, device reads, writes), so `/savings`
failing stops neither a page's device state nor a homeowner's Charge now.

Cache keys (under the cache's own KEY_PREFIX), per Podero host and family:
    podero:breaker:<host hash>:<family>:failure:N  one per recent failure, N < failures (each expires after the window)
    podero:breaker:<host hash>:<family>:open       present while the breaker is open (expires after the cooldown)
    podero:breaker:<host hash>:<family>:tripped    present from opening until a trial call succeeds
    podero:breaker:<host hash>:<family>:trial      held by the process making the trial call

The breaker is an optimisation: if the cache itself fails, calls go ahead as if it were closed.
"""

import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.core.cache.backends.base import BaseCache

from .errors import PoderoBadResponse, PoderoCircuitOpen, PoderoError

logger = logging.getLogger(__name__)

# How long a `tripped` mark outlives the cooldown when no call comes to try Podero again.
TRIPPED_TTL_S = 3600

# How long a call waits for another's trial to tell whether Podero is back, and how often it looks.
TRIAL_WAIT_S = 3.0
TRIAL_POLL_S = 0.05

Ticket = Literal["normal", "trial"]
Family = Literal["insights", "device_reads", "writes"]
FAMILIES: tuple[Family, ...] = ("insights", "device_reads", "writes")
# The last segment of a GET path that makes it an insights read (podero-api.md §6: savings, data, sessions).
_INSIGHT_TAILS = frozenset({"savings", "data", "sessions", "current"})


def family_of(method: str, path: str) -> Family:
    """Which breaker a call goes through: every non-GET is a write; a GET of savings, energy data or charging
    sessions is an insights read; any other GET reads devices (or a device's charge policy)."""
    if method != "GET":
        return "writes"
    tail = path.rstrip("/").rsplit("/", 1)[-1]
    return "insights" if tail in _INSIGHT_TAILS else "device_reads"


@dataclass(frozen=True)
class BreakerPolicy:
    """`failures` failed calls within `window_s` open the breaker for `cooldown_s`; failures=0 turns it off."""

    failures: int = 5
    window_s: float = 30
    cooldown_s: float = 15

    @property
    def enabled(self) -> bool:
        return self.failures > 0


def counts_as_failure(exc: PoderoError) -> bool:
    """Podero did not answer, answered 5xx, or kept answering 429."""
    if isinstance(exc, PoderoCircuitOpen | PoderoBadResponse):
        return False
    return exc.status is None or exc.status >= 500 or exc.status == 429


class CircuitBreaker:
    def __init__(
        self,
        *,
        cache: BaseCache,
        base_url: str,
        policy: BreakerPolicy,
        trial_timeout_s: float,
        family: Family = "device_reads",
    ) -> None:
        self._cache = cache
        self._policy = policy
        self.family = family
        # A trial that never reports back (the process died) must not keep the breaker half-open for ever.
        self._trial_timeout_s = max(int(trial_timeout_s) + 1, 1)
        prefix = f"podero:breaker:{hashlib.sha256(base_url.encode()).hexdigest()[:16]}:{family}"
        self._slot_keys = [f"{prefix}:failure:{slot}" for slot in range(policy.failures)]
        self._open_key = f"{prefix}:open"
        self._tripped_key = f"{prefix}:tripped"
        self._trial_key = f"{prefix}:trial"

    def __repr__(self) -> str:
        return f"CircuitBreaker({self.family}, {self._policy})"

    def is_open(self) -> bool:
        """Whether calls of this family are being refused now (for the metrics)."""
        try:
            return self._open_key in self._cache.get_many([self._open_key])
        except Exception:
            return False

    @property
    def state_keys(self) -> list[str]:
        """The keys `before_call` reads, for a caller that reads them with others in one cache round trip."""
        return [self._open_key, self._tripped_key]

    def before_call(self, where: str, state: Mapping[str, Any] | None = None) -> Ticket:
        """Raise PoderoCircuitOpen if the call must not be made; otherwise say whether it is the trial.
        `state`: what the cache holds under `state_keys`, if the caller has read it already."""
        if not self._policy.enabled:
            return "normal"
        try:
            if state is None:
                state = self._cache.get_many(self.state_keys)
            if self._open_key in state:
                raise self._open(where)
            if self._tripped_key not in state:
                return "normal"
            if self._take_trial(where):
                return "trial"
            return self._await_trial(where)
        except PoderoCircuitOpen:
            raise
        except Exception:
            logger.exception("Podero circuit breaker: the cache failed; calling Podero anyway")
            return "normal"

    def _take_trial(self, where: str) -> bool:
        if self._cache.add(self._trial_key, 1, timeout=self._trial_timeout_s):
            logger.info("Podero circuit %s half-open: %s is the trial call", self.family, where)
            return True
        return False

    def _await_trial(self, where: str) -> Ticket:
        """Another call is the trial: wait for its outcome rather than pile on, for a little while."""
        deadline = time.monotonic() + TRIAL_WAIT_S
        while time.monotonic() < deadline:
            time.sleep(TRIAL_POLL_S)
            state = self._cache.get_many([self._open_key, self._tripped_key, self._trial_key])
            if self._open_key in state:
                break
            if self._tripped_key not in state:
                return "normal"
            if self._trial_key not in state and self._take_trial(where):
                return "trial"
        raise self._open(where)

    def record_success(self, ticket: Ticket) -> None:
        if ticket != "trial":
            return
        try:
            self._cache.delete_many([self._tripped_key, self._trial_key, *self._slot_keys])
        except Exception:
            logger.exception("Podero circuit breaker: the cache failed while closing")
            return
        logger.warning("Podero circuit %s closed: the trial call succeeded", self.family)

    def record_failure(self, ticket: Ticket, exc: PoderoError) -> None:
        if not self._policy.enabled or not counts_as_failure(exc):
            if ticket == "trial":
                self.record_success(ticket)  # Podero answered, so it is up again
            return
        try:
            if ticket == "trial":
                self._trip()
                self._cache.delete(self._trial_key)
                logger.warning(
                    "Podero circuit %s open again for %.0f s: the trial call failed",
                    self.family,
                    self._policy.cooldown_s,
                )
                return
            if self._count_failure() >= self._policy.failures:
                self._trip()
                self._cache.delete_many(self._slot_keys)
                logger.warning(
                    "Podero circuit %s open for %.0f s: %d failures within %.0f s",
                    self.family,
                    self._policy.cooldown_s,
                    self._policy.failures,
                    self._policy.window_s,
                )
        except Exception:
            logger.exception("Podero circuit breaker: the cache failed while counting a failure")

    def _count_failure(self) -> int:
        """Take a free slot for this failure and say how many slots are taken.

        One key per failure rather than a counter: add() is atomic in every cache backend (incr() is not in the
        database cache), and each failure leaves the window `window_s` after it happened.
        """
        for slot in self._slot_keys:
            if self._cache.add(slot, 1, timeout=self._policy.window_s):
                break
        return len(self._cache.get_many(self._slot_keys))

    def _trip(self) -> None:
        self._cache.set(self._open_key, 1, timeout=self._policy.cooldown_s)
        self._cache.set(self._tripped_key, 1, timeout=self._policy.cooldown_s + TRIPPED_TTL_S)

    def _open(self, where: str) -> PoderoCircuitOpen:
        return PoderoCircuitOpen(
            f"Podero failed repeatedly just now; {where} was not sent (circuit open).", outcome_unknown=False
        )
