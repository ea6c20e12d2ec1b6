"""Reconnect a device whose manufacturer connection has lapsed (podero-api.md §9.4).

"Reconnect" asks Podero for a sign-in session at the manufacturer and sends the browser there; the manufacturer
sends it back to one of the two return pages, which say what happened. With JavaScript the browser goes straight
there (htmx's HX-Redirect); without, a page with a link takes it there: a form whose answer redirects to another
site would be stopped by the portal's CSP (form-action 'self').
"""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from preferences import device_cache, notes, podero, selectors, services
from preferences.kinds import Kind
from preferences.models import Device
from preferences.responses import PortalRequest


def return_urls(request: HttpRequest, device: Device) -> tuple[str, str]:
    """Where the manufacturer sends the homeowner back: the portal's own pages, as absolute addresses."""
    args = [device.kind, device.podero_id]
    return (
        request.build_absolute_uri(reverse("preferences:reconnect-done", args=args)),
        request.build_absolute_uri(reverse("preferences:reconnect-cancelled", args=args)),
    )


@require_POST
@login_required
def reconnect(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    device = selectors.device_for(request.user, device_id, kind)
    success_url, cancel_url = return_urls(request, device)
    try:
        result = services.start_reconnect(
            device=device,
            success_url=success_url,
            cancel_url=cancel_url,
            actor=request.user,
            now=timezone.now(),
        )
    except notes.EXPLAINED as exc:
        context = {"outcome": "failed", "problem": notes.failure_note(exc)}
        return _page(request, device, context, status=notes.failure_status(exc))
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": result.state})
    return _page(request, device, {"outcome": "go", "url": result.state})


@require_GET
@login_required
def reconnect_done(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    device = selectors.device_for(request.user, device_id, kind)
    device_cache.forget(device.podero_id, user_id=device.homeowner.podero_user_id, kind=device.kind)
    try:
        live = selectors.live_device(device)
    except podero.PoderoError:
        outcome = "unconfirmed"
    else:
        outcome = "connected" if live.is_authenticated and not live.action_needed else "unconfirmed"
    return _page(request, device, {"outcome": outcome})


@require_GET
@login_required
def reconnect_cancelled(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    device = selectors.device_for(request.user, device_id, kind)
    return _page(request, device, {"outcome": "cancelled"})


def _page(
    request: HttpRequest, device: Device, context: dict[str, object], *, status: int = 200
) -> HttpResponse:
    context |= {"device": device}
    return render(request, "preferences/reconnect.html", context, status=status)
