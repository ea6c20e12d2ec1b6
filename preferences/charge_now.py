"""The "Charge now" card, status first: one sentence of what the car is doing and what the button will do.

Podero's state lags minutes behind the car (podero-api.md §5.4, §11), so the card only holds back the button on
data fresh enough to trust; otherwise the button is offered and Podero's 409 explains a refusal. An armed
boost (our own record: Podero does not report it, §5.5) offers one control, to disarm it. A running boost
cannot be stopped by the API (DELETE /boost does not stop it), so the card says so instead of offering a button.
"""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from preferences import podero
from preferences.charging_checklist import STALE_AFTER

# Our own accepted request is the confirmation until the car reports again, but not for ever.
PENDING_FOR = timedelta(minutes=15)


class Action(enum.StrEnum):
    CHARGE = "charge"
    DISARM = "disarm"


@dataclass(frozen=True)
class ChargeNowStatus:
    sentence: str
    action: Action | None
    polling: bool = False

    @property
    def button(self) -> str:
        return _("Don't start when plugged in") if self.action == Action.DISARM else _("Charge now")


def charge_now_status(
    vehicle: podero.ElectricVehicle, *, armed: bool, asked_at: datetime | None, now: datetime
) -> ChargeNowStatus:
    """`armed`: our last boost answer armed it for the next plug-in; `asked_at`: when we last started a charge
    that Podero accepted (None if not recently)."""
    updated = vehicle.current_state_last_updated_at
    fresh = updated is not None and now - updated <= STALE_AFTER
    if vehicle.boost_state == "ongoing":
        return ChargeNowStatus(
            _(
                "Charging at full speed until the battery is full or the car is unplugged. "
                "It cannot be stopped from here: to stop it, unplug the car."
            ),
            None,
        )
    if vehicle.boost_state == "requested":
        return ChargeNowStatus(_("Charging is about to start."), None, polling=True)
    if asked_at is not None and now - asked_at <= PENDING_FOR and (updated is None or updated <= asked_at):
        return ChargeNowStatus(
            _(
                "You asked to charge now at %(time)s. Podero accepted it; the car has not reported since, "
                "so it may take a few minutes to show that it is charging."
            )
            % {"time": formats.time_format(asked_at, "TIME_FORMAT")},
            None,
        )
    if vehicle.is_plugged_in is None:
        return ChargeNowStatus(
            _(
                "Podero does not say whether the car is plugged in. Charge now starts charging at full speed "
                "straight away, or as soon as it is plugged in."
            ),
            Action.CHARGE,
        )
    if not vehicle.is_plugged_in:
        if armed:
            return ChargeNowStatus(
                _("Charging at full speed will start as soon as the car is plugged in."), Action.DISARM
            )
        return ChargeNowStatus(
            _("The car is unplugged. Charge now makes it charge at full speed as soon as it is plugged in."),
            Action.CHARGE,
        )
    if fresh and vehicle.is_charging:
        return ChargeNowStatus(_("The car is charging."), None)
    if fresh and vehicle.is_fully_charged:
        return ChargeNowStatus(_("The battery is full, so there is nothing to charge."), None)
    sentence = _(
        "The car is plugged in. Charge now starts charging straight away at full speed, whatever the price."
    )
    if not fresh:
        sentence += " " + _(
            "The car has not reported for a while, so it may already be charging or full; Podero will say so."
        )
    return ChargeNowStatus(sentence, Action.CHARGE)
