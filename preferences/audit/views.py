"""The homeowner's views on a recorded change: Undo of a recent one, and setting an earlier weekly schedule
again from Recent changes. Each answers on the device's page, in the part the change belongs to."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from preferences import intents
from preferences.audit import reads, undo, words
from preferences.devices import notes, responses, timed_pause
from preferences.devices.notes import Note
from preferences.devices.responses import PortalRequest
from preferences.models import Change, Device


@require_POST
@login_required
def undo_change(request: PortalRequest, change_id: int) -> HttpResponse:
    change = reads.change_for(request.user, change_id)
    device, slot = _device_of(change), intents.slot_of(change.intent)
    if not slot:
        raise Http404("This change has nothing to undo.")
    try:
        result = undo.undo(change=change, actor=request.user, now=timezone.now())
    except undo.NotUndoable:
        return responses.after(request, device, slot, Note(str(words.NOT_UNDOABLE), "warn"))
    except notes.EXPLAINED as exc:
        return responses.failure(request, device, slot, exc)
    timed_pause.restore_after_undo(change, now=timezone.now())
    # Undo may have made a timed pause run again (in this request or in a twin's): its controls come along.
    along = ("pause",) if change.intent == Change.Intent.RESUME_OPTIMIZATION else ()
    return responses.after(request, device, slot, Note(str(words.UNDONE)), change=result.change, along=along)


@require_POST
@login_required
def restore_schedule(request: PortalRequest, change_id: int) -> HttpResponse:
    change = reads.change_for(request.user, change_id)
    device, slot = _device_of(change), intents.slot_of(change.intent)
    try:
        result = undo.restore_weekly_schedule(change=change, actor=request.user, now=timezone.now())
    except undo.NotUndoable:
        raise Http404("Not a weekly schedule.") from None
    except notes.EXPLAINED as exc:
        return responses.failure(request, device, slot, exc)
    note = Note(str(words.SCHEDULE_RESTORED))
    return responses.after(request, device, slot, note, policy=result.state, change=result.change)


def _device_of(change: Change) -> Device:
    assert change.device is not None  # noqa: S101 - change_for finds only changes to a device the homeowner has
    return change.device
