"""Just for the next trip: a one-off target for one date ("Tomorrow: 100 % by 06:00").

It changes only that weekday in the EV's weekly charge policy, and the background worker (`jobs.restore_after_trip`)
puts the usual target back once the trip's deadline has passed: unless someone changed that day meanwhile, in
which case theirs stays. While Podero is down the worker keeps trying. Each write is an ordinary audit record.

Under No deadline there is no usual target: the week gets the trip's day and no minimum (0 %) on the others, then
the deadline is switched on; afterwards the deadline is switched off again and the week Podero kept is put back
(the one the first write replaced, kept with its audit record), so the plan is No deadline as before.
"""

import contextlib
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
from preferences.devices import actions as device_actions
from preferences.devices import reads
from preferences.models import Change, Device, TripTarget
from preferences.podero import WEEKDAYS, DayTarget, WeeklyChargePolicy


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
    Raises podero errors.

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
        return _set_under_no_deadline(ev, day, target, state, Why(actor, now, reason))
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


@dataclass(frozen=True)
class Why:
    """Who asks, when, and staff's reason."""

    actor: Actor
    now: datetime
    reason: str


def _set_under_no_deadline(
    ev: Device, day: date, target: DayTarget, state: actions.PlanState, why: Why
) -> TripSet:
    """The trip's day alone in the week, then the deadline on. Should switching it on fail, the kept week is
    put back, so nothing is left half set."""
    weekday = WEEKDAYS[day.weekday()]
    zone = state.plan.timezone
    kept = state.stored_week
    week = plans.trip_only_week(kept, weekday, target, zone)
    written = charging_week.put_week(
        ev=ev,
        week=week,
        intent=Change.Intent.SET_TRIP_TARGET,
        actor=why.actor,
        now=why.now,
        reason=why.reason,
        previous=kept.to_json() if kept is not None else None,
    )
    try:
        switched = device_actions.update_device(
            ev,
            podero.DeviceChanges(charge_deadline=True),
            Change.Intent.SET_TRIP_TARGET,
            why.actor,
            why.now,
            why.reason,
        )
    except podero.PoderoError:
        with contextlib.suppress(podero.PoderoError):
            charging_week.put_week(
                ev=ev,
                week=_kept_or_default(kept, state.vehicle, zone),
                intent=Change.Intent.RESTORE_TRIP_TARGET,
                actor=why.actor,
                now=why.now,
                reason=why.reason,
            )
        raise
    trip = TripTarget.objects.create(
        ev=ev,
        created_at=why.now,
        created_by=jobs.user_of(why.actor),
        date=day,
        weekday=weekday,
        timezone=zone,
        percentage=target.charge_percentage,
        deadline=target.charge_deadline,
        usual_percentage=0,
        usual_deadline=plans.NO_USUAL_DEADLINE,
        restore_at=deadline_moment(day, target, zone),
    )
    _schedule_restore(trip, at=trip.restore_at)
    setattr(ev, "trip_target_active", True)  # noqa: B010 - the row's annotation (reads.device_for) said none
    vehicle = switched.state if isinstance(switched.state, podero.ElectricVehicle) else None
    after = actions.plan_state(ev, vehicle=vehicle, week=written.state) if vehicle else actions.plan_state(ev)
    return TripSet(trip, switched.change, after)


def _kept_or_default(
    kept: WeeklyChargePolicy | None, vehicle: podero.ElectricVehicle, zone: str
) -> WeeklyChargePolicy:
    """The week Podero kept before a trip under No deadline, else the daily target on every day (what the
    per-day editor starts from without a week)."""
    if plans.is_complete(kept) and kept is not None:
        return kept
    return WeeklyChargePolicy(timezone=zone, days=dict.fromkeys(WEEKDAYS, plans.daily_default(vehicle, zone)))


def _week_kept_before(trip: TripTarget) -> WeeklyChargePolicy | None:
    """The week a trip under No deadline replaced, as its audit record kept it."""
    change = Change.objects.filter(
        device=trip.ev,
        intent=Change.Intent.SET_TRIP_TARGET,
        created_at=trip.created_at,
        previous_values__isnull=False,
    ).first()
    if change is None or not isinstance(change.previous_values, dict):
        return None
    try:
        return WeeklyChargePolicy.from_json(change.previous_values)
    except (KeyError, TypeError, ValueError):
        return None


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
    if plans.under_no_deadline(trip):
        _put_back_no_deadline(trip, how, stored if day == plans.trip_day(trip) else None)
        return
    if day == plans.usual_day(trip):
        _end(trip, how.ended, how.now)
        return
    if stored is None or day != plans.trip_day(trip):
        _end(trip, TripTarget.Status.KEPT, how.now)
        return
    week = WeeklyChargePolicy(
        timezone=stored.timezone, days={**stored.days, trip.weekday: plans.usual_day(trip)}
    )
    _put_week_back(trip, week, how)


def _put_back_no_deadline(trip: TripTarget, how: PutBack, ours: WeeklyChargePolicy | None) -> None:
    """No deadline again after a trip under it: the deadline off, then the week Podero kept put back. `ours`:
    the week as the trip left it, None when someone changed the trip's day meanwhile (theirs stays)."""
    if ours is None:
        _end(trip, TripTarget.Status.KEPT, how.now)
        return
    state = actions.plan_state(trip.ev, fresh=True)
    if state.vehicle.is_charge_policy_enabled:  # else switched off already (meanwhile, or by an earlier try)
        device_actions.update_device(
            trip.ev,
            podero.DeviceChanges(charge_deadline=False),
            Change.Intent.RESTORE_TRIP_TARGET,
            how.actor,
            how.now,
            how.reason,
        )
    kept = _kept_or_default(_week_kept_before(trip), state.vehicle, ours.timezone)
    _put_week_back(trip, kept, how)


def _put_week_back(trip: TripTarget, week: WeeklyChargePolicy, how: PutBack) -> None:
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
