"""Charge now at a wallbox, and stopping it: Podero's boost, `POST` and `DELETE …/wallboxes/{id}/boost`
(podero-api.md §5.5, §7). Unlike an EV's, the wallbox's DELETE also stops a boost that is already running.

Each is one run per person however many ask at once (audit.record.one_run), recorded in the audit trail before it
is sent."""

from dataclasses import dataclass
from datetime import datetime

from preferences import podero
from preferences.audit.record import Actor, Result, begin, fail, finish, one_run, run
from preferences.charging.charge_now import ARMED_DETAIL
from preferences.models import Change, Device
from preferences.podero import wallboxes
from preferences.podero.client import get_client
from preferences.wallboxes.words import REFUSAL_BY_REASON, ChargeNowSaid

# What the audit trail records (Change.intent); intents.py says each in words.
CHARGE_NOW = "wallbox_charge_now"
STOP_CHARGING = "wallbox_stop_charging"


@dataclass(frozen=True)
class ChargeNowResult(Result[wallboxes.Wallbox | None]):
    """What Charge now did in the homeowner's words, and the wallbox's state when Podero accepted it."""

    said: ChargeNowSaid = ChargeNowSaid.ACCEPTED


def charge_now(*, wallbox: Device, actor: Actor, now: datetime, reason: str = "") -> ChargeNowResult:
    """Ask Podero to charge at full power now, or as soon as a car is plugged in.

    A 409 is Podero saying there is nothing to do: a refusal outcome, not an exception. Raises other podero
    errors (recorded first)."""
    with one_run(wallbox, CHARGE_NOW, actor=actor) as flight:
        if flight.follows:
            return flight.shared(ChargeNowResult)
        return flight.keep(_charge_now(wallbox, actor, now, reason))


def _charge_now(wallbox: Device, actor: Actor, now: datetime, reason: str) -> ChargeNowResult:
    call = wallboxes.start_boost(user_id=wallbox.homeowner.podero_user_id, wallbox_id=wallbox.podero_id)
    change = begin(wallbox, CHARGE_NOW, call, actor, now, reason)
    try:
        get_client().send(call)
    except podero.PoderoConflict as conflict:
        finish(change, Change.Outcome.REFUSED, status=conflict.status, conflict_reason=conflict.reason)
        return ChargeNowResult(change, None, REFUSAL_BY_REASON.get(conflict.reason, ChargeNowSaid.REFUSED))
    except Exception as exc:
        fail(change, exc)
        raise
    state, said = _after_acceptance(wallbox)
    armed = ARMED_DETAIL if said is ChargeNowSaid.ARMED else ""
    finish(change, Change.Outcome.SUCCEEDED, status=call.success_status, detail=armed)
    return ChargeNowResult(change, state, said)


def _after_acceptance(wallbox: Device) -> tuple[wallboxes.Wallbox | None, ChargeNowSaid]:
    """A 204 means started (a car is plugged in) or armed (none is): the wallbox's state tells which."""
    try:
        state = get_client().get_device(
            wallboxes.WALLBOXES, user_id=wallbox.homeowner.podero_user_id, device_id=wallbox.podero_id
        )
    except podero.PoderoError:
        return None, ChargeNowSaid.ACCEPTED
    if not isinstance(state, wallboxes.Wallbox) or state.is_plugged_in is None:
        return None, ChargeNowSaid.ACCEPTED
    return state, ChargeNowSaid.STARTED if state.is_plugged_in else ChargeNowSaid.ARMED


def stop_charging(*, wallbox: Device, actor: Actor, now: datetime, reason: str = "") -> Result[None]:
    """Stop a boost that is running, and disarm one waiting for a car (one DELETE, idempotent). Raises podero
    errors (recorded first)."""
    with one_run(wallbox, STOP_CHARGING, actor=actor) as flight:
        if flight.follows:
            return flight.shared(Result)
        call = wallboxes.stop_boost(user_id=wallbox.homeowner.podero_user_id, wallbox_id=wallbox.podero_id)
        change = begin(wallbox, STOP_CHARGING, call, actor, now, reason)
        return flight.keep(Result(change, run(change, call)))
