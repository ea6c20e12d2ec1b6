"""Homeowner pages. Each view finds the device through the logged-in homeowner, makes one service call and
renders the page, or on an htmx request only the part of the page it changed."""

from dataclasses import replace
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from preferences import podero, presentation, schedule_preview, selectors, services
from preferences.charging_checklist import charging_checklist
from preferences.dashboard import render_dashboard
from preferences.forms import ChargeDeadlineForm, WeeklyScheduleForm, time_zone_names, with_preset
from preferences.models import Change, Device, Homeowner
from preferences.podero import DeviceKind
from preferences.presentation import Note

# The parts of a device page that re-render on their own (named partials in the templates), and the notes
# shown in them: the deadline and the weekly schedule share the "plan" part, since one shows the other.
PARTS = ("optimization", "boost", "plan")
NOTE_PARTS = {"optimization": "optimization", "boost": "boost", "deadline": "plan", "schedule": "plan"}


class PortalRequest(HttpRequest):
    user: AbstractBaseUser
    htmx: HtmxDetails


@require_GET
@login_required
def dashboard(request: PortalRequest) -> HttpResponse:
    homeowner = Homeowner.objects.filter(user_id=request.user.pk).first()
    if homeowner is None:
        return render(request, "preferences/no_homeowner.html", status=403)
    return render_dashboard(request, homeowner)


@require_GET
@login_required
def heat_pump(request: PortalRequest, device_id: UUID) -> HttpResponse:
    return _device_page(request, selectors.device_for(request.user, device_id, DeviceKind.HEAT_PUMP))


@require_GET
@login_required
def inverter(request: PortalRequest, device_id: UUID) -> HttpResponse:
    return _device_page(request, selectors.device_for(request.user, device_id, DeviceKind.INVERTER))


@require_GET
@login_required
def electric_vehicle(request: PortalRequest, device_id: UUID) -> HttpResponse:
    return _device_page(
        request,
        selectors.device_for(request.user, device_id, DeviceKind.ELECTRIC_VEHICLE),
    )


@require_POST
@login_required
def heat_pump_optimization(request: PortalRequest, device_id: UUID) -> HttpResponse:
    return _set_optimization(request, selectors.device_for(request.user, device_id, DeviceKind.HEAT_PUMP))


@require_POST
@login_required
def inverter_optimization(request: PortalRequest, device_id: UUID) -> HttpResponse:
    return _set_optimization(request, selectors.device_for(request.user, device_id, DeviceKind.INVERTER))


@require_POST
@login_required
def charge_now(request: PortalRequest, device_id: UUID) -> HttpResponse:
    ev = selectors.device_for(request.user, device_id, DeviceKind.ELECTRIC_VEHICLE)
    try:
        outcome = services.charge_now(ev=ev, actor=request.user, now=timezone.now())
    except podero.PoderoError as exc:
        return _failure_response(request, ev, "boost", exc)
    return _part_response(
        request, ev, "boost", _offer_undo(ev, Note(outcome.sentence, "warn" if outcome.is_refusal else "ok"))
    )


@require_POST
@login_required
def cancel_boost(request: PortalRequest, device_id: UUID) -> HttpResponse:
    ev = selectors.device_for(request.user, device_id, DeviceKind.ELECTRIC_VEHICLE)
    try:
        services.cancel_boost(ev=ev, actor=request.user, now=timezone.now())
    except podero.PoderoError as exc:
        return _failure_response(request, ev, "boost", exc)
    return _part_response(
        request, ev, "boost", Note(_("Boost cancelled. The car will charge in the cheapest hours."))
    )


@require_POST
@login_required
def charge_deadline(request: PortalRequest, device_id: UUID) -> HttpResponse:
    ev = selectors.device_for(request.user, device_id, DeviceKind.ELECTRIC_VEHICLE)
    form = ChargeDeadlineForm(request.POST)
    if not form.is_valid():
        return _form_response(request, ev, "deadline", {"deadline_form": form}, status=422)
    changes = form.podero_changes()
    if not changes:
        return _part_response(
            request, ev, "deadline", Note(_("Nothing to save: you did not change anything."))
        )
    try:
        services.set_charge_deadline(
            ev=ev, changes=changes, previous=form.podero_previous(), actor=request.user, now=timezone.now()
        )
    except podero.PoderoError as exc:
        _add_podero_errors(form, exc, ChargeDeadlineForm.FIELD_TO_PODERO)
        return _form_response(request, ev, "deadline", {"deadline_form": form}, exc=exc)
    if changes.get("is_charge_policy_enabled") is False:
        note = Note(_("Charge deadline turned off. Podero charges in the cheapest hours."))
    else:
        note = Note(_("Charge deadline saved."))
    return _part_response(request, ev, "deadline", _offer_undo(ev, note))


