"""What the sweeper's tests start from: put-backs set up as the homeowner's pages set them up."""

from datetime import datetime, timedelta

from django.utils import timezone

from preferences.away import actions as away
from preferences.charging import trips
from preferences.devices import timed_pause
from preferences.models import Absence, Device, TimedPause, TripTarget
from preferences.podero import DayTarget


def paused_for_three_hours(device: Device) -> TimedPause:
    return timed_pause.start_pause(
        device=device, length=TimedPause.Length.THREE_HOURS, actor=None, now=timezone.now()
    )


def away_until(returns_at: datetime, *devices: Device) -> Absence:
    """The homeowner of `devices` away until `returns_at`, with those devices paused (and the job for then)."""
    return away.start_absence(
        homeowner=devices[0].homeowner,
        devices=list(devices),
        pause_charge_deadlines=False,
        returns_at=returns_at,
        actor=None,
        now=timezone.now(),
    )


def trip_past_its_deadline(ev: Device) -> TripTarget:
    """A trip target for tomorrow whose put-back is overdue, with no job left to run it (the car's plan is on)."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    trip = trips.set_trip_target(
        ev=ev, day=tomorrow, target=DayTarget(100, "06:00"), actor=None, now=timezone.now()
    ).trip
    TripTarget.objects.filter(pk=trip.pk).update(restore_at=timezone.now() - timedelta(minutes=5))
    return trip
