"""Writes: each homeowner intent becomes Podero calls through the one client, and one audit record.

Every function records a `Change` before it calls Podero and completes it with the outcome, so a call
that never returns still leaves a trace, and returns what it learned (`Result`): the recorded change and the
state Podero answered with, so callers need not ask again. Podero's errors propagate to the caller after being recorded,
except a 409 on boost, which is an anticipated answer and comes back as a `BoostOutcome`.

`actor` is whoever asked: the homeowner, or a staff member acting for them, who must give a `reason`
(the homeowner reads it in their device's activity).
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preferences import charging_plan, device_cache, podero, selectors, single_flight
from preferences.charging_plan import AlignWeek, Plan, PutWeek, UpdateVehicle
from preferences.models import ARMED_DETAIL, Change, Device, TripTarget

# Whoever asked: the homeowner's login, staff's, or nobody (the portal on its own, e.g. after an absence).
Actor = User | AnonymousUser | None


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
class Result[S]:
    """What a write learned: the recorded change, and the state Podero answered with (None if it did not say)."""

    change: Change
    state: S

    @property
    def outcome(self) -> str:
        return self.change.outcome


@dataclass(frozen=True)
class BoostResult(Result[podero.ElectricVehicle | None]):
    """Charge now: what it did in the homeowner's words, and the car's state when Podero accepted it."""

    boost: BoostOutcome = BoostOutcome.ACCEPTED


def pause_optimization(
    *, device: Device, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Stop Podero steering `device`; it follows its own built-in schedule until resumed. Raises podero errors."""
    return set_optimization(device=device, enabled=False, actor=actor, now=now, reason=reason)