@require_POST
@login_required
def weekly_schedule(request: PortalRequest, device_id: UUID) -> HttpResponse:
    ev = selectors.device_for(request.user, device_id, DeviceKind.ELECTRIC_VEHICLE)
    preset = request.POST.get("preset", "")
    if preset:
        form = WeeklyScheduleForm(with_preset(request.POST, preset))
        form.is_valid()
        return _form_response(request, ev, "schedule", {"schedule_form": form})
    form = WeeklyScheduleForm(request.POST)
    if not form.is_valid():
        return _form_response(request, ev, "schedule", {"schedule_form": form}, status=422)
    try:
        services.set_weekly_schedule(ev=ev, policy=form.to_policy(), actor=request.user, now=timezone.now())
    except podero.PoderoError as exc:
        return _form_response(request, ev, "schedule", {"schedule_form": form}, exc=exc)
    return _part_response(request, ev, "schedule", _offer_undo(ev, Note(_("Weekly schedule saved."))))


# Which part of the page shows a change's undo, by the change's intent.
UNDO_PARTS = {
    Change.Intent.PAUSE_OPTIMIZATION: "optimization",
    Change.Intent.RESUME_OPTIMIZATION: "optimization",
    Change.Intent.CHARGE_NOW: "boost",
    Change.Intent.CANCEL_BOOST: "boost",
    Change.Intent.SET_CHARGE_DEADLINE: "deadline",
    Change.Intent.DISABLE_CHARGE_POLICY: "deadline",
    Change.Intent.SET_WEEKLY_SCHEDULE: "schedule",
}


