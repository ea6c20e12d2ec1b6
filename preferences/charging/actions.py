"""The charging plan (preferences/plans.py): the plan in force, and one save as the Podero calls it
needs, in order."""

from dataclasses import dataclass
from datetime import datetime, time

from preferences import podero
from preferences.audit.record import Actor, Result, one_run
from preferences.charging import moves, plans
from preferences.charging.moves import AlignWeek, SetDeadline, SetWeek
from preferences.charging.plans import Plan
from preferences.charging.week import put_weekly_schedule
from preferences.devices import reads as device_reads
from preferences.devices.actions import intent_of, update_device
from preferences.models import Change, Device, TripTarget
from preferences.podero.client import get_client


@dataclass(frozen=True)
class PlanOutcome:
    """How a plan save went: the writes that went out (`changes`, oldest first); `unfinished` is the failure
    that stopped the move after an earlier write had already been applied (so the plan may be half in place).

    `vehicle`, `week` and `after` are the car, its week (WeeklyChargePolicy.none(): none) and the plan state
    after a finished move, as Podero's answers (and the reads before and during the move) told, so the page need
    not ask again; None where they did not tell (a write answered without a body)."""

    plan: Plan
    changes: tuple[Change, ...] = ()
    unfinished: podero.PoderoError | None = None
    # The one write of a move that one request can undo; None when the move took more, or none.
    last_change: Change | None = None
    vehicle: podero.ElectricVehicle | None = None
    week: podero.WeeklyChargePolicy | None = None
    after: "PlanState | None" = None

    @property
    def sent(self) -> int:
        return len(self.changes)

    @property
    def newest(self) -> Change | None:
        """The last change the move recorded, the one Recent changes shows at its top."""
        return self.changes[-1] if self.changes else None


@dataclass(frozen=True)
class PlanState:
    """The plan in force and what it is made of: the vehicle, Podero's week, an active one-off trip target."""

    plan: Plan
    vehicle: podero.ElectricVehicle
    stored_week: podero.WeeklyChargePolicy | None
    trip: TripTarget | None


def plan_state(
    ev: Device,
    *,
    fresh: bool = False,
    vehicle: podero.ElectricVehicle | None = None,
    week: podero.WeeklyChargePolicy | None = None,
) -> PlanState:
    """The plan in force on `ev`, as Podero reports it (`vehicle`, `week`: what the caller just learned, if it
    did). A one-off trip target is shown as the usual target it stands in for. Raises podero errors for the
    vehicle; a week Podero cannot give counts as none."""
    if vehicle is None and fresh:
        vehicle = _as_vehicle(
            get_client().get_device(
                podero.DeviceKind.ELECTRIC_VEHICLE,
                user_id=ev.homeowner.podero_user_id,
                device_id=ev.podero_id,
            )
        )
    elif vehicle is None:
        vehicle = _as_vehicle(device_reads.live_device(ev))
    known_week = None if week is None or week.is_none else week
    stored = device_reads.weekly_targets(ev, fresh=fresh) if week is None else known_week
    trip = None
    if fresh or getattr(ev, "trip_target_active", True):  # the device row may already say there is none
        trip = TripTarget.objects.filter(ev=ev, status=TripTarget.Status.ACTIVE).first()
    return _state_of(ev, vehicle, stored, trip)


def _state_of(
    ev: Device,
    vehicle: podero.ElectricVehicle,
    stored: podero.WeeklyChargePolicy | None,
    trip: TripTarget | None,
) -> PlanState:
    if trip is not None and plans.under_no_deadline(trip) and vehicle.is_charge_policy_enabled:
        # The deadline is on for the trip alone: the plan is still No deadline (trips.py).
        zone = (stored.timezone if stored else "") or ev.homeowner.timezone
        return PlanState(plan=plans.no_deadline(zone), vehicle=vehicle, stored_week=stored, trip=trip)
    usual = stored
    if stored is not None and trip is not None and trip.weekday in stored.days:
        usual = podero.WeeklyChargePolicy(
            timezone=stored.timezone, days={**stored.days, trip.weekday: plans.usual_day(trip)}
        )
    plan = plans.plan_in_force(vehicle, usual, default_timezone=ev.homeowner.timezone)
    return PlanState(plan=plan, vehicle=vehicle, stored_week=stored, trip=trip)


def _as_vehicle(device: podero.DeviceState) -> podero.ElectricVehicle:
    if not isinstance(device, podero.ElectricVehicle):
        raise podero.PoderoBadResponse("expected an electric vehicle", outcome_unknown=False)
    return device


