"""The "why is it (not) charging?" checklist: what Podero reports about an EV, line by line, in words."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from preferences import dates, podero
from preferences.charging import plans
from preferences.dates import weekday_and_day

if TYPE_CHECKING:
    from preferences.models import TripTarget

Status = Literal["ok", "warn", "info"]
STALE_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class CheckLine:
    status: Status
    text: str


def charging_checklist(
    vehicle: podero.ElectricVehicle, *, now: datetime, trip: "TripTarget | None" = None
) -> list[CheckLine]:
    """The facts that decide whether the car charges now, most decisive first. `trip`: the active one-off
    target, if any."""
    return [
        _connection(vehicle),
        _plug(vehicle),
        _charging(vehicle),
        _battery(vehicle),
        _policy(vehicle, trip),
        _freshness(vehicle, now),
    ]


def _connection(vehicle: podero.ElectricVehicle) -> CheckLine:
    if not vehicle.is_authenticated:
        return CheckLine(
            "warn", _("Podero has lost access to the car: it must be reconnected before it can be steered.")
        )
    if vehicle.unreachable:
        return CheckLine(
            "warn", _("Podero cannot reach the car right now, so it cannot start or stop charging.")
        )
    return CheckLine("ok", _("Podero is connected to the car."))


def _plug(vehicle: podero.ElectricVehicle) -> CheckLine:
    if vehicle.is_plugged_in:
        return CheckLine("ok", _("The car is plugged in."))
    return CheckLine("warn", _("The car is not plugged in. Charging can only start once it is."))


def _charging(vehicle: podero.ElectricVehicle) -> CheckLine:
    if vehicle.is_charging:
        rate = (vehicle.charge_rate_w or 0) / 1000
        return CheckLine("ok", _("It is charging at %(kw)s kW.") % {"kw": number_format(rate, 1)})
    if vehicle.is_fully_charged:
        return CheckLine("ok", _("It is not charging because the battery is full."))
    if vehicle.boost_requested:
        return CheckLine("info", _("Charge now was pressed: charging is about to start."))
    # Press Charge now only when Podero offers it (the card then always shows the button, podero-api.md §5.4).
    offered = vehicle.boost_offered or vehicle.boost_state is None
    if vehicle.is_plugged_in and vehicle.is_smart_optimization_active and not offered:
        return CheckLine("info", _("It is not charging yet: Podero is waiting for cheaper hours."))
    if vehicle.is_plugged_in and vehicle.is_smart_optimization_active:
        return CheckLine(
            "info",
            _(
                "It is not charging yet: Podero is waiting for cheaper hours. Press Charge now to charge at once."
            ),
        )
    return CheckLine("info", _("It is not charging."))


def _battery(vehicle: podero.ElectricVehicle) -> CheckLine:
    if vehicle.sent_but_unreadable("battery_level"):
        text = _(
            "Podero sent a battery level that cannot be right (not between 0 and 100), so it is not shown."
        )
    elif vehicle.battery_level is None:
        return CheckLine("info", _("The car has not reported its battery level."))
    else:
        text = _("The battery is at %(percent)s %%.") % {"percent": vehicle.battery_level}
    if vehicle.driving_range is not None:
        text += " " + _("That is about %(km)s km of range.") % {"km": vehicle.driving_range}
    return CheckLine("ok" if vehicle.battery_level is not None else "info", text)


def _policy(vehicle: podero.ElectricVehicle, trip: "TripTarget | None") -> CheckLine:
    if not vehicle.is_charge_policy_enabled:
        return CheckLine(
            "info",
            _(
                "The charging plan is No deadline, so Podero charges whenever prices are lowest, without a time limit."
            ),
        )
    if trip is not None and plans.under_no_deadline(trip):
        # Podero's deadline is on for the trip alone (trips.py): the plan is No deadline before and after it.
        return CheckLine(
            "ok",
            _(
                "The charging plan is No deadline, with a one-off target just for the trip on %(day)s: "
                "%(target)s. Afterwards there is no deadline again."
            )
            % {"day": weekday_and_day(trip.date), "target": plans.target_words(plans.trip_day(trip))},
        )
    # Which deadline applies on which day is the charging plan's to say (it reads the weekly policy too).
    return CheckLine(
        "ok",
        _("A charging plan with a deadline is on: Podero makes sure the car is charged in time, see below."),
    )


def _freshness(vehicle: podero.ElectricVehicle, now: datetime) -> CheckLine:
    updated_at = vehicle.current_state_last_updated_at
    if updated_at is None:
        return CheckLine("warn", _("The car has not reported when this information was last updated."))
    # The portal's one way to say how long ago ("just now", "5 minutes ago", "vor 3 Tagen"), never "0 minutes".
    when = dates.ago(updated_at, now)
    if now - updated_at > STALE_AFTER:
        return CheckLine(
            "warn",
            _("The car last reported this %(when)s and not since, so it may have changed.") % {"when": when},
        )
    return CheckLine("ok", _("The car reported this %(when)s.") % {"when": when})
