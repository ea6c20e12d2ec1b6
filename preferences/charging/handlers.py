"""The handlers of the charging intents (intents.py): Charge now, the charging plan, a target just for the next
trip. The homeowner's view and the admin both call them; each answers in its own way, and says Podero's failures
a handler lets through (notes.EXPLAINED) in plain words. The plan and the trip keep their forms filled on one."""

from preferences import podero
from preferences.charging import actions, charge_now, trips, words
from preferences.charging.forms import ChargingPlanForm, TripTargetForm, with_rows_changed, zone_now
from preferences.devices import cache as device_cache
from preferences.devices import notes
from preferences.devices.notes import Note
from preferences.intents import Answer, Ask
from preferences.models import Device


def start_charging(ask: Ask) -> Answer:
    result = charge_now.start(ev=ask.device, actor=ask.actor, now=ask.now, reason=ask.reason)
    sentence = Note(result.said.sentence, "warn" if result.said.is_refusal else "ok")
    # Started or armed: the card's status sentence is the one confirmation, until the car's state changes.
    said_by_the_card = result.said in (charge_now.ChargeNowOutcome.STARTED, charge_now.ChargeNowOutcome.ARMED)
    return Answer(
        note=None if said_by_the_card else sentence,
        alone=sentence,
        known={"state": result.state, "change": result.change},
    )


def cancel_charging(ask: Ask) -> Answer:
    result = charge_now.cancel(ev=ask.device, actor=ask.actor, now=ask.now, reason=ask.reason)
    return Answer(note=notes.done(ask.intent), known={"change": result.change})


def save_plan(ask: Ask) -> Answer:
    """Save the charging plan, or (split/join) change the per-day rows without saving anything."""
    ev = ask.device
    changed = with_rows_changed(ask.data)
    if changed is not None:
        split = ask.data.get("split", "")
        return Answer(
            forms={
                "plan_form": ChargingPlanForm(
                    initial=changed.dict(), focus=split, auto_id=ask.auto_id("plan")
                )
            }
        )
    form = ChargingPlanForm(ask.data, auto_id=ask.auto_id("plan"), at_most=_charge_cap(ev))
    if not all([form.is_valid(), ask.ready]):
        return Answer(forms={"plan_form": form}, status=422)
    wanted = form.wanted(default_timezone=ev.homeowner.timezone)
    try:
        outcome = actions.set_charging_plan(
            ev=ev, wanted=wanted, actor=ask.actor, now=ask.now, reason=ask.reason
        )
    except podero.PoderoRejected as exc:
        form.add_podero_errors(exc)
        return Answer(forms={"plan_form": form}, status=422, note=words.rejected())
    except notes.EXPLAINED as exc:
        return Answer(forms={"plan_form": form}, failure=exc)
    note = words.saved(outcome)
    if isinstance(outcome.unfinished, podero.PoderoRejected):
        form.add_podero_errors(outcome.unfinished)
        return Answer(forms={"plan_form": form}, status=422, note=note)
    # The card as Podero's answers left it (read again only where they did not say); Undo where one request can.
    known = {
        "state": outcome.vehicle,
        "policy": outcome.week,
        "plan": outcome.after,
        "change": outcome.newest,
    }
    return Answer(note=note, undo=outcome.last_change, known=known)


def _charge_cap(ev: Device) -> int | None:
    """The car's cap as last read (the page just loaded read it), without asking Podero: it answers a plan
    above it with a 422, which the form shows at the same field."""
    cached = device_cache.device(ev.podero_id)
    vehicle = cached.value if cached is not None else None
    return vehicle.charge_target_max if isinstance(vehicle, podero.ElectricVehicle) else None


def set_trip_target(ask: Ask) -> Answer:
    """A one-off target just for the next trip."""
    ev = ask.device
    try:
        zone = actions.plan_state(ev).plan.timezone
    except notes.EXPLAINED as exc:
        return Answer(failure=exc)
    there = zone_now(zone, ask.now)
    form = TripTargetForm(ask.data, today=there.date(), now_there=there, auto_id=ask.auto_id("trip"))
    typed = _plan_as_typed(ask)
    if not all([form.is_valid(), ask.ready]):
        return Answer(forms={"trip_form": form, **typed}, status=422)
    try:
        done = trips.set_trip_target(
            ev=ev,
            day=form.cleaned_data["day"],
            target=form.target(),
            actor=ask.actor,
            now=ask.now,
            reason=ask.reason,
        )
    except notes.EXPLAINED as exc:
        return Answer(failure=exc)
    known = {"state": done.after.vehicle, "plan": done.after, "change": done.change, "forms": typed}
    # The homeowner's card says what was set; staff's page does not show it, so their note does.
    return Answer(note=words.trip_saved(), alone=words.trip_set(done.trip), known=known)


def cancel_trip_target(ask: Ask) -> Answer:
    trip = trips.active_trip(ask.device)
    if trip is None:
        return Answer(note=words.no_trip_target())
    trips.cancel_trip_target(trip=trip, actor=ask.actor, now=ask.now, reason=ask.reason)
    return Answer(note=notes.done(ask.intent), known={"forms": _plan_as_typed(ask)})


def _plan_as_typed(ask: Ask) -> dict[str, ChargingPlanForm]:
    """The plan form as typed beside the trip's (htmx sends it along, charging_plan.html): the card the answer
    replaces keeps the rows and values typed but not saved yet. Nothing when it was not sent (no JavaScript)."""
    if "choice" not in ask.data:
        return {}
    return {"plan_form": ChargingPlanForm(initial=ask.data.dict(), auto_id=ask.auto_id("plan"))}
