"""The "Charging plan" card: the plan in force in one sentence, the form to change it, and a one-off target
just for the next trip. The same card serves homeowners and staff (admin); both save through services."""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from preferences import charging_plan, plan_words, podero, schedule_preview, services
from preferences.charging_plan import Choice
from preferences.models import Device
from preferences.plan_forms import ChargingPlanForm, TripTargetForm, zone_now

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanCard:
    state: services.PlanState
    summary: str
    form: ChargingPlanForm
    trip_form: TripTargetForm | None
    trip: plan_words.TripInfo | None
    replaces: dict[str, str | None]
    no_week: bool
    deadlines: list[schedule_preview.Deadline]

    @property
    def choice(self) -> Choice:
        return self.state.plan.choice

    @property
    def fields_key(self) -> str | None:
        """The key of the plan form's fields in the per-process fragment cache (charging_plan.html), or None when
        they must be rendered: a form bound to what the person typed."""
        form_key = self.form.rendering_key()
        if form_key is None:
            return None
        return json.dumps([form_key, self.replaces, self.no_week], sort_keys=True, default=str)


def plan_card(
    ev: Device,
    *,
    now: datetime,
    state: services.PlanState | None = None,
    vehicle: podero.ElectricVehicle | None = None,
    week: podero.WeeklyChargePolicy | None = None,
    viewer_timezone: str | None = None,
    form: ChargingPlanForm | None = None,
    trip_form: TripTargetForm | None = None,
    auto_id: Callable[[str], str] = lambda purpose: "id_%s",
) -> PlanCard:
    """The card for `ev` (`state`: its plan, or `vehicle`, `week`: what the caller knows of it). Forms already
    bound (with what the person typed) are kept. Raises podero errors only when Podero cannot be asked: a week Podero has not, or
    gives in a shape we cannot read, makes the card say "no per-day targets yet", nothing more."""
    state = state or services.plan_state(ev, vehicle=vehicle, week=week)
    plan = state.plan
    if form is None:
        initial = ChargingPlanForm.initial_for(
            plan, charging_plan.starting_days(state.vehicle, _usual(state))
        )
        form = ChargingPlanForm(initial=initial, auto_id=auto_id("plan"))
    zone = plan.timezone
    if trip_form is None and plan.choice != Choice.NONE:
        there = zone_now(zone, now)
        trip_form = TripTargetForm(today=there.date(), now_there=there, auto_id=auto_id("trip"))
    deadlines = []
    if plan.choice != Choice.NONE:
        deadlines = schedule_preview.next_deadlines(
            _shown_week(state), now=now, viewer_timezone=viewer_timezone
        )
    return PlanCard(
        state=state,
        summary=charging_plan.summary(plan),
        form=form,
        trip_form=trip_form if plan.choice != Choice.NONE else None,
        trip=plan_words.trip_info(state.trip) if state.trip else None,
        replaces={
            Choice.DAILY.value: charging_plan.replaces(
                plan, charging_plan.daily(charging_plan.DEFAULT_TARGET, zone)
            ),
            Choice.NONE.value: charging_plan.replaces(plan, charging_plan.no_deadline(zone)),
        },
        no_week=state.vehicle.is_charge_policy_enabled and state.stored_week is None,
        deadlines=deadlines,
    )


def _usual(state: services.PlanState) -> podero.WeeklyChargePolicy | None:
    """Podero's week with a one-off day shown as its usual target."""
    if state.stored_week is None or state.trip is None:
        return state.stored_week
    days = {**state.stored_week.days, state.trip.weekday: services.trip_usual_target(state.trip)}
    return podero.WeeklyChargePolicy(timezone=state.stored_week.timezone, days=days)


def _shown_week(state: services.PlanState) -> podero.WeeklyChargePolicy:
    """What Podero will actually aim for over the next days: the plan, with the trip's one-off day."""
    days = dict(state.plan.days)
    if state.trip is not None:
        days[state.trip.weekday] = services.trip_target(state.trip)
    return podero.WeeklyChargePolicy(timezone=state.plan.timezone, days=days)
