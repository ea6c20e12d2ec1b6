"""Charge now: start charging at full speed, or as soon as the car is plugged in; and take back a start that waits
for the next plug-in. (Podero calls it a boost: POST and DELETE on the EV's /boost.)"""

import enum
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from preferences import podero
from preferences.audit.record import Actor, Result, begin, fail, finish, one_run, run
from preferences.models import Change, Device
from preferences.podero.client import get_client

# Recorded in Change.detail: Podero reports no "armed" flag (podero-api.md §5.5), so the portal remembers.
ARMED_DETAIL = "armed for the next plug-in"


class ChargeNowOutcome(enum.Enum):
    """What "Charge now" did, in the homeowner's words."""

    STARTED = _("Charging has started. It may take a minute before the car reports it.")
    ARMED = _("Charging will start as soon as the car is plugged in.")
    ACCEPTED = _("Podero accepted the request. Refresh in a minute to see whether charging started.")
    ALREADY_CHARGING = _("The car is already charging, so there is nothing to start.")
    FULLY_CHARGED = _("The battery is already full, so there is nothing to charge.")
    NO_ACTIVE_SESSION = _(
        "Charging could not start because the car has no active charging session. "
        "Check that it is plugged in at home and the charger is switched on."
    )
    REFUSED = _("Podero could not start charging right now. Please try again in a few minutes.")

    @property
    def sentence(self) -> str:
        return str(self.value)

    @property
    def is_refusal(self) -> bool:
        return self in _REFUSALS


_REFUSALS = {
    ChargeNowOutcome.ALREADY_CHARGING,
    ChargeNowOutcome.FULLY_CHARGED,
    ChargeNowOutcome.NO_ACTIVE_SESSION,
    ChargeNowOutcome.REFUSED,
}
_REFUSAL_BY_REASON = {
    podero.ALREADY_CHARGING: ChargeNowOutcome.ALREADY_CHARGING,
    podero.FULLY_CHARGED: ChargeNowOutcome.FULLY_CHARGED,
    podero.NO_ACTIVE_SESSION: ChargeNowOutcome.NO_ACTIVE_SESSION,
}


@dataclass(frozen=True)
class ChargeNowResult(Result[podero.ElectricVehicle | None]):
    """Charge now: what it did in the homeowner's words, and the car's state when Podero accepted it."""

    said: ChargeNowOutcome = ChargeNowOutcome.ACCEPTED


def start(*, ev: Device, actor: Actor, now: datetime, reason: str = "") -> ChargeNowResult:
    """Ask Podero to charge `ev` now, or to start as soon as it is plugged in.

    A 409 is Podero saying there is nothing to do; it comes back as a refusal outcome, not an exception.
    Raises podero.PoderoUnavailable and other podero errors otherwise.
    """
    with one_run(ev, Change.Intent.CHARGE_NOW, actor=actor) as run:
        return run.shared(ChargeNowResult) if run.follows else run.keep(_start(ev, actor, now, reason))


def _start(ev: Device, actor: Actor, now: datetime, reason: str) -> ChargeNowResult:
    call = podero.calls.start_boost(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id)
    change = begin(ev, Change.Intent.CHARGE_NOW, call, actor, now, reason)
    try:
        get_client().send(call)
    except podero.PoderoConflict as conflict:
        finish(change, Change.Outcome.REFUSED, status=conflict.status, conflict_reason=conflict.reason)
        return ChargeNowResult(
            change, None, _REFUSAL_BY_REASON.get(conflict.reason, ChargeNowOutcome.REFUSED)
        )
    except Exception as exc:
        fail(change, exc)
        raise
    vehicle, outcome = _outcome_after_acceptance(ev)
    armed = ARMED_DETAIL if outcome is ChargeNowOutcome.ARMED else ""
    finish(change, Change.Outcome.SUCCEEDED, status=call.success_status, detail=armed)
    return ChargeNowResult(change, vehicle, outcome)


def _outcome_after_acceptance(ev: Device) -> tuple[podero.ElectricVehicle | None, ChargeNowOutcome]:
    """A 204 means started (plugged in) or armed (unplugged): the vehicle's state tells which."""
    call = podero.calls.get_device(
        podero.DeviceKind.ELECTRIC_VEHICLE, user_id=ev.homeowner.podero_user_id, device_id=ev.podero_id
    )
    try:
        vehicle = get_client().send(call)
    except podero.PoderoError:
        return None, ChargeNowOutcome.ACCEPTED
    if not isinstance(vehicle, podero.ElectricVehicle) or vehicle.is_plugged_in is None:
        return None, ChargeNowOutcome.ACCEPTED  # Podero does not say whether the car is plugged in
    return vehicle, ChargeNowOutcome.STARTED if vehicle.is_plugged_in else ChargeNowOutcome.ARMED


def cancel(*, ev: Device, actor: Actor, now: datetime, reason: str = "") -> Result[None]:
    """Disarm a boost waiting for the next plug-in. A boost already running is not stopped (podero-api.md §5.5).
    Raises podero errors."""
    with one_run(ev, Change.Intent.CANCEL_BOOST, actor=actor) as run:
        return run.shared(Result) if run.follows else run.keep(send_cancel(ev, actor, now, reason))


def send_cancel(
    ev: Device, actor: Actor, now: datetime, reason: str, *, undoes: Change | None = None
) -> Result[None]:
    call = podero.calls.cancel_boost(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id)
    change = begin(ev, Change.Intent.CANCEL_BOOST, call, actor, now, reason, undoes=undoes)
    return Result(change, run(change, call))
