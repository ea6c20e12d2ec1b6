"""An EV's next deadline and its target, where the portal knows it for sure: Podero's daily target, or the day's
in the weekly plan cached from the car's page. A target just for the next trip, or a week not read yet, may
change the day's numbers: then it is not known (None), only that there is a deadline."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from preferences import podero
from preferences.charging import plans
from preferences.devices import cache

if TYPE_CHECKING:
    from preferences.models import TripTarget


@dataclass(frozen=True)
class NextTarget:
    at: datetime  # the deadline, in the plan's time zone
    target: podero.DayTarget


def has_deadline(vehicle: podero.ElectricVehicle) -> bool:
    return bool(podero.DeviceChanges.deadline_of(vehicle).charge_deadline)


def next_target(
    vehicle: podero.ElectricVehicle, *, zone: ZoneInfo, now: datetime, trip: bool
) -> NextTarget | None:
    if not has_deadline(vehicle) or trip:
        return None
    cached = cache.charge_policy(vehicle.id)
    if cached is None:
        return None
    week = None if cached.value is None or cached.value.is_none else cached.value
    plan = plans.plan_in_force(vehicle, week, default_timezone=zone.key)
    local = now.astimezone(ZoneInfo(plan.timezone))
    for day in (local.date(), local.date() + timedelta(days=1)):
        target = plan.days.get(podero.WEEKDAYS[day.weekday()])
        if target is not None:
            at = _at(day, target.charge_deadline, ZoneInfo(plan.timezone))
            if at is not None and at > local:
                return NextTarget(at, target)
    return None


def _at(day: date, hh_mm: str, zone: ZoneInfo) -> datetime | None:
    try:
        hour, minute = (int(part) for part in hh_mm[:5].split(":"))
        return datetime.combine(day, time(hour, minute), tzinfo=zone)
    except ValueError:
        return None


def trip_alone(trip: "TripTarget | None", *, now: datetime) -> NextTarget | None:
    """A trip target set under No deadline, still ahead: its deadline is the car's only one (trips.py), so it is
    the next, known for sure. None for any other trip (the weekly plan's days may come first)."""
    if trip is None or not plans.under_no_deadline(trip) or trip.restore_at <= now:
        return None
    return NextTarget(trip.restore_at.astimezone(ZoneInfo(trip.timezone)), plans.trip_day(trip))
