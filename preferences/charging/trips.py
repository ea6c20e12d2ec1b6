"""Just for the next trip: a one-off target for one date ("Tomorrow: 100 % by 06:00").

It changes only that weekday in the EV's weekly charge policy, and the background worker (`jobs.restore_after_trip`)
puts the usual target back once the trip's deadline has passed: unless someone changed that day meanwhile, in
which case theirs stays. While Podero is down the worker keeps trying. Each write is an ordinary audit record.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction

from preferences import jobs, podero
from preferences.alerts import events
from preferences.audit import reconcile, words
from preferences.audit.record import ANYONE, Actor, one_run
from preferences.charging import actions, plans
from preferences.charging import week as charging_week
from preferences.devices import reads
from preferences.models import Change, Device, TripTarget
from preferences.podero import WEEKDAYS, DayTarget, WeeklyChargePolicy


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
    after: actions.PlanState


def set_trip_target(
    *, ev: Device, day: date, target: DayTarget, actor: Actor, now: datetime, reason: str = ""
) -> TripSet:
    """Set `target` for `day` only. An earlier one-off target still waiting is put back first.
    Raises NeedsADeadline and podero errors.

    At most once per target: the same one asked for at the same time (a double click, two tabs) waits for the
    first and shares its outcome."""
    with one_run(ev, Change.Intent.SET_TRIP_TARGET, (day.isoformat(), target.to_json()), actor=actor) as run:
        return (
            run.shared(TripSet)
            if run.follows
            else run.keep(_set_trip_target(ev, day, target, actor, now, reason))
        )


def _set_trip_target(
    ev: Device, day: date, target: DayTarget, actor: Actor, now: datetime, reason: str
) -> TripSet:
    current = active_trip(ev)
    if current is not None:
        _put_back(current, PutBack(actor, now, reason, ended=TripTarget.Status.CANCELLED))
    state = actions.plan_state(ev, fresh=True)
    if state.plan.choice == plans.Choice.NONE:
        raise NeedsADeadline
    weekday = WEEKDAYS[day.weekday()]
    usual = state.plan.days[weekday]
    week = WeeklyChargePolicy(timezone=state.plan.timezone, days={**state.plan.days, weekday: target})
    written = charging_week.put_week(
        ev=ev, week=week, intent=Change.Intent.SET_TRIP_TARGET, actor=actor, now=now, reason=reason
    )
    trip = TripTarget.objects.create(
        ev=ev,
        created_at=now,
        created_by=jobs.user_of(actor),
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
    setattr(ev, "trip_target_active", True)  # noqa: B010 - the row's annotation (reads.device_for) said none
    after = actions.plan_state(ev, vehicle=state.vehicle, week=written.state)
    return TripSet(trip, written.change, after)


def active_trip(ev: Device) -> TripTarget | None:
    return TripTarget.objects.filter(ev=ev, status=TripTarget.Status.ACTIVE).first()


def cancel_trip_target(*, trip: TripTarget, actor: Actor, now: datetime, reason: str = "") -> None:
    """Put the usual target back now. Raises podero errors (the trip target then stays active).

    At most once: cancelling in two tabs, or while the worker puts it back, sends Podero one week."""
    _put_back_once(trip, PutBack(actor, now, reason, ended=TripTarget.Status.CANCELLED))


def restore_if_due(*, trip_id: int, now: datetime) -> None:
    """The worker's part: once the trip's deadline has passed, put the usual target back; retried later while
    Podero cannot be reached or refuses. Claim, call, settle, as a timed pause's end (devices/timed_pause.py): a
    claim whose worker died is taken over once stale, and what that attempt left pending is settled first."""
    with transaction.atomic():
        trip = (
            TripTarget.objects.select_for_update()
            .select_related("ev__homeowner")
            .filter(pk=trip_id, status=TripTarget.Status.ACTIVE)
            .first()
        )
        if trip is None or not _due(trip, now):
            return
        cut_off_at, trip.claimed_at = trip.claimed_at, now
        trip.save(update_fields=["claimed_at"])
    try:
        how = PutBack(None, now, words.RESTORED_AFTER_TRIP, TripTarget.Status.RESTORED, cut_off_at)
        _put_back_once(trip, how)
    except podero.PoderoError as error:
        attempts = trip.attempts + 1
        retry_at = jobs.retry_later(jobs.restore_after_trip, trip.pk, attempts)
        TripTarget.objects.filter(pk=trip.pk, claimed_at=now).update(
            claimed_at=None, attempts=attempts, retry_at=retry_at
        )
        events.trip_not_put_back(trip=trip, error=error, attempts=attempts, now=now)


def _due(trip: TripTarget, now: datetime) -> bool:
    return (
        trip.restore_at <= now
        and jobs.claim_is_free(trip.claimed_at, now)
        and jobs.try_is_due(trip.retry_at, now)
    )


@dataclass(frozen=True)
class PutBack:
    """Who puts a trip's usual target back and when, what the trip is then (`ended`), and when an earlier
    attempt was claimed that its worker died in (`cut_off_at`)."""

    actor: Actor
    now: datetime
    reason: str
    ended: str
    cut_off_at: datetime | None = None


def _put_back_once(trip: TripTarget, how: PutBack) -> None:
    """`_put_back`, however many ask at once (the homeowner in two tabs, the worker)."""
    with one_run(trip.ev, Change.Intent.RESTORE_TRIP_TARGET, trip.pk, actor=ANYONE) as run:
        if run.follows:
            run.shared(type(None))
        else:
            _put_back(trip, how)
            run.keep(None)


def _put_back(trip: TripTarget, how: PutBack) -> None:
    """Put the usual target back, unless it is back already (a put-back that went through before its worker
    died: its audit row is settled here) or someone changed that day meanwhile."""
    trip.refresh_from_db()
    if trip.status != TripTarget.Status.ACTIVE:
        return  # put back meanwhile, by the worker or another click
    stored = reads.weekly_targets(trip.ev, fresh=True)
    if how.cut_off_at is not None:
        seen = stored or WeeklyChargePolicy.none()
        reconcile.settle_cut_off(trip.ev, Change.Intent.RESTORE_TRIP_TARGET, since=how.cut_off_at, seen=seen)
    day = stored.days.get(trip.weekday) if stored is not None else None
    if day == plans.usual_day(trip):
        _end(trip, how.ended, how.now)
        return
    if stored is None or day != plans.trip_day(trip):
        _end(trip, TripTarget.Status.KEPT, how.now)
        return
    week = WeeklyChargePolicy(
        timezone=stored.timezone, days={**stored.days, trip.weekday: plans.usual_day(trip)}
    )
    charging_week.put_week(
        ev=trip.ev,
        week=week,
        intent=Change.Intent.RESTORE_TRIP_TARGET,
        actor=how.actor,
        now=how.now,
        reason=how.reason,
    )
    _end(trip, how.ended, how.now)


def _end(trip: TripTarget, status: str, now: datetime) -> None:
    trip.status, trip.ended_at, trip.claimed_at = status, now, None
    trip.save(update_fields=["status", "ended_at", "claimed_at"])


def _schedule_restore(trip: TripTarget, *, at: datetime) -> None:
    jobs.run_at(jobs.restore_after_trip, trip.pk, at)
