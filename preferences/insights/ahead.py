"""Today and tomorrow over prices: the coming hours' market price and, where Podero says, the energy it plans to
use in each (when it expects to charge or run), from the device's /data. Whether /data reaches into the future
is not documented (podero-api.md §4.5, §5.8): the coming hours may have prices and a plan, prices only, or
nothing; then the newest price Podero gave is what is known. One call per hour, cached."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from preferences import podero
from preferences.insights.cache import cached, key_of
from preferences.insights.figures import midnight
from preferences.models import Device
from preferences.podero.client import get_client

LOOK_BACK = timedelta(hours=6)  # for the newest price given, when none is given ahead


@dataclass(frozen=True)
class Hour:
    start: datetime  # in the homeowner's time zone
    price_eur_per_kwh: float | None
    planned_kwh: float | None


@dataclass(frozen=True)
class Ahead:
    hours: list[Hour]  # from this hour to the end of tomorrow, those with a price
    newest_known: Hour | None  # the newest earlier hour with a price
    plan_given: bool  # Podero says how much it expects to use in the coming hours

    @property
    def planned(self) -> list[Hour]:
        return [hour for hour in self.hours if hour.planned_kwh]


def coming_hours(device: Device, *, now: datetime) -> Ahead:
    """Raises podero errors."""
    zone = ZoneInfo(device.homeowner.timezone)
    this_hour = now.astimezone(zone).replace(minute=0, second=0, microsecond=0)
    end = midnight(this_hour.date() + timedelta(days=2), zone)
    points = cached(
        key_of(device, "ahead", this_hour.isoformat()),
        lambda: get_client().get_energy_data(
            device.kind,
            user_id=device.homeowner.podero_user_id,
            device_id=device.podero_id,
            start=this_hour - LOOK_BACK,
            end=end,
            resolution="1HOUR",
        ),
        list[podero.EnergyPoint],
    )
    return ahead_of(points, this_hour, zone)


def ahead_of(points: list[podero.EnergyPoint], this_hour: datetime, zone: ZoneInfo) -> Ahead:
    hours = [
        Hour(point.time.astimezone(zone), point.price_eur_per_kwh, point.optimized_kwh)
        for point in points
        if point.price_eur_per_kwh is not None
    ]
    coming = [hour for hour in hours if hour.start >= this_hour]
    later = [hour for hour in coming if hour.start > this_hour]
    if not later:  # this hour's price alone is what has been, not what is coming
        return Ahead(hours=[], newest_known=hours[-1] if hours else None, plan_given=False)
    earlier = [hour for hour in hours if hour.start < this_hour]
    return Ahead(
        hours=coming,
        newest_known=earlier[-1] if earlier else None,
        # This hour's use may be what was used so far: only the hours after it say what Podero plans.
        plan_given=any(hour.planned_kwh is not None for hour in later),
    )
