"""An EV's page, the charging parts: the checklist, the "Charge now" card and the "Charging plan" card.

Charge now says, status first, what the car is doing and what the button will do. Podero's state lags minutes
behind the car (podero-api.md §5.4, §11), so the card only holds back the button on data fresh enough to trust;
otherwise the button is offered and Podero's 409 explains a refusal. An armed start (our own record: Podero does
not report it, §5.5) offers one control, to disarm it. A running one cannot be stopped by the API (DELETE /boost
does not stop it), so the card says so instead of offering a button.

The charging plan card says the plan in force in one sentence, has the form to change it, and a one-off target
just for the next trip. The same cards serve homeowners and staff (admin).
"""

import enum
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from preferences import podero
from preferences.audit import reads as audit_reads
from preferences.charging import actions, plans, preview, words
from preferences.charging.charge_now import ARMED_DETAIL
from preferences.charging.checklist import STALE_AFTER, charging_checklist
from preferences.charging.forms import ChargingPlanForm, TripTargetForm, zone_now
from preferences.charging.plans import Choice
from preferences.devices import notes
from preferences.devices.pages import Page, Part, register_part
from preferences.models import Change, Device

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanCard:
    state: actions.PlanState
    summary: str
    form: ChargingPlanForm
    trip_form: TripTargetForm | None
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
    if trip_form is None and plan.choice != Choice.NONE:
        there = zone_now(zone, now)
        trip_form = TripTargetForm(today=there.date(), now_there=there, auto_id=auto_id("trip"))
    deadlines = []
    if plan.choice != Choice.NONE:
        deadlines = preview.next_deadlines(_shown_week(state), now=now, viewer_timezone=viewer_timezone)
    return PlanCard(
        state=state,
        summary=plans.summary(plan),
        form=form,
        trip_form=trip_form if plan.choice != Choice.NONE else None,
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


# Our own accepted request is the confirmation until the car reports again, but not for ever.
PENDING_FOR = timedelta(minutes=15)


class Action(enum.StrEnum):
    CHARGE = "charge"
    DISARM = "disarm"


@dataclass(frozen=True)
class ChargeNowStatus:
    sentence: str
    action: Action | None
    polling: bool = False

    @property
    def button(self) -> str:
        return _("Don't start when plugged in") if self.action == Action.DISARM else _("Charge now")


def charge_now_status(
    vehicle: podero.ElectricVehicle, *, armed: bool, asked_at: datetime | None, now: datetime
) -> ChargeNowStatus:
    """`armed`: our last boost answer armed it for the next plug-in; `asked_at`: when we last started a charge
    that Podero accepted (None if not recently)."""
    updated = vehicle.current_state_last_updated_at
    fresh = updated is not None and now - updated <= STALE_AFTER
    if vehicle.boost_running:
        return ChargeNowStatus(
            _(
                "Charging at full speed until the battery is full or the car is unplugged. "
                "It cannot be stopped from here: to stop it, unplug the car."
            ),
            None,
        )
    if vehicle.boost_requested:
        return ChargeNowStatus(_("Charging is about to start."), None, polling=True)
    if asked_at is not None and now - asked_at <= PENDING_FOR and (updated is None or updated <= asked_at):
        return ChargeNowStatus(
            _(
                "You asked to charge now at %(time)s. Podero accepted it; the car has not reported since, "
                "so it may take a few minutes to show that it is charging."
            )
            % {"time": formats.time_format(asked_at, "TIME_FORMAT")},
            None,
        )
    if vehicle.is_plugged_in is None:
        return ChargeNowStatus(
            _(
                "Podero does not say whether the car is plugged in. Charge now starts charging at full speed "
                "straight away, or as soon as it is plugged in."
            ),
            Action.CHARGE,
        )
    if not vehicle.is_plugged_in:
        if armed:
            return ChargeNowStatus(
                _("Charging at full speed will start as soon as the car is plugged in."), Action.DISARM
            )
        return ChargeNowStatus(
            _("The car is unplugged. Charge now makes it charge at full speed as soon as it is plugged in."),
            Action.CHARGE,
        )
    if fresh and vehicle.is_charging:
        return ChargeNowStatus(_("The car is charging."), None)
    if fresh and vehicle.is_fully_charged:
        return ChargeNowStatus(_("The battery is full, so there is nothing to charge."), None)
    sentence = _(
        "The car is plugged in. Charge now starts charging straight away at full speed, whatever the price."
    )
    if not fresh:
        sentence += " " + _(
            "The car has not reported for a while, so it may already be charging or full; Podero will say so."
        )
    return ChargeNowStatus(sentence, Action.CHARGE)


def _checklist(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    return {"checklist": charging_checklist(vehicle, now=page.now)}


def _charge_now(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    intent, detail, at = _last_answer(page)
    armed = not vehicle.is_plugged_in and (intent, detail) == (Change.Intent.CHARGE_NOW, ARMED_DETAIL)
    asked_at = at if intent == Change.Intent.CHARGE_NOW and detail != ARMED_DETAIL else None
    return {"boost": charge_now_status(vehicle, armed=armed, asked_at=asked_at, now=page.now)}


def _last_answer(page: Page) -> tuple[str, str, datetime | None]:
    """Podero does not report an armed start (podero-api.md §5.5): our last accepted Charge now or disarm tells,
    the one just recorded if there is one. (intent, detail, when); ("", "", None) if there is none."""
    change = page.change
    asked = (Change.Intent.CHARGE_NOW, Change.Intent.CANCEL_BOOST)
    if change is not None and change.intent in asked and change.outcome == Change.Outcome.SUCCEEDED:
        return change.intent, change.detail, change.created_at
    if page.recent is not None:  # the page's recent changes, newest first, tell without a query of their own
        answer = next(
            (c for c in page.recent if c.intent in asked and c.outcome == Change.Outcome.SUCCEEDED),
            None,
        )
        if answer is not None:
            return answer.intent, answer.detail, answer.created_at
        if len(page.recent) < audit_reads.RECENT_CHANGES:  # that is every change the device has had
            return "", "", None
    return audit_reads.last_boost_answer(page.device) or ("", "", None)


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
register_part("boost", Part(_charge_now))
register_part("plan", Part(_plan))
