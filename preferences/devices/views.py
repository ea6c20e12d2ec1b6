"""Homeowner pages of a device. Each view finds the device through the logged-in homeowner (anyone else's is a
404 before any call to Podero). An intent (intents.py) is one view for all: its handler does it, and responses.py
answers with what it learned: the page, or on an htmx request only the part it changed.

A handler catches only the Podero failures it explains to the homeowner (notes.EXPLAINED); anything else is a
logged 500.
"""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from preferences import intents, podero
from preferences.devices import actions, cache, notes, reads, responses, words
from preferences.devices.dashboard import render_dashboard
from preferences.devices.kinds import Kind
from preferences.devices.responses import PortalRequest
from preferences.intents import Answer, Ask
from preferences.models import Device


@require_GET
@login_required
def dashboard(request: PortalRequest) -> HttpResponse:
    try:
        homeowner = reads.homeowner_of(request.user)
    except Http404:
        return render(request, "preferences/no_homeowner.html", status=403)
    return render_dashboard(request, homeowner)


@require_GET
@login_required
def device(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    return responses.page(request, reads.device_for(request.user, device_id, kind))


@require_POST
@login_required
def act(request: PortalRequest, kind: Kind, device_id: UUID, verb: str) -> HttpResponse:
    """Any intent of the device's kind; an intent its kind does not offer is a 404."""
    intent = intents.get(verb)
    if not kind.offers(verb):
        raise Http404("This kind of device has no such control.")
    device = reads.device_for(request.user, device_id, kind)
    if intent.confirm and request.POST.get("confirmed") != "yes":
        # Not confirmed (a stale form, a bare POST): the step that says what it will do, nothing sent.
        return responses.confirm_step(request, device, intent)
    ask = Ask(
        intent=intent,
        device=device,
        actor=request.user,
        data=request.POST,
        now=timezone.now(),
        absolute_uri=request.build_absolute_uri,
    )
    try:
        answer = intent.handler(ask)
    except notes.EXPLAINED as exc:
        answer = Answer(failure=exc)
    return responses.answer(request, device, intent, answer)


@require_GET
@login_required
def reconnect_done(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    """Where the manufacturer sends the homeowner back after signing in (podero-api.md §9.4). Back from a cue's
    reconnect (?cue=…), the portal first reports its success to Podero."""
    device = reads.device_for(request.user, device_id, kind)
    reported = _report(device, request.GET.get("cue", ""), succeeded=True)
    cache.forget(device.podero_id, user_id=device.homeowner.podero_user_id, kind=device.kind)
    try:
        live = reads.live_device(device)
    except podero.PoderoError:
        outcome = "unconfirmed"
    else:
        outcome = "unconfirmed" if live.needs_reconnect else "connected"
    return _reconnect_page(request, device, outcome, reported)


@require_GET
@login_required
def reconnect_cancelled(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    """Cancelled at the manufacturer: nothing changed, which is only "still not connected" if Podero says so.
    Back from a cue's reconnect (?cue=…), the portal reports it failed, so the cue stays open to try again."""
    device = reads.device_for(request.user, device_id, kind)
    reported = _report(device, request.GET.get("cue", ""), succeeded=False)
    try:
        connected = not reads.live_device(device).needs_reconnect
    except podero.PoderoError:
        connected = False
    return _reconnect_page(request, device, "cancelled-connected" if connected else "cancelled", reported)


def _report(device: Device, cue_id: str, *, succeeded: bool) -> notes.Note | None:
    """Report the outcome of the reconnect through the cue `cue_id` (`POST /cues/{id}/state`); a note when that
    did not go through. The cue's secret is read from the device as Podero lists it now; a cue it no longer lists
    needs no report (the device's state then says the rest)."""
    if not cue_id or not podero.cues.is_cue_id(cue_id):
        return None
    cache.forget(device.podero_id, user_id=device.homeowner.podero_user_id, kind=device.kind)
    try:
        cue = reads.live_device(device).cues.get(cue_id)
        if cue is None or not cue.is_reconnect:
            return None
        actions.report_reconnect(device, cue, succeeded=succeeded)
    except podero.cues.CueGone:
        return notes.Note(str(words.CUE_GONE_ON_RETURN), "warn")
    except podero.cues.CueRefused:
        return notes.Note(str(words.CUE_REFUSED_ON_RETURN), "warn")
    except notes.EXPLAINED:
        return notes.Note(str(words.CUE_NOT_REPORTED), "warn")
    return None


def _reconnect_page(
    request: HttpRequest, device: object, outcome: str, reported: notes.Note | None = None
) -> HttpResponse:
    page = intents.get("reconnect").page
    return render(request, page, {"device": device, "outcome": outcome, "reported": reported})


@require_POST
@login_required
def mark_read(request: PortalRequest, kind: Kind, device_id: UUID, cue_id: str) -> HttpResponse:
    """The homeowner read one of Podero's information notes on the device's page (podero-api.md §9.4): Podero
    marks it read and no longer lists it. Back to the page, which says how it went."""
    device = reads.device_for(request.user, device_id, kind)
    if not podero.cues.is_cue_id(cue_id):
        raise Http404("No such note.")
    cache.forget(device.podero_id, user_id=device.homeowner.podero_user_id, kind=device.kind)
    note = notes.Note(str(words.NOTE_READ))
    try:
        cue = reads.live_device(device).cues.get(cue_id)
        if cue is not None and cue.is_information:
            actions.mark_read(device, cue)
    except podero.cues.CueGone:
        pass  # read already, elsewhere: it is gone all the same
    except podero.cues.CueRefused:
        note = notes.Note(str(words.NOTE_READ_REFUSED), "bad")
    except notes.EXPLAINED:
        note = notes.Note(str(words.NOTE_READ_FAILED), "bad")
    return responses.redirect_with_note(request, device, "page", note)
