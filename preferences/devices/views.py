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
from preferences.devices import cache, notes, reads, responses
from preferences.devices.dashboard import render_dashboard
from preferences.devices.kinds import Kind
from preferences.devices.responses import PortalRequest
from preferences.intents import Answer, Ask


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
    """Where the manufacturer sends the homeowner back after signing in (podero-api.md §9.4)."""
    device = reads.device_for(request.user, device_id, kind)
    cache.forget(device.podero_id, user_id=device.homeowner.podero_user_id, kind=device.kind)
    try:
        live = reads.live_device(device)
    except podero.PoderoError:
        outcome = "unconfirmed"
    else:
        outcome = "connected" if live.is_authenticated and not live.action_needed else "unconfirmed"
    return _reconnect_page(request, device, outcome)


@require_GET
@login_required
def reconnect_cancelled(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    """Cancelled at the manufacturer: nothing changed, which is only "still not connected" if Podero says so."""
    device = reads.device_for(request.user, device_id, kind)
    try:
        connected = not reads.live_device(device).needs_reconnect
    except podero.PoderoError:
        connected = False
    return _reconnect_page(request, device, "cancelled-connected" if connected else "cancelled")


def _reconnect_page(request: HttpRequest, device: object, outcome: str) -> HttpResponse:
    page = intents.get("reconnect").page
    return render(request, page, {"device": device, "outcome": outcome})