def set_charging_plan(
    *, ev: Device, wanted: Plan, actor: Actor, now: datetime, reason: str = ""
) -> PlanOutcome:
    """Make `wanted` the plan in force: switch the deadline on first where needed, then the daily target or the
    week; after a daily target the week is read back and written too if the daily target did not rewrite it.
    Each write is one audit record. Raises podero errors when the first write fails (nothing else is sent).
    A one-off trip target stays in the week, and will put back the new plan's target for its day.

    At most once per plan: the same save asked for while it runs (a double click, two tabs) waits for it and
    shares its outcome. One asked for after it finds the plan in force and sends nothing."""
    sends = ("charging-plan", wanted.choice, wanted.week().to_json())
    with one_run(ev, Change.Intent.SET_WEEKLY_SCHEDULE, sends, actor=actor, replay=False) as run:
        if run.follows:
            return run.shared(PlanOutcome)
        return run.keep(_set_charging_plan(ev, wanted, actor, now, reason))


def _set_charging_plan(ev: Device, wanted: Plan, actor: Actor, now: datetime, reason: str) -> PlanOutcome:
    state = plan_state(ev, fresh=True)
    overrides = {state.trip.weekday: plans.trip_day(state.trip)} if state.trip else {}
    calls = moves.calls_for(
        state.plan, wanted, state.vehicle, stored_week=state.stored_week, overrides=overrides
    )
    # One request can undo a move of one write (an aligned week that needed no write does not count).
    writes = [call for call in calls if not isinstance(call, AlignWeek)]
    undoable = len(writes) == 1 and moves.undoable(state.plan, wanted)
    learned = _Learned(state.vehicle, state.stored_week or podero.WeeklyChargePolicy.none())
    changes: list[Change] = []
    try:
        for call in calls:
            changes += _send_plan_call(ev, call, state, learned, actor, now, reason, undoable=undoable)
    except podero.PoderoError as exc:
        if not changes:
            raise
        return PlanOutcome(wanted, tuple(changes), unfinished=exc)
    if state.trip is not None and wanted.choice != plans.Choice.NONE:
        usual = wanted.days[state.trip.weekday]
        state.trip.usual_percentage, state.trip.usual_deadline = (
            usual.charge_percentage,
            usual.charge_deadline,
        )
        state.trip.save(update_fields=["usual_percentage", "usual_deadline"])
    last = changes[0] if undoable and len(changes) == 1 else None
    after = None
    if learned.vehicle is not None and learned.week is not None:
        stored = None if learned.week.is_none else learned.week
        after = _state_of(ev, learned.vehicle, stored, state.trip)
    return PlanOutcome(
        wanted, tuple(changes), last_change=last, vehicle=learned.vehicle, week=learned.week, after=after
    )


@dataclass
class _Learned:
    """What Podero holds, as far as the move has been told: None where a write left it unknown."""

    vehicle: podero.ElectricVehicle | None
    week: podero.WeeklyChargePolicy | None


def _send_plan_call(
    ev: Device,
    call: moves.Call,
    state: PlanState,
    learned: _Learned,
    actor: Actor,
    now: datetime,
    reason: str,
    *,
    undoable: bool,
) -> list[Change]:
    """Send one call of a plan move, noting in `learned` what Podero answered; the changes it recorded (an
    aligned week may need none)."""
    if isinstance(call, SetDeadline):
        changes = call.changes
        previous = podero.DeviceChanges.deadline_of(state.vehicle, changes.changed()) if undoable else None
        result = update_device(ev, changes, intent_of(changes), actor, now, reason, previous=previous)
        # The deadline may have rewritten the week, or not (plans.py): the week is unknown until read.
        vehicle = result.state if isinstance(result.state, podero.ElectricVehicle) else None
        learned.vehicle, learned.week = vehicle, None
        return [result.change]
    if isinstance(call, SetWeek):
        week_before = state.stored_week.to_json() if undoable and state.stored_week is not None else None
        written = put_weekly_schedule(ev, call.week, actor, now, reason, previous=week_before)
        learned.week = written.state
        return [written.change]
    try:
        now_stored = device_reads.weekly_targets(ev, fresh=True)
    except podero.PoderoError:
        now_stored = None  # cannot tell: write the week, which is right under either reading
    else:
        learned.week = now_stored or podero.WeeklyChargePolicy.none()
        if now_stored == call.week or (now_stored is None and len(set(call.week.days.values())) == 1):
            return []
    written = put_weekly_schedule(ev, call.week, actor, now, reason, previous=None)
    learned.week = written.state
    return [written.change]


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
    intent = intent_of(changes)
    with one_run(ev, intent, changes.to_json(), actor=actor) as run:
        if run.follows:
            return run.shared(Result)
        return run.keep(update_device(ev, changes, intent, actor, now, reason, previous=previous))


def disable_charge_policy(
    *, ev: Device, actor: Actor, now: datetime, reason: str = ""
) -> Result[podero.DeviceState | None]:
    """Back to fully cost-optimised charging. Raises podero errors."""
    previous = podero.DeviceChanges(charge_deadline=True)
    return set_charge_deadline(ev=ev, enabled=False, previous=previous, actor=actor, now=now, reason=reason)