def resume_optimization(
    *, device: Device, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Let Podero steer `device` again. Raises podero errors."""
    return set_optimization(device=device, enabled=True, actor=actor, now=now, reason=reason)


def set_optimization(
    *, device: Device, enabled: bool, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Smart optimization on (`enabled`) or paused. Raises podero errors."""
    intent = Change.Intent.RESUME_OPTIMIZATION if enabled else Change.Intent.PAUSE_OPTIMIZATION
    changes = podero.DeviceChanges(smart_optimization=enabled)
    previous = podero.DeviceChanges(smart_optimization=not enabled)
    return _once(
        device,
        intent,
        lambda: _update_device(device, changes, intent, actor, now, reason, previous=previous),
        changes.to_json(),
    )


def set_charge_deadline(
    *,
    ev: Device,
    actor: Actor,
    now: datetime,
    enabled: bool | None = None,
    ready_by: time | None = None,
    minimum_charge: int | None = None,
    previous: podero.DeviceChanges | None = None,
    reason: str = "",
) -> Result[podero.DeviceState | None]:
    """Change what the person changed of the daily charge deadline (None: left as it is); `previous` is what
    those settings were, for undo. Raises podero errors; PoderoRejected carries the fields Podero refused."""
    changes = podero.DeviceChanges(charge_deadline=enabled, ready_by=ready_by, minimum_charge=minimum_charge)
    # Unticking "Charge by a deadline" sends the same request as disable_charge_policy: record it as that.
    intent = _intent_of(changes)
    return _once(
        ev,
        intent,
        lambda: _update_device(ev, changes, intent, actor, now, reason, previous=previous),
        changes.to_json(),
    )


def disable_charge_policy(
    *, ev: Device, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Back to fully cost-optimised charging. Raises podero errors."""
    previous = podero.DeviceChanges(charge_deadline=True)
    return set_charge_deadline(ev=ev, enabled=False, previous=previous, actor=actor, now=now, reason=reason)


def restore_weekly_schedule(
    *, change: Change, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.WeeklyChargePolicy]:
    """Send again the weekly schedule that `change` once set. Raises NotUndoable and podero errors."""
    if change.intent != Change.Intent.SET_WEEKLY_SCHEDULE or change.device is None:
        raise NotUndoable
    ev = change.device
    policy = podero.WeeklyChargePolicy.from_json(change.request_body)
    return _once(
        ev,
        Change.Intent.SET_WEEKLY_SCHEDULE,
        lambda: _put_weekly_schedule(ev, policy, actor, now, reason, previous=_current_schedule(ev)),
        policy.to_json(),
    )


class NotUndoable(Exception):
    """The change is too old, was not applied, was already undone, or something changed the device since."""


def undoable_kind(change: Change) -> bool:
    """Whether a change is of a kind that can be undone: applied, not itself an undo, and we know what it replaced."""
    armed = change.intent == Change.Intent.CHARGE_NOW and change.detail == ARMED_DETAIL
    return (
        change.outcome == Change.Outcome.SUCCEEDED
        and change.device_id is not None
        and change.undoes_id is None
        and (change.previous_values is not None or armed)
    )


def can_undo(change: Change, *, now: datetime) -> bool:
    """Only a device's latest change, applied a few minutes ago, and not itself an undo, can be undone."""
    return (
        undoable_kind(change)
        and now - change.created_at <= timedelta(seconds=settings.UNDO_WINDOW_SECONDS)
        and not Change.objects.filter(device=change.device, created_at__gt=change.created_at).exists()
        and not Change.objects.filter(undoes=change).exists()
    )


def undo(*, change: Change, actor: Actor, now: datetime, reason: str = "") -> Result[Any]:
    """Put back what `change` replaced, with one request: the earlier settings, the earlier schedule, or
    DELETE /boost for a boost armed for the next plug-in. Raises NotUndoable and podero errors.

    At most once per change: requests to undo it at the same time wait for the first and share its outcome."""
    if change.device is None:
        raise NotUndoable
    return _once(change.device, "undo", lambda: _undo(change, actor, now, reason), change.pk)


def _undo(change: Change, actor: Actor, now: datetime, reason: str) -> Result[Any]:
    change.refresh_from_db()
    if not can_undo(change, now=now):
        raise NotUndoable
    device = change.device
    assert device is not None  # noqa: S101 - can_undo checked it
    if change.intent == Change.Intent.CHARGE_NOW:
        return _cancel_boost(device, actor, now, reason, undoes=change)
    if change.intent == Change.Intent.SET_WEEKLY_SCHEDULE:
        policy = podero.WeeklyChargePolicy.from_json(change.previous_values)
        return _put_weekly_schedule(
            device, policy, actor, now, reason, previous=change.request_body, undoes=change
        )
    values = podero.DeviceChanges.from_json(change.previous_values)
    previous = podero.DeviceChanges.from_json(change.request_body)
    return _update_device(
        device, values, _intent_of(values), actor, now, reason, previous=previous, undoes=change
    )


def _intent_of(changes: podero.DeviceChanges) -> str:
    if changes.smart_optimization is not None:
        return (
            Change.Intent.RESUME_OPTIMIZATION
            if changes.smart_optimization
            else Change.Intent.PAUSE_OPTIMIZATION
        )
    if changes.turns_charge_deadline_off:
        return Change.Intent.DISABLE_CHARGE_POLICY
    return Change.Intent.SET_CHARGE_DEADLINE


def _current_schedule(ev: Device) -> dict[str, Any] | None:
    """The schedule about to be replaced, for undo; None if there is none or Podero cannot say (the save goes
    ahead)."""
    try:
        policy = selectors.charge_policy(ev)
    except podero.PoderoError:
        return None
    return None if policy.is_none else policy.to_json()


def _put_weekly_schedule(
    ev: Device,
    policy: podero.WeeklyChargePolicy,
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    previous: Any,
    undoes: Change | None = None,
    intent: str = Change.Intent.SET_WEEKLY_SCHEDULE,
) -> Result[podero.WeeklyChargePolicy]:
    call = podero.calls.put_charge_policy(
        user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id, policy=policy
    )
    change = _begin(ev, intent, call, actor, now, reason, previous=previous, undoes=undoes)
    return Result(change, _run(change, call))


def charge_now(*, ev: Device, actor: Actor, now: datetime, reason: str = "") -> BoostResult:
    """Ask Podero to charge `ev` now, or to start as soon as it is plugged in.

    A 409 is Podero saying there is nothing to do; it comes back as a refusal outcome, not an exception.
    Raises podero.PoderoUnavailable and other podero errors otherwise.
    """
    return _once(ev, Change.Intent.CHARGE_NOW, lambda: _charge_now(ev, actor, now, reason))


def _charge_now(ev: Device, actor: Actor, now: datetime, reason: str) -> BoostResult:
    call = podero.calls.start_boost(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id)
    change = _begin(ev, Change.Intent.CHARGE_NOW, call, actor, now, reason)
    try:
        podero.get_client().send(call)
    except podero.PoderoConflict as conflict:
        _finish(change, Change.Outcome.REFUSED, status=conflict.status, conflict_reason=conflict.reason)
        return BoostResult(change, None, _REFUSAL_BY_REASON.get(conflict.reason, BoostOutcome.REFUSED))
    except Exception as exc:
        _fail(change, exc)
        raise
    vehicle, outcome = _boost_outcome_after_acceptance(ev)
    armed = ARMED_DETAIL if outcome is BoostOutcome.ARMED else ""
    _finish(change, Change.Outcome.SUCCEEDED, status=call.success_status, detail=armed)
    return BoostResult(change, vehicle, outcome)


def cancel_boost(*, ev: Device, actor: Actor, now: datetime, reason: str = "") -> Result[None]:
    """Disarm a boost waiting for the next plug-in. A boost already running is not stopped (podero-api.md §5.5).
    Raises podero errors."""
    return _once(ev, Change.Intent.CANCEL_BOOST, lambda: _cancel_boost(ev, actor, now, reason))


def _once[T](device: Device, intent: str, work: Callable[[], T], sends: Any = None) -> T:
    """One run of `intent` with what it `sends` on `device`, however many ask at once (single_flight.py)."""
    return single_flight.run_once(
        f"device:{device.pk}", single_flight.key_for(intent, device.pk, sends), work
    )


def _cancel_boost(
    ev: Device, actor: Actor, now: datetime, reason: str, *, undoes: Change | None = None
) -> Result[None]:
    call = podero.calls.cancel_boost(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id)
    change = _begin(ev, Change.Intent.CANCEL_BOOST, call, actor, now, reason, undoes=undoes)
    return Result(change, _run(change, call))


def start_reconnect(
    *, device: Device, success_url: str, cancel_url: str, actor: Actor, now: datetime, reason: str = ""
) -> Result[str]:
    """Start signing in at the manufacturer again (podero-api.md §9.4): the address to send the homeowner to.
    Podero sends them back to `success_url` or `cancel_url`. Raises podero errors."""
    call = podero.calls.start_reconnect(
        device.kind,
        user_id=device.homeowner.podero_user_id,
        device_id=device.podero_id,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    change = _begin(device, Change.Intent.RECONNECT, call, actor, now, reason)
    session = _run(change, call)
    if session is None or session.authentication_url is None:
        raise podero.PoderoBadResponse("Podero started a reconnection but gave no address to sign in at.")
    return Result(change, session.authentication_url)


def _as_vehicle(device: podero.DeviceState) -> podero.ElectricVehicle:
    if not isinstance(device, podero.ElectricVehicle):
        raise podero.PoderoBadResponse("expected an electric vehicle", outcome_unknown=False)
    return device


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


def _update_device(
    device: Device,
    changes: podero.DeviceChanges,
    intent: str,
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    previous: podero.DeviceChanges | None = None,
    undoes: Change | None = None,
) -> Result[podero.DeviceState | None]:
    call = podero.calls.update_device(
        device.kind, user_id=device.homeowner.podero_user_id, device_id=device.podero_id, changes=changes
    )
    before = previous.to_json() if previous else None
    change = _begin(device, intent, call, actor, now, reason, previous=before, undoes=undoes)
    state = _run(change, call)
    return Result(change, state)


def _begin(
    device: Device,
    intent: str,
    call: podero.Call[Any],
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    previous: Any = None,
    undoes: Change | None = None,
) -> Change:
    user = actor if isinstance(actor, User) else None
    reason = reason.strip()
    if user is not None and user.pk != device.homeowner.user_id and not reason:
        raise ValueError("Acting for a homeowner needs a reason: it goes into the audit trail.")
    return Change.objects.create(
        created_at=now,
        actor=user,
        reason=reason,
        homeowner=device.homeowner,
        device=device,
        device_kind=device.kind,
        device_podero_id=device.podero_id,
        intent=intent,
        request_method=call.method,
        request_path=call.path,
        request_body=call.body,
        previous_values=previous,
        undoes=undoes,
    )


def _run[T](change: Change, call: podero.Call[T]) -> T:
    try:
        result = podero.get_client().send(call)
    except Exception as exc:
        _fail(change, exc)
        raise
    _finish(change, Change.Outcome.SUCCEEDED, status=call.success_status)
    return result


def _fail(change: Change, exc: Exception) -> None:
    """Record why the call failed. An error we did not plan for may have come after Podero applied the change."""
    if not isinstance(exc, podero.PoderoError):
        _finish(change, Change.Outcome.UNKNOWN, status=None, error_kind=type(exc).__name__, detail=str(exc))
        return
    if isinstance(exc, podero.PoderoUnavailable):
        outcome = Change.Outcome.UNKNOWN if exc.outcome_unknown else Change.Outcome.FAILED
    elif isinstance(exc, podero.PoderoRejected):
        outcome = Change.Outcome.REJECTED
    else:
        outcome = Change.Outcome.FAILED
    _finish(change, outcome, status=exc.status, error_kind=type(exc).__name__, detail=str(exc))


def _finish(
    change: Change,
    outcome: str,
    *,
    status: int | None,
    error_kind: str = "",
    conflict_reason: str = "",
    detail: str = "",
) -> None:
    completed = {
        "outcome": outcome,
        "finished_at": timezone.now(),
        "http_status": status,
        "error_kind": error_kind,
        "conflict_reason": conflict_reason,
        "detail": detail[:2000],
    }
    # One UPDATE that is its own guard: only a change still pending gets an outcome (Change.save reads first).
    if not Change.objects.filter(pk=change.pk, outcome=Change.Outcome.PENDING).update(**completed):
        raise ValueError("A change with an outcome is part of the audit trail and cannot be edited.")
    for name, value in completed.items():
        setattr(change, name, value)
    # Whatever the outcome, what we cached about the device may now be wrong (device_cache.py).
    device_cache.forget(
        change.device_podero_id,
        user_id=change.homeowner.podero_user_id,
        kind=change.device_kind,
    )


# The charging plan (preferences/charging_plan.py): one save, the Podero calls it needs, in order.


@dataclass(frozen=True)
class PlanOutcome:
    """How a plan save went. `sent` counts the writes that went out; `unfinished` is the failure that stopped
    the move after an earlier write had already been applied (so the plan may be half in place)."""

    plan: Plan
    sent: int
    unfinished: podero.PoderoError | None = None
    # The one write of a move that one request can undo; None when the move took more, or none.
    last_change: Change | None = None


@dataclass(frozen=True)
class PlanState:
    """The plan in force and what it is made of: the vehicle, Podero's week, an active one-off trip target."""

    plan: Plan
    vehicle: podero.ElectricVehicle
    stored_week: podero.WeeklyChargePolicy | None
    trip: TripTarget | None


def plan_state(
    ev: Device, *, fresh: bool = False, vehicle: podero.ElectricVehicle | None = None
) -> PlanState:
    """The plan in force on `ev`, as Podero reports it (`vehicle`: its state, if the caller just read it). A
    one-off trip target is shown as the usual target it stands in for. Raises podero errors for the vehicle; a
    week Podero cannot give counts as none."""
    if vehicle is None and fresh:
        vehicle = _as_vehicle(
            podero.get_client().get_device(
                podero.DeviceKind.ELECTRIC_VEHICLE,
                user_id=ev.homeowner.podero_user_id,
                device_id=ev.podero_id,
            )
        )
    elif vehicle is None:
        vehicle = _as_vehicle(selectors.live_device(ev))
    stored = selectors.weekly_targets(ev, fresh=fresh)
    trip = TripTarget.objects.filter(ev=ev, status=TripTarget.Status.ACTIVE).first()
    usual = stored
    if stored is not None and trip is not None and trip.weekday in stored.days:
        usual = podero.WeeklyChargePolicy(
            timezone=stored.timezone, days={**stored.days, trip.weekday: trip_usual_target(trip)}
        )
    plan = charging_plan.plan_in_force(vehicle, usual, default_timezone=ev.homeowner.timezone)
    return PlanState(plan=plan, vehicle=vehicle, stored_week=stored, trip=trip)


def put_week(
    *, ev: Device, week: podero.WeeklyChargePolicy, intent: str, actor: Actor, now: datetime, reason: str = ""
) -> podero.WeeklyChargePolicy:
    """PUT the whole week for `intent` (a one-off trip target, or putting the usual one back). Raises podero
    errors."""
    return _put_weekly_schedule(ev, week, actor, now, reason, previous=None, intent=intent).state


def trip_usual_target(trip: TripTarget) -> podero.DayTarget:
    return podero.DayTarget(trip.usual_percentage, trip.usual_deadline)


def trip_target(trip: TripTarget) -> podero.DayTarget:
    return podero.DayTarget(trip.percentage, trip.deadline)


def set_charging_plan(
    *, ev: Device, wanted: Plan, actor: Actor, now: datetime, reason: str = ""
) -> PlanOutcome:
    """Make `wanted` the plan in force: enable the policy first where needed, then the daily target or the
    week; after a daily target the week is read back and written too if the daily target did not rewrite it.
    Each write is one audit record. Raises podero errors when the first write fails (nothing else is sent).
    A one-off trip target stays in the week, and will put back the new plan's target for its day."""
    state = plan_state(ev, fresh=True)
    overrides = {state.trip.weekday: trip_target(state.trip)} if state.trip else {}
    calls = charging_plan.calls_for(
        state.plan, wanted, state.vehicle, stored_week=state.stored_week, overrides=overrides
    )
    # One request can undo a move of one write (an aligned week that needed no write does not count).
    writes = [call for call in calls if not isinstance(call, AlignWeek)]
    undoable = len(writes) == 1 and charging_plan.undoable(state.plan, wanted)
    changes: list[Change] = []
    try:
        for call in calls:
            changes += _send_plan_call(ev, call, state, actor, now, reason, undoable=undoable)
    except podero.PoderoError as exc:
        if not changes:
            raise
        return PlanOutcome(wanted, len(changes), unfinished=exc)
    if state.trip is not None and wanted.choice != charging_plan.Choice.NONE:
        usual = wanted.days[state.trip.weekday]
        state.trip.usual_percentage, state.trip.usual_deadline = (
            usual.charge_percentage,
            usual.charge_deadline,
        )
        state.trip.save(update_fields=["usual_percentage", "usual_deadline"])
    last = changes[0] if undoable and len(changes) == 1 else None
    return PlanOutcome(wanted, len(changes), last_change=last)


def _send_plan_call(
    ev: Device,
    call: charging_plan.Call,
    state: PlanState,
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    undoable: bool,
) -> list[Change]:
    """Send one call of a plan move; the changes it recorded (an aligned week may need none)."""
    if isinstance(call, UpdateVehicle):
        changes = call.changes
        previous = _vehicle_settings(state.vehicle, changes.changed()) if undoable else None
        return [
            _update_device(ev, changes, _intent_of(changes), actor, now, reason, previous=previous).change
        ]
    if isinstance(call, PutWeek):
        week_before = state.stored_week.to_json() if undoable and state.stored_week is not None else None
        return [_put_weekly_schedule(ev, call.week, actor, now, reason, previous=week_before).change]
    try:
        now_stored = selectors.weekly_targets(ev, fresh=True)
    except podero.PoderoError:
        now_stored = None  # cannot tell: write the week, which is right under either reading
    else:
        if now_stored == call.week or (now_stored is None and len(set(call.week.days.values())) == 1):
            return []
    return [_put_weekly_schedule(ev, call.week, actor, now, reason, previous=None).change]


def _vehicle_settings(vehicle: podero.ElectricVehicle, names: list[str]) -> podero.DeviceChanges:
    """The vehicle's `names` settings as Podero reports them now, for undo."""
    deadline = vehicle.charge_deadline_at
    now: dict[str, Any] = {
        "charge_deadline": vehicle.is_charge_policy_enabled,
        "ready_by": time.fromisoformat(deadline) if deadline else None,
        "minimum_charge": vehicle.minimum_charge_limit,
    }
    return podero.DeviceChanges(**{name: now[name] for name in names if name in now})
