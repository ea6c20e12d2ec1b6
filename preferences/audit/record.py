"""What every write shares: who asked, the audit record (`Change`) begun before the call and completed with its
outcome, one run per intent however many ask at once, and the `Result` a write hands back."""

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from preferences import podero
from preferences.audit import single_flight, turns
from preferences.devices import cache
from preferences.models import Change, Device
from preferences.podero.client import get_client

logger = logging.getLogger(__name__)
SETTLED_AFTERWARDS = {Change.Outcome.APPLIED, Change.Outcome.NOT_APPLIED, Change.Outcome.UNCHECKED}

# Whoever asked: the homeowner's login, staff's, or nobody (the portal on its own, e.g. after an absence).
Actor = User | AnonymousUser | None
# `one_run(..., actor=ANYONE)`: work done at most once whoever asks (an undo of a change, a trip target put back).
ANYONE: Final = "anyone"


@dataclass(frozen=True)
class Result[S]:
    """What a write learned: the recorded change, and the state Podero answered with (None if it did not say)."""

    change: Change
    state: S

    @property
    def outcome(self) -> str:
        return self.change.outcome


def one_run(
    device: Device,
    intent: str,
    sends: Any = None,
    *,
    actor: Actor | Literal["anyone"],
    replay: bool = True,
) -> single_flight.Flight:
    """One run of `intent` with what it `sends` on `device` asked by `actor`, however many ask at once
    (single_flight.py):

    with one_run(device, intent, sends, actor=actor) as run:
        return run.shared(Result) if run.follows else run.keep(write())"""
    return single_flight.claim(
        f"device:{device.pk}",
        single_flight.key_for(intent, device.pk, sends, asker(actor)),
        replay=replay,
        same_as=single_flight.key_for(intent, device.pk, sends),
    )


def device_turn(device: Device) -> AbstractContextManager[None]:
    """No other write to `device` while in the block (turns.turn)."""
    return turns.turn(f"device:{device.pk}")


def asker(actor: Actor | Literal["anyone"]) -> int | str | None:
    """Who asks, as part of what is asked: staff acting a moment after the homeowner do it themselves, and the
    change records them and their reason, rather than being told the homeowner's outcome."""
    if actor is None or isinstance(actor, str):
        return actor
    return actor.pk


def begin(
    device: Device,
    intent: str,
    call: podero.Call[Any],
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    previous: Any = None,
    undoes: Change | None = None,
) -> Change:
    """Record `call` as pending before it is sent, so a call that never returns still leaves a trace."""
    user = actor if isinstance(actor, User) else None
    reason = reason.strip()
    if user is not None and user.pk != device.homeowner.user_id and not reason:
        raise ValueError("Acting for a homeowner needs a reason: it goes into the audit trail.")
    return Change.objects.create(
        created_at=now,
        actor=user,
        reason=reason,
        homeowner=device.homeowner,
        device=device,
        device_kind=device.kind,
        device_podero_id=device.podero_id,
        intent=intent,
        request_method=call.method,
        request_path=call.path,
        request_body=call.body,
        previous_values=previous,
        undoes=undoes,
    )


def run[T](change: Change, call: podero.Call[T]) -> T:
    """Send `call` and complete `change` with how it went; Podero's errors propagate after being recorded."""
    try:
        result = get_client().send(call)
    except Exception as exc:
        fail(change, exc)
        raise
    finish(change, Change.Outcome.SUCCEEDED, status=call.success_status)
    return result


def fail(change: Change, exc: Exception) -> None:
    """Record why the call failed. An error we did not plan for may have come after Podero applied the change."""
    if not isinstance(exc, podero.PoderoError):
        finish(change, Change.Outcome.UNKNOWN, status=None, error_kind=type(exc).__name__, detail=str(exc))
        return
    if isinstance(exc, podero.PoderoUnavailable):
        outcome = Change.Outcome.UNKNOWN if exc.outcome_unknown else Change.Outcome.FAILED
    elif isinstance(exc, podero.PoderoRejected):
        outcome = Change.Outcome.REJECTED
    else:
        outcome = Change.Outcome.FAILED
    finish(change, outcome, status=exc.status, error_kind=type(exc).__name__, detail=str(exc))


def _settle(change: Change, completed: dict[str, Any]) -> int:
    """The UPDATE, once more on a new connection if the database dropped this one while Podero answered (a
    restart): the outcome of a call Podero has answered is not left unrecorded for a dropped connection."""
    pending = Change.objects.filter(pk=change.pk, outcome=Change.Outcome.PENDING)
    try:
        return pending.update(**completed)
    except (OperationalError, InterfaceError):
        if not connection.get_autocommit():
            raise  # inside a transaction: reconnecting would lose what it did before
        logger.warning("The database dropped the connection while Podero answered; recording on a new one")
        connection.close()
        return pending.update(**completed)


def finish(
    change: Change,
    outcome: str,
    *,
    status: int | None,
    error_kind: str = "",
    conflict_reason: str = "",
    detail: str = "",
) -> None:
    completed = {
        "outcome": outcome,
        "finished_at": timezone.now(),
        "http_status": status,
        "error_kind": error_kind,
        "conflict_reason": conflict_reason,
        "detail": detail[:2000],
    }
    if _complete(change, completed):
        return
    settled = Change.objects.filter(pk=change.pk).values_list("outcome", flat=True).first()
    if settled in SETTLED_AFTERWARDS:
        # The sweeper read the device back first (audit/reconcile.py): this answer came later than any should.
        logger.warning("Change %s was answered (%s) after it was settled as %s", change.pk, outcome, settled)
        return
    raise ValueError("A change with an outcome is part of the audit trail and cannot be edited.")


def settle_afterwards(change: Change, outcome: str, detail: str) -> bool:
    """Settle a change whose answer never came with what reading the device back said (audit/reconcile.py);
    False when it has an outcome already, which stays."""
    completed = {"outcome": outcome, "finished_at": timezone.now(), "detail": detail[:2000]}
    return _complete(change, completed)


def _complete(change: Change, completed: dict[str, Any]) -> bool:
    # One UPDATE that is its own guard: only a change still pending gets an outcome (Change.save reads first).
    if not _settle(change, completed):
        return False
    for name, value in completed.items():
        setattr(change, name, value)
    # Whatever the outcome, what we cached about the device may now be wrong (cache.py).
    cache.forget(
        change.device_podero_id,
        user_id=change.homeowner.podero_user_id,
        kind=change.device_kind,
    )
    return True