@require_POST
@login_required
def undo_change(request: PortalRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    device, part = change.device, UNDO_PARTS[change.intent]
    try:
        services.undo(change=change, actor=request.user, now=timezone.now())
    except services.NotUndoable:
        return _part_response(request, device, part, Note(_("This change can no longer be undone."), "warn"))
    except podero.PoderoError as exc:
        return _failure_response(request, device, part, exc)
    return _part_response(request, device, part, Note(_("Undone: back to how it was before.")))


@require_POST
@login_required
def restore_schedule(request: PortalRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    try:
        services.restore_weekly_schedule(change=change, actor=request.user, now=timezone.now())
    except services.NotUndoable:
        raise Http404("Not a weekly schedule.") from None
    except podero.PoderoError as exc:
        return _failure_response(request, change.device, "schedule", exc)
    return _part_response(request, change.device, "schedule", Note(_("The earlier weekly schedule is back.")))


def _offer_undo(device: Device, note: Note) -> Note:
    """The note for a change just made, with an Undo button while it can still be undone."""
    change = selectors.latest_change(device)
    if change is None or not services.can_undo(change, now=timezone.now()):
        return note
    return replace(note, undo_url=reverse("preferences:change-undo", args=[change.pk]))


def _set_optimization(request: PortalRequest, device: Device) -> HttpResponse:
    """The switch posts the state it asks for: active=true resumes, active=false pauses."""
    active = request.POST.get("active") == "true"
    intent = services.resume_optimization if active else services.pause_optimization
    try:
        live = intent(device=device, actor=request.user, now=timezone.now())
    except podero.PoderoError as exc:
        return _failure_response(request, device, "optimization", exc)
    if active:
        note = Note(_("Smart optimization is on. Podero steers this device to the cheapest hours again."))
    else:
        note = Note(_("Smart optimization is paused. The device follows its own built-in schedule."))
    note = _offer_undo(device, note)
    if not request.htmx:
        return _redirect_with_note(request, device, "optimization", note)
    return _render_part(request, device, "optimization", note, live=live)


def _device_page(
    request: PortalRequest, device: Device, *, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The whole device page, or with ?part=NAME on an htmx request only that part (used for polling)."""
    context: dict[str, Any] = {
        "device": device,
        "notes": _notes(request),
        "viewer_timezone": _browser_timezone(request),
        "activity": presentation.activity(selectors.recent_changes(device), homeowner=device.homeowner),
        **(forms or {}),
    }
    template = _template(device)
    try:
        context.update(_live_context(device, context))
    except podero.PoderoError as exc:
        context["problem"] = presentation.failure_note(exc)
        return render(request, template, context, status=presentation.failure_status(exc))
    part = request.GET.get("part", "")
    if request.htmx and part in PARTS:
        template += f"#{part}"
    return render(request, template, context, status=status)


def _live_context(
    device: Device, context: dict[str, Any], live: podero.Device | None = None
) -> dict[str, Any]:
    """What Podero says now (`live` when the caller already has it), and the forms pre-filled from it.

    Forms already in `context` (bound, with what the person typed) are kept.
    """
    live = live or selectors.live_device(device)
    values: dict[str, Any] = {"live": live, "card": presentation.device_card(live)}
    if not isinstance(live, podero.ElectricVehicle):
        return values
    values["boost_armed"] = not live.is_plugged_in and selectors.boost_armed(device)
    values["boost"] = presentation.boost_control(live, armed=values["boost_armed"])
    values["checklist"] = charging_checklist(live, now=timezone.now())
    if "deadline_form" not in context:
        values["deadline_form"] = ChargeDeadlineForm(initial=ChargeDeadlineForm.initial_for(live))
    if live.is_charge_policy_enabled and "schedule_form" not in context:
        policy = selectors.charge_policy(device)
        values["schedule_form"] = WeeklyScheduleForm(
            initial=WeeklyScheduleForm.initial_for(policy, default_timezone=device.homeowner.timezone)
        )
        if policy.is_none:
            values["schedule_missing"] = True
            return values
        values["schedule_preview"] = {
            "summary": schedule_preview.summary(policy),
            "deadlines": schedule_preview.next_deadlines(
                policy, now=timezone.now(), viewer_timezone=context.get("viewer_timezone")
            ),
        }
    return values


def _part_response(request: PortalRequest, device: Device, part: str, note: Note) -> HttpResponse:
    """After an action: the refreshed part with its note (htmx), or a redirect back to the page (no JS)."""
    if not request.htmx:
        return _redirect_with_note(request, device, part, note)
    return _render_part(request, device, part, note)


def _failure_response(
    request: PortalRequest, device: Device, part: str, exc: podero.PoderoError
) -> HttpResponse:
    note = presentation.failure_note(exc)
    if not request.htmx:
        return _redirect_with_note(request, device, part, note)
    return _render_part(request, device, part, note, status=presentation.failure_status(exc))


def _render_part(
    request: PortalRequest,
    device: Device,
    part: str,
    note: Note | None,
    *,
    live: podero.Device | None = None,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "device": device,
        "notes": {part: note} if note else {},
        "activity": presentation.activity(selectors.recent_changes(device), homeowner=device.homeowner),
        "viewer_timezone": _browser_timezone(request),
        **(forms or {}),
    }
    try:
        context.update(_live_context(device, context, live))
    except podero.PoderoError as exc:
        context["problem"] = presentation.failure_note(exc)
    return render(request, f"{_template(device)}#{NOTE_PARTS[part]}", context, status=status)


def _form_response(
    request: PortalRequest,
    device: Device,
    part: str,
    forms: dict[str, Any],
    *,
    status: int = 200,
    exc: podero.PoderoError | None = None,
) -> HttpResponse:
    """A form that was not saved, re-rendered with what the person typed (the part for htmx, else the page)."""
    note = None
    if exc is not None:
        note, status = presentation.failure_note(exc), presentation.failure_status(exc)
    if request.htmx:
        return _render_part(request, device, part, note, forms=forms, status=status)
    if note is not None:
        messages.add_message(request, presentation.MESSAGE_LEVELS[note.level], note.text, extra_tags=part)
    return _device_page(request, device, forms=forms, status=status)


def _redirect_with_note(
    request: PortalRequest, device: Device, part: str, note: Note
) -> HttpResponseRedirect:
    tags = f"{part} {note.undo_url}" if note.undo_url else part
    messages.add_message(request, presentation.MESSAGE_LEVELS[note.level], note.text, extra_tags=tags)
    return redirect(presentation.device_url(device.kind, device.podero_id))


def _notes(request: PortalRequest) -> dict[str, Note]:
    """Messages left by a redirect after a form post, keyed by the part of the page they belong to."""
    notes = {}
    for message in messages.get_messages(request):
        tag, _space, undo_url = message.extra_tags.partition(" ")
        part = tag if tag in NOTE_PARTS else "page"
        level = presentation.LEVEL_BY_MESSAGE.get(message.level, "ok")
        notes[part] = Note(message.message, level, undo_url=undo_url or None)
    return notes


def _add_podero_errors(form: ChargeDeadlineForm, exc: podero.PoderoError, field_map: dict[str, str]) -> None:
    """Podero's 422 field errors, shown next to the field they concern."""
    if not isinstance(exc, podero.PoderoRejected):
        return
    by_podero_name = {podero_name: name for name, podero_name in field_map.items()}
    for podero_name, errors in exc.field_errors.items():
        form.add_error(by_podero_name.get(podero_name), errors)


def _browser_timezone(request: PortalRequest) -> str | None:
    """The browser's IANA time zone, as static/js/timezone.js reported it in a cookie; None if unknown."""
    name = request.COOKIES.get("browser_tz", "")
    return name if name in time_zone_names() else None


def _template(device: Device) -> str:
    return "preferences/ev.html" if device.kind == DeviceKind.ELECTRIC_VEHICLE else "preferences/device.html"
