"""Just for the next trip: a one-off target for one date ("Tomorrow: 100 % by 06:00").

It changes only that weekday in the EV's weekly charge policy, and the background worker (`restore_after_trip`)
puts the usual target back once the trip's deadline has passed: unless someone changed that day meanwhile, in
which case theirs stays. While Podero is down the worker keeps trying. Each write is an ordinary audit record.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_noop

from preferences import charging_plan, podero, schedules, selectors, services
from preferences.models import Change, Device, TripTarget
from preferences.podero import WEEKDAYS, DayTarget, WeeklyChargePolicy
from preferences.services import Actor
from preferences.services.audit import once

# Stored in English in the audit trail; pages show it in the viewer's language (activity.SYSTEM_REASONS).
RESTORE_REASON = gettext_noop("Usual target put back after the trip")


class NeedsADeadline(Exception):
    """A one-off target changes one day of the plan: there must be a plan with a deadline to change."""


def deadline_moment(day: date, target: DayTarget, zone: str) -> datetime:
    """When the target must be reached: `day` at its deadline in the plan's time zone. Of a wall time that
    a daylight-saving change skips, the earlier reading, so the car is never late."""
    hours, minutes = (int(part) for part in target.charge_deadline.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(zone))


@dataclass(frozen=True)
class TripSet:
    """A one-off target just set: its record, the change that wrote it, and the plan as Podero's answer left it
    (the car as read just before, the week the write answered with), so the page need not ask again."""

    trip: TripTarget
    change: Change
    after: services.PlanState


def set_trip_target(
    *, ev: Device, day: date, target: DayTarget, actor: Actor, now: datetime, reason: str = ""
) -> TripSet:
    """Set `target` for `day` only. An earlier one-off target still waiting is put back first.
    Raises NeedsADeadline and podero errors.

    At most once per target: the same one asked for at the same time (a double click, two tabs) waits for the
    first and shares its outcome."""
    return once(
        ev,
        Change.Intent.SET_TRIP_TARGET,
        lambda: _set_trip_target(ev, day, target, actor, now, reason),
        (day.isoformat(), target.to_json()),
    )


def _set_trip_target(
    ev: Device, day: date, target: DayTarget, actor: Actor, now: datetime, reason: str
) -> TripSet:
    current = active_trip(ev)
    if current is not None:
        _put_back(current, actor=actor, now=now, reason=reason, ended=TripTarget.Status.CANCELLED)
    state = services.plan_state(ev, fresh=True)
    if state.plan.choice == charging_plan.Choice.NONE:
        raise NeedsADeadline
    weekday = WEEKDAYS[day.weekday()]
    usual = state.plan.days[weekday]
    week = WeeklyChargePolicy(timezone=state.plan.timezone, days={**state.plan.days, weekday: target})
    written = services.put_week(
        ev=ev, week=week, intent=Change.Intent.SET_TRIP_TARGET, actor=actor, now=now, reason=reason
    )
    trip = TripTarget.objects.create(
        ev=ev,
        created_at=now,
        created_by=schedules.user_of(actor),
        date=day,
        weekday=weekday,
        timezone=state.plan.timezone,
        percentage=target.charge_percentage,
        deadline=target.charge_deadline,
        usual_percentage=usual.charge_percentage,
        usual_deadline=usual.charge_deadline,
        restore_at=deadline_moment(day, target, state.plan.timezone),
    )
    _schedule_restore(trip, at=trip.restore_at)
    setattr(ev, "trip_target_active", True)  # noqa: B010 - the row's annotation (selectors.device_for) said none
    after = services.plan_state(ev, vehicle=state.vehicle, week=written.state)
    return TripSet(trip, written.change, after)


def active_trip(ev: Device) -> TripTarget | None:
    return TripTarget.objects.filter(ev=ev, status=TripTarget.Status.ACTIVE).first()


def cancel_trip_target(*, trip: TripTarget, actor: Actor, now: datetime, reason: str = "") -> None:
    """Put the usual target back now. Raises podero errors (the trip target then stays active).

    At most once: cancelling in two tabs, or while the worker puts it back, sends Podero one week."""
    _put_back_once(trip, actor=actor, now=now, reason=reason, ended=TripTarget.Status.CANCELLED)


def restore_if_due(*, trip_id: int, now: datetime) -> None:
    """The worker's part: once the trip's deadline has passed, put the usual target back; retried later while
    Podero cannot be reached or refuses."""
    trip = TripTarget.objects.filter(pk=trip_id, status=TripTarget.Status.ACTIVE).first()
    if trip is None or trip.restore_at > now:
        return
    try:
        _put_back_once(trip, actor=None, now=now, reason=RESTORE_REASON, ended=TripTarget.Status.RESTORED)
    except podero.PoderoError:
        trip.attempts += 1
        trip.save(update_fields=["attempts"])
        schedules.retry_later(restore_after_trip, trip.pk, trip.attempts)


def _put_back_once(trip: TripTarget, *, actor: Actor, now: datetime, reason: str, ended: str) -> None:
    """`_put_back`, however many ask at once (the homeowner in two tabs, the worker)."""
    once(
        trip.ev,
        Change.Intent.RESTORE_TRIP_TARGET,
        lambda: _put_back(trip, actor=actor, now=now, reason=reason, ended=ended),
        trip.pk,
    )


def _put_back(trip: TripTarget, *, actor: Actor, now: datetime, reason: str, ended: str) -> None:
    trip.refresh_from_db()
    if trip.status != TripTarget.Status.ACTIVE:
        return  # put back meanwhile, by the worker or another click
    stored = selectors.weekly_targets(trip.ev, fresh=True)
    if stored is None or stored.days.get(trip.weekday) != services.trip_target(trip):
        _end(trip, TripTarget.Status.KEPT, now)
        return
    week = WeeklyChargePolicy(
        timezone=stored.timezone, days={**stored.days, trip.weekday: services.trip_usual_target(trip)}
    )
    services.put_week(
        ev=trip.ev, week=week, intent=Change.Intent.RESTORE_TRIP_TARGET, actor=actor, now=now, reason=reason
    )
    _end(trip, ended, now)


def _end(trip: TripTarget, status: str, now: datetime) -> None:
    trip.status, trip.ended_at = status, now
    trip.save(update_fields=["status", "ended_at"])


def _schedule_restore(trip: TripTarget, *, at: datetime) -> None:
    schedules.run_at(restore_after_trip, trip.pk, at)


@task
def restore_after_trip(trip_id: int) -> None:
    """Run by `manage.py db_worker` (Django's tasks framework, stored in the database)."""
    restore_if_due(trip_id=trip_id, now=timezone.now())
