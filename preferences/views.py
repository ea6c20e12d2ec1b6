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

from preferences import device_page, notes, podero, responses, selectors, services
from preferences.dashboard import render_dashboard
from preferences.forms import ChargeDeadlineForm, WeeklyScheduleForm, with_preset
from preferences.kinds import Kind
from preferences.models import Device, Homeowner
from preferences.notes import Note, done
from preferences.responses import PortalRequest


@require_GET
@login_required
def dashboard(request: PortalRequest) -> HttpResponse:
    homeowner = Homeowner.objects.filter(user_id=request.user.pk).first()
    if homeowner is None:
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
    note = Note(result.boost.sentence, "warn" if result.boost.is_refusal else "ok")
    note = note.with_undo(responses.undo_offer(result.change))
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
def charge_deadline(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    ev = _device(request, kind, device_id, "charge-deadline")
    form = ChargeDeadlineForm(request.POST)
    if not form.is_valid():
        return responses.form_failed(request, ev, "deadline", {"deadline_form": form}, status=422)
    if not form.changes():
        return responses.after(request, ev, "deadline", done("nothing-to-save"))
    try:
        result = services.set_charge_deadline(
            ev=ev, **form.changes(), previous=form.previous(), actor=request.user, now=timezone.now()
        )
    except notes.EXPLAINED as exc:
        if isinstance(exc, podero.PoderoRejected):
            form.add_rejection(exc)
        return responses.form_failed(request, ev, "deadline", {"deadline_form": form}, exc=exc)
    note = done("charge-deadline-off" if form.changes() == {"enabled": False} else "charge-deadline")
    note = note.with_undo(responses.undo_offer(result.change))
    return responses.after(request, ev, "deadline", note, state=result.state, change=result.change)


@require_POST
@login_required
def weekly_schedule(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    ev = _device(request, kind, device_id, "weekly-schedule")
    preset = request.POST.get("preset", "")
    form = WeeklyScheduleForm(with_preset(request.POST, preset) if preset else request.POST)
    if preset or not form.is_valid():
        return responses.form_failed(
            request, ev, "schedule", {"schedule_form": form}, status=200 if preset else 422
        )
    try:
        result = services.set_weekly_schedule(
            ev=ev, plan=form.to_plan(), actor=request.user, now=timezone.now()
        )
    except notes.EXPLAINED as exc:
        return responses.form_failed(request, ev, "schedule", {"schedule_form": form}, exc=exc)
    note = done("weekly-schedule").with_undo(responses.undo_offer(result.change))
    return responses.after(request, ev, "schedule", note, policy=result.state, change=result.change)


@require_POST
@login_required
def undo_change(request: PortalRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    device, slot = change.device, device_page.INTENT_SLOTS[change.intent]
    assert device is not None  # noqa: S101 - change_for finds only changes to a device the homeowner has
    try:
        result = services.undo(change=change, actor=request.user, now=timezone.now())
    except services.NotUndoable:
        return responses.after(request, device, slot, done("not-undoable", "warn"))
    except notes.EXPLAINED as exc:
        return responses.failure(request, device, slot, exc)
    return responses.after(request, device, slot, done("undone"), change=result.change)


@require_POST
@login_required
def restore_schedule(request: PortalRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    try:
        result = services.restore_weekly_schedule(change=change, actor=request.user, now=timezone.now())
    except services.NotUndoable:
        raise Http404("Not a weekly schedule.") from None
    except notes.EXPLAINED as exc:
        return responses.failure(request, change.device, "schedule", exc)
    return responses.after(
        request, result.change.device, "schedule", done("schedule-restored"), policy=result.state
    )


def _device(request: PortalRequest, kind: Kind, device_id: UUID, verb: str) -> Device:
    """The homeowner's device, if its kind offers the intent; Http404 otherwise."""
    if not kind.offers(verb):
        raise Http404("This kind of device has no such control.")
    return selectors.device_for(request.user, device_id, kind)


def _set_optimization(request: PortalRequest, device: Device, *, enabled: bool) -> HttpResponse:
    try:
        result = services.set_optimization(
            device=device, enabled=enabled, actor=request.user, now=timezone.now()
        )
    except notes.EXPLAINED as exc:
        return responses.failure(request, device, "optimization", exc)
    note = done("resume" if enabled else "pause").with_undo(responses.undo_offer(result.change))
    return responses.after(request, device, "optimization", note, state=result.state, change=result.change)
