"""Homeowner pages. Each view finds the device through the logged-in homeowner, makes one service call and
answers with what it learned (responses.py): the page, or on an htmx request only the part it changed.

One view per intent, for every kind of device that offers it (kinds.py); a view catches only the Podero
failures it explains to the homeowner (notes.EXPLAINED), anything else is a logged 500.
"""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from preferences import (
    device_page,
    notes,
    plan_words,
    podero,
    responses,
    selectors,
    services,
    timed_pause,
    trips,
)
from preferences.dashboard import render_dashboard
from preferences.kinds import Kind
from preferences.models import Change, Device
from preferences.notes import Note, done
from preferences.plan_forms import ChargingPlanForm, TripTargetForm, with_rows_changed, zone_now
from preferences.responses import PortalRequest


@require_GET
@login_required
def dashboard(request: PortalRequest) -> HttpResponse:
    try:
        homeowner = selectors.homeowner_of(request.user)
    except Http404:
        return render(request, "preferences/no_homeowner.html", status=403)
    return render_dashboard(request, homeowner)


@require_GET
@login_required
def device(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    return responses.page(request, selectors.device_for(request.user, device_id, kind))


@require_POST
@login_required
def pause(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    return _set_optimization(request, _device(request, kind, device_id, "pause"), enabled=False)


@require_POST
@login_required
def resume(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    return _set_optimization(request, _device(request, kind, device_id, "resume"), enabled=True)


@require_POST
@login_required
def charge_now(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    ev = _device(request, kind, device_id, "charge-now")
    try:
        result = services.charge_now(ev=ev, actor=request.user, now=timezone.now())
    except notes.EXPLAINED as exc:
        return responses.failure(request, ev, "boost", exc)
    # Started or armed: the card's status sentence is the one confirmation, until the car's state changes.
    said_by_the_status = (services.BoostOutcome.STARTED, services.BoostOutcome.ARMED)
    note = None if result.boost in said_by_the_status else Note(result.boost.sentence, "ok")
    if result.boost.is_refusal:
        note = Note(result.boost.sentence, "warn")
    return responses.after(request, ev, "boost", note, state=result.state, change=result.change)


@require_POST
@login_required
def cancel_boost(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    ev = _device(request, kind, device_id, "cancel-boost")
    try:
        result = services.cancel_boost(ev=ev, actor=request.user, now=timezone.now())
    except notes.EXPLAINED as exc:
        return responses.failure(request, ev, "boost", exc)
    return responses.after(request, ev, "boost", done("cancel-boost"), change=result.change)


@require_POST
@login_required
def charging_plan(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    """Save the charging plan, or (split/join) change the per-day rows without saving anything."""
    ev = _device(request, kind, device_id, "charging-plan")
    changed = with_rows_changed(request.POST)
    if changed is not None:
        form = ChargingPlanForm(initial=changed.dict(), focus=request.POST.get("split", ""))
        return responses.form_failed(request, ev, "plan", {"plan_form": form})
    form = ChargingPlanForm(request.POST)
    if not form.is_valid():
        return responses.form_failed(request, ev, "plan", {"plan_form": form}, status=422)
    wanted = form.wanted(default_timezone=ev.homeowner.timezone)
    try:
        outcome = services.set_charging_plan(ev=ev, wanted=wanted, actor=request.user, now=timezone.now())
    except podero.PoderoRejected as exc:
        form.add_podero_errors(exc)
        note = plan_words.rejected()
        return responses.form_failed(request, ev, "plan", {"plan_form": form}, status=422, note=note)
    except notes.EXPLAINED as exc:
        return responses.form_failed(request, ev, "plan", {"plan_form": form}, exc=exc)
    return _plan_saved(request, ev, form, outcome)


def _plan_saved(
    request: PortalRequest, ev: Device, form: ChargingPlanForm, outcome: services.PlanOutcome
) -> HttpResponse:
    """After a save: what it did, with Undo where one request can undo it, and the card as Podero's answers
    left it (read again only where they did not say)."""
    note = plan_words.saved(outcome)
    if isinstance(outcome.unfinished, podero.PoderoRejected):
        form.add_podero_errors(outcome.unfinished)
        return responses.form_failed(request, ev, "plan", {"plan_form": form}, status=422, note=note)
    if outcome.last_change is not None:
        note = note.with_undo(responses.undo_offer(outcome.last_change))
    known = {"state": outcome.vehicle, "policy": outcome.week, "plan": outcome.after}
    return responses.after(request, ev, "plan", note, change=outcome.newest, **known)


@require_POST
@login_required
def trip_target(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    """A one-off target just for the next trip."""
    ev = _device(request, kind, device_id, "trip-target")
    try:
        zone = services.plan_state(ev).plan.timezone
    except notes.EXPLAINED as exc:
        return responses.failure(request, ev, "plan", exc)
    there = zone_now(zone, timezone.now())
    form = TripTargetForm(request.POST, today=there.date(), now_there=there)
    if not form.is_valid():
        return responses.form_failed(request, ev, "plan", {"trip_form": form}, status=422)
    try:
        done = trips.set_trip_target(
            ev=ev, day=form.cleaned_data["day"], target=form.target(), actor=request.user, now=timezone.now()
        )
    except trips.NeedsADeadline:
        return responses.after(request, ev, "plan", plan_words.needs_a_deadline())
    except notes.EXPLAINED as exc:
        return responses.failure(request, ev, "plan", exc)
    known = {"state": done.after.vehicle, "plan": done.after, "change": done.change}
    return responses.after(request, ev, "plan", plan_words.trip_saved(), **known)


@require_POST
@login_required
def cancel_trip_target(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    ev = _device(request, kind, device_id, "trip-target-cancel")
    trip = trips.active_trip(ev)
    if trip is None:
        return responses.after(request, ev, "plan", done("no-trip-target"))
    try:
        trips.cancel_trip_target(trip=trip, actor=request.user, now=timezone.now())
    except notes.EXPLAINED as exc:
        return responses.failure(request, ev, "plan", exc)
    return responses.after(request, ev, "plan", done("trip-target-cancelled"))


@require_POST
@login_required
def undo_change(request: PortalRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    device, slot = change.device, device_page.INTENT_SLOTS.get(Change.Intent(change.intent))
    if slot is None:
        raise Http404("This change has nothing to undo.")
    assert device is not None  # noqa: S101 - change_for finds only changes to a device the homeowner has
    try:
        result = services.undo(change=change, actor=request.user, now=timezone.now())
    except services.NotUndoable:
        return responses.after(request, device, slot, done("not-undoable", "warn"))
    except notes.EXPLAINED as exc:
        return responses.failure(request, device, slot, exc)
    timed_pause.restore_after_undo(change, now=timezone.now())
    # Undo may have made a timed pause run again (in this request or in a twin's): its controls come along.
    along = ("pause",) if change.intent == Change.Intent.RESUME_OPTIMIZATION else ()
    return responses.after(request, device, slot, done("undone"), change=result.change, along=along)


@require_POST
@login_required
def restore_schedule(request: PortalRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    try:
        result = services.restore_weekly_schedule(change=change, actor=request.user, now=timezone.now())
    except services.NotUndoable:
        raise Http404("Not a weekly schedule.") from None
    except notes.EXPLAINED as exc:
        return responses.failure(request, _of(change), "plan", exc)
    return responses.after(
        request, _of(change), "plan", done("schedule-restored"), policy=result.state, change=result.change
    )


def _of(change: Change) -> Device:
    assert change.device is not None  # noqa: S101 - change_for finds only changes to a device the homeowner has
    return change.device


def _device(request: PortalRequest, kind: Kind, device_id: UUID, verb: str) -> Device:
    """The homeowner's device, if its kind offers the intent; Http404 otherwise."""
    if not kind.offers(verb):
        raise Http404("This kind of device has no such control.")
    return selectors.device_for(request.user, device_id, kind)


def _set_optimization(request: PortalRequest, device: Device, *, enabled: bool) -> HttpResponse:
    try:
        if enabled:
            # Switched back on by hand: no resume is due, and the pause controls no longer say until when.
            result, ended_pause = timed_pause.resume_by_hand(
                device=device, actor=request.user, now=timezone.now()
            )
        else:
            result = services.pause_optimization(device=device, actor=request.user, now=timezone.now())
            ended_pause = False
    except notes.EXPLAINED as exc:
        return responses.failure(request, device, "optimization", exc)
    note = done("resume" if enabled else "pause").with_undo(responses.undo_offer(result.change))
    return responses.after(
        request,
        device,
        "optimization",
        note,
        state=result.state,
        change=result.change,
        along=("pause",) if ended_pause else (),
    )
