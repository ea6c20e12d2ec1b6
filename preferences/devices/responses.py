"""How the homeowner's device views answer: the whole page, or on an htmx request only the part that changed;
after a form post without JavaScript, a redirect back to the page with the note in Django's messages. `answer` says
what an intent's handler did (intents.py); the admin says it its own way (admin/devices.py)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from preferences import podero, time_zones
from preferences.audit import undo as audit_undo
from preferences.devices import kinds, notes, polling
from preferences.devices import pages as device_pages
from preferences.devices.notes import Note
from preferences.intents import Answer, Intent
from preferences.models import Change, Device


class PortalRequest(HttpRequest):
    htmx: HtmxDetails


def page(
    request: PortalRequest, device: Device, *, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The whole device page, or with ?part=NAME on an htmx request only that part (used for polling, and by
    the cards that load after the page). Without JavaScript, ?cards=all (and a page of past charging sessions)
    has every card in the page itself."""
    part = request.GET.get("part", "")
    polled = request.htmx and part in kinds.get(device.kind).parts
    whole = polled or request.GET.get("cards") == "all" or "sessions" in request.GET
    page = device_pages.Page(
        device=device,
        forms=forms or {},
        viewer_timezone=_browser_timezone(request),
        only=(part,) if polled else None,
        sessions_offset=_sessions_offset(request),
        later=() if whole else device_pages.loaded_after(),
        with_activity=not polled,
    )
    context = device_pages.build(page)
    context["notes"] = _notes(request)
    context["poll"] = polling.next_poll(request.GET.get("poll", ""))
    context["confirming"] = request.GET.get("confirm", "")  # the step before a write that asks first
    template = kinds.get(device.kind).template
    if polled:
        template += f"#{part}"  # with Podero down too: the part says so, and offers to try again
    return render(request, template, context, status=context.get("problem_status", status))


def answer(request: PortalRequest, device: Device, intent: Intent, answer: Answer) -> HttpResponse:
    """What the handler of `intent` did, beside its control (its slot): the part it changed with its note, the
    form again with what was typed, or Podero's failure in plain words."""
    if intent.page:
        return _own_page(request, device, intent, answer)
    if answer.forms is not None:
        return form_failed(
            request,
            device,
            intent.slot,
            answer.forms,
            status=answer.status,
            exc=answer.failure,
            note=answer.note,
        )
    if answer.failure is not None:
        return failure(request, device, intent.slot, answer.failure)
    note = answer.note
    if note is not None and answer.undo is not None:
        note = note.with_undo(undo_offer(answer.undo))
    return after(request, device, intent.slot, note, along=answer.along, **answer.known)


def _own_page(request: PortalRequest, device: Device, intent: Intent, answer: Answer) -> HttpResponse:
    """An intent that sends the browser to another site (reconnecting): with JavaScript straight there (htmx's
    HX-Redirect); without, a page with a link, since a form whose answer redirects to another site would be stopped
    by the portal's CSP (form-action 'self')."""
    context: dict[str, Any] = {"device": device}
    if answer.failure is not None:
        context |= {"outcome": "failed", "problem": answer.note or notes.failure_note(answer.failure)}
        return render(request, intent.page, context, status=notes.failure_status(answer.failure))
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": answer.leave_to})
    return render(request, intent.page, context | {"outcome": "go", "url": answer.leave_to})


def confirm_step(request: PortalRequest, device: Device, intent: Intent) -> HttpResponse:
    """The step before an intent that asks first (`intent.confirm`): its part with the question (htmx), or the
    page showing it (no JS, after a redirect so a reload does not post again)."""
    if not request.htmx:
        return redirect(f"{device.get_absolute_url()}?confirm={intent.confirm}#{intent.slot}")
    return part(request, device, intent.slot, None, confirming=intent.confirm)


def after(request: PortalRequest, device: Device, slot: str, note: Note | None, **known: Any) -> HttpResponse:
    """After an action: the refreshed part with its note (htmx), or a redirect back to the page (no JS).
    `known` is what the action learned (`state`, `policy`, `change`), so the part does not ask again.
    No note: the part itself says what happened."""
    if not request.htmx:
        if note is None:
            return redirect(device)
        return redirect_with_note(request, device, slot, note)
    return part(request, device, slot, note, **known)


