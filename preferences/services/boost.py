"""Charge now (POST /boost) and disarming a boost that waits for the next plug-in (DELETE /boost)."""

import enum
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from preferences import podero
from preferences.models import ARMED_DETAIL, Change, Device
from preferences.services.audit import Actor, Result, begin, fail, finish, once, run


class BoostOutcome(enum.Enum):
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
    BoostOutcome.ALREADY_CHARGING,
    BoostOutcome.FULLY_CHARGED,
    BoostOutcome.NO_ACTIVE_SESSION,
    BoostOutcome.REFUSED,
}
_REFUSAL_BY_REASON = {
    "already_charging": BoostOutcome.ALREADY_CHARGING,
    "fully_charged": BoostOutcome.FULLY_CHARGED,
    "no_active_session": BoostOutcome.NO_ACTIVE_SESSION,
}


@dataclass(frozen=True)
class BoostResult(Result[podero.ElectricVehicle | None]):
    """Charge now: what it did in the homeowner's words, and the car's state when Podero accepted it."""

    boost: BoostOutcome = BoostOutcome.ACCEPTED


def charge_now(*, ev: Device, actor: Actor, now: datetime, reason: str = "") -> BoostResult:
    """Ask Podero to charge `ev` now, or to start as soon as it is plugged in.

    A 409 is Podero saying there is nothing to do; it comes back as a refusal outcome, not an exception.
    Raises podero.PoderoUnavailable and other podero errors otherwise.
    """
    return once(ev, Change.Intent.CHARGE_NOW, lambda: _charge_now(ev, actor, now, reason))


def _charge_now(ev: Device, actor: Actor, now: datetime, reason: str) -> BoostResult:
    call = podero.calls.start_boost(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id)
    change = begin(ev, Change.Intent.CHARGE_NOW, call, actor, now, reason)
    try:
        podero.get_client().send(call)
    except podero.PoderoConflict as conflict:
        finish(change, Change.Outcome.REFUSED, status=conflict.status, conflict_reason=conflict.reason)
        return BoostResult(change, None, _REFUSAL_BY_REASON.get(conflict.reason, BoostOutcome.REFUSED))
    except Exception as exc:
        fail(change, exc)
        raise
    vehicle, outcome = _boost_outcome_after_acceptance(ev)
    armed = ARMED_DETAIL if outcome is BoostOutcome.ARMED else ""
    finish(change, Change.Outcome.SUCCEEDED, status=call.success_status, detail=armed)
    return BoostResult(change, vehicle, outcome)


def _boost_outcome_after_acceptance(ev: Device) -> tuple[podero.ElectricVehicle | None, BoostOutcome]:
    """A 204 means started (plugged in) or armed (unplugged): the vehicle's state tells which."""
    call = podero.calls.get_device(
        podero.DeviceKind.ELECTRIC_VEHICLE, user_id=ev.homeowner.podero_user_id, device_id=ev.podero_id
    )
    try:
        vehicle = podero.get_client().send(call)
    except podero.PoderoError:
        return None, BoostOutcome.ACCEPTED
    if not isinstance(vehicle, podero.ElectricVehicle) or vehicle.is_plugged_in is None:
        return None, BoostOutcome.ACCEPTED  # Podero does not say whether the car is plugged in
    return vehicle, BoostOutcome.STARTED if vehicle.is_plugged_in else BoostOutcome.ARMED


def cancel_boost(*, ev: Device, actor: Actor, now: datetime, reason: str = "") -> Result[None]:
    """Disarm a boost waiting for the next plug-in. A boost already running is not stopped (podero-api.md §5.5).
    Raises podero errors."""
    return once(ev, Change.Intent.CANCEL_BOOST, lambda: send_cancel_boost(ev, actor, now, reason))


def send_cancel_boost(
    ev: Device, actor: Actor, now: datetime, reason: str, *, undoes: Change | None = None
) -> Result[None]:
    call = podero.calls.cancel_boost(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id)
    change = begin(ev, Change.Intent.CANCEL_BOOST, call, actor, now, reason, undoes=undoes)
    return Result(change, run(change, call))
