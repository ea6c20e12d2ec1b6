"""An EV's page, the charging parts: the checklist, the "Charge now" card (charge_now_card.py) and the "Charging
plan" card.

The charging plan card says the plan in force in one sentence, has the form to change it, and a one-off target
just for the next trip. The same cards serve homeowners and staff (admin).
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from preferences import podero
from preferences.charging import actions, plans, preview, words
from preferences.charging.charge_now_card import charge_now_card, confirm_sentences
from preferences.charging.checklist import charging_checklist
from preferences.charging.forms import ChargingPlanForm, TripTargetForm, zone_now
from preferences.charging.plans import Choice
from preferences.devices import notes
from preferences.devices.pages import Page, Part, register_part
from preferences.models import Device, TripTarget

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanCard:
    state: actions.PlanState
    summary: str
    form: ChargingPlanForm
    trip_form: TripTargetForm
    trip: words.TripInfo | None
    replaces: dict[str, str | None]
    no_week: bool
    deadlines: list[preview.Deadline]

    @property
    def choice(self) -> Choice:
        return self.state.plan.choice

    @property
    def fields_key(self) -> str | None:
        """The key of the plan form's fields in the per-process fragment cache (plans.html), or None when
        they must be rendered: a form bound to what the person typed."""
        form_key = self.form.rendering_key()
        if form_key is None:
            return None
        return json.dumps([form_key, self.replaces, self.no_week], sort_keys=True, default=str)


def plan_card(
    ev: Device,
    *,
    now: datetime,
    state: actions.PlanState | None = None,
    vehicle: podero.ElectricVehicle | None = None,
    week: podero.WeeklyChargePolicy | None = None,
    viewer_timezone: str | None = None,
    form: ChargingPlanForm | None = None,
    trip_form: TripTargetForm | None = None,
    auto_id: Callable[[str], str] = "id_%s".format,
) -> PlanCard:
    """The card for `ev` (`state`: its plan, or `vehicle`, `week`: what the caller knows of it). Forms already
    bound (with what the person typed) are kept. Raises podero errors only when Podero cannot be asked: a week Podero has not, or
    gives in a shape we cannot read, makes the card say "no per-day targets yet", nothing more."""
    state = state or actions.plan_state(ev, vehicle=vehicle, week=week)
    plan = state.plan
    if form is None:
        initial = ChargingPlanForm.initial_for(
            plan, plans.starting_days(state.vehicle, _usual(state), plan.timezone)
        )
        form = ChargingPlanForm(
            initial=initial, auto_id=auto_id("plan"), at_most=state.vehicle.charge_target_max
        )
    zone = plan.timezone
    if (
        trip_form is None
    ):  # under every choice: under No deadline it switches the deadline on for the trip alone
        there = zone_now(zone, now)
        trip_form = TripTargetForm(today=there.date(), now_there=there, auto_id=auto_id("trip"))
    deadlines = []
    if plan.choice != Choice.NONE:
        deadlines = preview.next_deadlines(_shown_week(state), now=now, viewer_timezone=viewer_timezone)
    elif state.trip is not None and plans.under_no_deadline(state.trip):
        deadlines = _trip_deadline(state.trip, now=now, viewer_timezone=viewer_timezone)
    return PlanCard(
        state=state,
        summary=plans.summary(plan),
        form=form,
        trip_form=trip_form,
        trip=words.trip_info(state.trip) if state.trip else None,
        replaces={
            Choice.DAILY.value: plans.replaces(plan, plans.daily(plans.DEFAULT_TARGET, zone)),
            Choice.NONE.value: plans.replaces(plan, plans.no_deadline(zone)),
        },
        no_week=state.vehicle.is_charge_policy_enabled and state.stored_week is None,
        deadlines=deadlines,
    )


def _usual(state: actions.PlanState) -> podero.WeeklyChargePolicy | None:
    """Podero's week with a one-off day shown as its usual target."""
    if state.trip is not None and plans.under_no_deadline(state.trip):
        return None  # the week holds the trip alone (trips.py): the editor starts from the daily target
    if state.stored_week is None or state.trip is None:
        return state.stored_week
    days = {**state.stored_week.days, state.trip.weekday: plans.usual_day(state.trip)}
    return podero.WeeklyChargePolicy(timezone=state.stored_week.timezone, days=days)


def _shown_week(state: actions.PlanState) -> podero.WeeklyChargePolicy:
    """What Podero will actually aim for over the next days: the plan, with the trip's one-off day."""
    days = dict(state.plan.days)
    if state.trip is not None:
        days[state.trip.weekday] = plans.trip_day(state.trip)
    return podero.WeeklyChargePolicy(timezone=state.plan.timezone, days=days)


def _trip_deadline(trip: TripTarget, *, now: datetime, viewer_timezone: str | None) -> list[preview.Deadline]:
    """Under No deadline the trip's deadline is the only one: the other days have no minimum (trips.py)."""
    week = podero.WeeklyChargePolicy(timezone=trip.timezone, days={trip.weekday: plans.trip_day(trip)})
    found = preview.next_deadlines(week, now=now, viewer_timezone=viewer_timezone, count=1)
    return [deadline for deadline in found if deadline.day == trip.date]


def _checklist(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    return {"checklist": charging_checklist(vehicle, now=page.now, trip=_trip_of(page, vehicle))}


def _trip_of(page: Page, vehicle: podero.ElectricVehicle) -> TripTarget | None:
    """The active one-off target, which the checklist names while the deadline is on for it alone. Asked only
    when the deadline is on and the device row does not already say there is none (as actions.plan_state)."""
    if isinstance(page.plan, actions.PlanState):
        return page.plan.trip
    if not vehicle.is_charge_policy_enabled or not getattr(page.device, "trip_target_active", True):
        return None
    return TripTarget.objects.filter(ev=page.device, status=TripTarget.Status.ACTIVE).first()


def _charge_now(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    return {"boost": charge_now_card(page, vehicle), "boost_confirm": confirm_sentences(vehicle)}


def _plan(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    """The charging plan card; it degrades alone: when Podero cannot give what it needs, only it says so."""
    try:
        card = plan_card(
            page.device,
            now=page.now,
            state=page.plan,
            vehicle=vehicle,
            week=page.policy,
            viewer_timezone=page.viewer_timezone,
            form=page.forms.get("plan_form"),  # type: ignore[arg-type]
            trip_form=page.forms.get("trip_form"),  # type: ignore[arg-type]
            auto_id=page.auto_id,
        )
    except notes.EXPLAINED as exc:
        return {"plan_problem": notes.read_failure_note(exc)}
    return {"plan": card, "week_in_force": _week_in_force(card.state)}


def _week_in_force(state: actions.PlanState) -> dict[str, Any] | None:
    """The weekly schedule Podero holds and applies now: Recent changes offers no restoring of it."""
    if state.stored_week is None or not state.vehicle.is_charge_policy_enabled:
        return None
    week: dict[str, Any] = state.stored_week.to_json()
    return week


register_part("checklist", Part(_checklist, around=True))
register_part("boost", Part(_charge_now, unknown=lambda: {"boost_confirm": confirm_sentences(None)}))
register_part("plan", Part(_plan))
# The switch reads the car's state only (live.is_smart_optimization_active).
register_part("smart_charging", Part(lambda page, state: {"smart_charging": True}))