def failure(request: PortalRequest, device: Device, slot: str, exc: podero.PoderoError) -> HttpResponse:
    note = notes.failure_note(exc)
    if not request.htmx:
        return redirect_with_note(request, device, slot, note)
    return part(request, device, slot, note, status=notes.failure_status(exc), recorded=True)


def form_failed(
    request: PortalRequest,
    device: Device,
    slot: str,
    forms: dict[str, Any],
    *,
    status: int = 200,
    exc: podero.PoderoError | None = None,
    note: Note | None = None,
) -> HttpResponse:
    """A form that was not saved, re-rendered with what the person typed (the part for htmx, else the page)."""
    if exc is not None:
        note, status = notes.failure_note(exc), notes.failure_status(exc)
        if any(form.errors for form in forms.values()):
            note = None  # Podero's objections are at their fields, under the form's one error box
    if request.htmx:
        return part(request, device, slot, note, forms=forms, status=status, recorded=exc is not None)
    if note is not None:
        messages.add_message(request, notes.MESSAGE_LEVELS[note.level], note.text, extra_tags=slot)
    return page(request, device, forms=forms, status=status)


def part(
    request: PortalRequest,
    device: Device,
    slot: str,
    note: Note | None,
    *,
    status: int = 200,
    recorded: bool = False,
    confirming: str = "",
    **known: Any,
) -> HttpResponse:
    """The part of the page a slot is in. `recorded`: the action recorded a change though it failed, so Recent
    changes comes along with its entry; `confirming`: the step before an intent that asks first."""
    only = (device_pages.part_of(slot) or slot,)
    context = device_pages.build(
        device_pages.Page(device=device, viewer_timezone=_browser_timezone(request), only=only, **known)
    )
    context["notes"] = {slot: note} if note else {}
    context["changed"] = context["changed"] or recorded
    context["confirming"] = confirming
    return render(
        request, f"{kinds.get(device.kind).template}#{device_pages.part_of(slot)}", context, status=status
    )


def undo_offer(change: Change) -> str | None:
    """The Undo button's URL for a change just recorded (it is the device's latest, and not undone yet)."""
    if not audit_undo.undoable_kind(change):
        return None
    return reverse("preferences:change-undo", args=[change.pk])


RECONNECT_TAG = "reconnect"  # in a message's tags: offer Reconnect beside it


def redirect_with_note(request: PortalRequest, device: Device, slot: str, note: Note) -> HttpResponseRedirect:
    tags = " ".join(
        [slot, *([note.undo_url] if note.undo_url else []), *([RECONNECT_TAG] if note.reconnect else [])]
    )
    messages.add_message(request, notes.MESSAGE_LEVELS[note.level], note.text, extra_tags=tags)
    return redirect(device)


def _notes(request: PortalRequest) -> dict[str, Note]:
    """Messages left by a redirect after a form post, keyed by the slot of the page they belong to."""
    found = {}
    for message in messages.get_messages(request):
        tag, *rest = message.extra_tags.split(" ")
        slot = tag if device_pages.part_of(tag) else "page"
        level = notes.LEVEL_BY_MESSAGE.get(message.level, "ok")
        undo_url = next((word for word in rest if word != RECONNECT_TAG), None)
        found[slot] = Note(message.message, level, undo_url=undo_url, reconnect=RECONNECT_TAG in rest)
    return found


def _sessions_offset(request: PortalRequest) -> int:
    """?sessions=N: the offset of the page of past charging sessions shown (as Podero pages them)."""
    value = request.GET.get("sessions", "")
    # ASCII digits only: "²" is a digit to str.isdigit, and no number to int().
    return min(int(value), 100_000) if value.isascii() and value.isdigit() else 0


def _browser_timezone(request: PortalRequest) -> str | None:
    """The browser's IANA time zone, as static/js/timezone.js reported it in a cookie; None if unknown."""
    name = request.COOKIES.get("browser_tz", "")
    return name if name in time_zones.names() else None
