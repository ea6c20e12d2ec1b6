"""The charging plan (preferences/charging_plan.py): the plan in force, and one save as the Podero calls it
needs, in order."""

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from preferences import charging_plan, podero, selectors
from preferences.charging_plan import AlignWeek, Plan, PutWeek, UpdateVehicle
from preferences.models import Change, Device, TripTarget
from preferences.services.audit import Actor
from preferences.services.device_settings import intent_of, update_device
from preferences.services.weekly_schedule import put_weekly_schedule


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


def _as_vehicle(device: podero.DeviceState) -> podero.ElectricVehicle:
    if not isinstance(device, podero.ElectricVehicle):
        raise podero.PoderoBadResponse("expected an electric vehicle", outcome_unknown=False)
    return device


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
        return [update_device(ev, changes, intent_of(changes), actor, now, reason, previous=previous).change]
    if isinstance(call, PutWeek):
        week_before = state.stored_week.to_json() if undoable and state.stored_week is not None else None
        return [put_weekly_schedule(ev, call.week, actor, now, reason, previous=week_before).change]
    try:
        now_stored = selectors.weekly_targets(ev, fresh=True)
    except podero.PoderoError:
        now_stored = None  # cannot tell: write the week, which is right under either reading
    else:
        if now_stored == call.week or (now_stored is None and len(set(call.week.days.values())) == 1):
            return []
    return [put_weekly_schedule(ev, call.week, actor, now, reason, previous=None).change]


def _vehicle_settings(vehicle: podero.ElectricVehicle, names: list[str]) -> podero.DeviceChanges:
    """The vehicle's `names` settings as Podero reports them now, for undo."""
    deadline = vehicle.charge_deadline_at
    now: dict[str, Any] = {
        "charge_deadline": vehicle.is_charge_policy_enabled,
        "ready_by": time.fromisoformat(deadline) if deadline else None,
        "minimum_charge": vehicle.minimum_charge_limit,
    }
    return podero.DeviceChanges(**{name: now[name] for name in names if name in now})
