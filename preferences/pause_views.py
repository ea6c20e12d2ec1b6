"""Pause for a while: the controls on a heat pump's or inverter's smart optimization card."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preferences import device_words, notes, responses, selectors, timed_pause
from preferences.kinds import Kind
from preferences.models import Device, TimedPause
from preferences.notes import Note, done
from preferences.responses import PortalRequest


@require_POST
@login_required
def pause_for_a_while(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    device = _pausable(request, kind, device_id)
    length = request.POST.get("length", "")
    if length not in TimedPause.Length.values:
        return responses.after(
            request, device, "optimization", Note(_("Choose how long to pause for."), "bad")
        )
    try:
        pause = timed_pause.start_pause(device=device, length=length, actor=request.user, now=timezone.now())
    except notes.EXPLAINED as exc:
        return responses.failure(request, device, "optimization", exc)
    return responses.after(request, device, "optimization", Note(device_words.pause_sentence(pause)))


@require_POST
@login_required
def end_pause(request: PortalRequest, kind: Kind, device_id: UUID) -> HttpResponse:
    """ "Resume now": the pause ends early; what Podero refuses now the worker keeps trying."""
    device = _pausable(request, kind, device_id)
    pause = timed_pause.active_pause(device)
    if pause is not None and not timed_pause.resume_now(pause=pause, actor=request.user, now=timezone.now()):
        note = Note(
            _("We couldn't reach your device's service right now. We will keep trying to switch it back on."),
            "warn",
        )
        return responses.after(request, device, "optimization", note)
    return responses.after(request, device, "optimization", done("resume"))


def _pausable(request: PortalRequest, kind: Kind, device_id: UUID) -> Device:
    if not kind.offers("pause"):
        raise Http404("Only devices with smart optimization can be paused for a while.")
    return selectors.device_for(request.user, device_id, kind)
