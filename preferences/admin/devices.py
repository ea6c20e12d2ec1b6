"""A homeowner's devices in the admin, as the homeowner sees them (pages.build), with their actions.

Staff ask the same intents as the homeowner's own pages (intents.py): the same handler, with their own user as
the actor and a reason the homeowner will read. Only the answer differs: back on this page, what happened as a
message. Every action URL checks `preferences.act_for_homeowner` itself; which actions a device offers comes
from its kind.
"""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import intents, podero
from preferences.admin.roles import ACT_FOR_HOMEOWNER
from preferences.devices import kinds, notes, pages, summary, words
from preferences.devices.notes import Note
from preferences.intents import Answer, Ask
from preferences.models import Device, Homeowner, TimedPause

# Pause for a while, as staff ask it for the homeowner (the homeowner's buttons say "Until I resume").
STAFF_PAUSE_LENGTHS = [
    (TimedPause.Length.THREE_HOURS, gettext_lazy("Pause for 3 hours")),
    (TimedPause.Length.MORNING, gettext_lazy("Pause until tomorrow morning")),
    (TimedPause.Length.UNTIL_RESUMED, gettext_lazy("Pause until resumed")),
]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy("The homeowner sees this, with your first name, on their device's page."),
        widget=forms.TextInput(attrs={"size": 50}),
    )


def auto_id(device_id: UUID, purpose: str) -> str:
    """Field ids unique on a page that shows several devices, each with several forms."""
    return f"id_{device_id.hex}_{purpose}_%s"  # the whole id: devices of one homeowner may share a prefix


def reason_form(device_id: UUID, purpose: str, data: Any = None) -> ReasonForm:
    return ReasonForm(data, auto_id=auto_id(device_id, f"{purpose}_reason"))


def reason_key(purpose: str) -> str:
    """Where a reason form goes among a panel's forms: the device's one box ("quick"), or beside a card's form."""
    return "quick" if purpose == "quick" else f"{purpose}_reason"


def panel(
    state: podero.DeviceState, row: Device | None, bound: dict[str, Form], *, viewer_id: int | None = None
) -> dict[str, Any]:
    """What the homeowner's own device page shows about `state`, plus the reason fields staff fill in; told to
    `viewer_id` (the staff user looking), so "You asked…" is said of their own requests only."""
    forms: dict[str, Form] = {"quick": bound.get("quick") or reason_form(state.id, "quick")}
    if row is None:
        return {"live": state, "card": summary.device_card(state), "forms": forms}
    kind = kinds.get(row.kind)
    page = pages.Page(
        device=row,
        state=state,
        forms={name: form for name, form in bound.items() if name.endswith("_form")},
        with_activity=False,
        viewer_id=viewer_id,
        auto_id=lambda purpose: auto_id(state.id, purpose),
        # Staff act on a device: what smart optimization did is the homeowner's to read on their own pages.
        only=tuple(part for part in kind.parts if part not in pages.loaded_after()),
    )
    context = pages.build(page)
    if "plan" in context:
        for purpose in ("plan", "trip", "trip_cancel"):
            key = reason_key(purpose)
            forms[key] = bound.get(key) or reason_form(state.id, purpose)
    pause = context.get("timed_pause")
    return context | {
        "live": state,
        "card": summary.device_card(state),
        "forms": forms,
        "charging": kind.charging,
        "pause_note": words.staff_pause_sentence(pause) if pause else "",
        "staff_pause_lengths": STAFF_PAUSE_LENGTHS if "pause_lengths" in context else [],
    }


def _staff(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the admin lets only staff logins in
    return request.user


class DeviceActionsMixin:
    """The views of a homeowner's admin page "Devices and actions"; HomeownerAdmin renders the page."""

    def devices_page(
        self,
        request: HttpRequest,
        homeowner: Homeowner,
        *,
        bound: dict[UUID, dict[str, Form]] | None = None,
        add_form: Form | None = None,
    ) -> HttpResponse:
        raise NotImplementedError

    def act_view(self, request: HttpRequest, homeowner_id: int, device_id: UUID, verb: str) -> HttpResponse:
        """Any intent staff may ask (intents.asked_by_staff), with the reason the homeowner will read."""
        intent = intents.get(verb)
        device = self._device_for_action(request, homeowner_id, device_id, verb)
        purpose = intent.staff_reason or "quick"
        reason = reason_form(device.podero_id, purpose, request.POST)
        ready = reason.is_valid()
        if not ready and not intent.form:
            return self._answer(request, device, purpose, reason, Answer(forms={}, status=422))
        ask = Ask(
            intent=intent,
            device=device,
            actor=_staff(request),
            data=request.POST,
            now=timezone.now(),
            reason=reason.cleaned_data["reason"] if ready else "",
            ready=ready,
            auto_id=lambda purpose: auto_id(device.podero_id, purpose),
            absolute_uri=request.build_absolute_uri,
        )
        try:
            answer = intent.handler(ask)
        except notes.EXPLAINED as exc:
            answer = Answer(failure=exc)
        return self._answer(request, device, purpose, reason, answer)

    def _answer(
        self, request: HttpRequest, device: Device, purpose: str, reason: ReasonForm, answer: Answer
    ) -> HttpResponse:
        if answer.forms is not None and answer.failure is None:
            if answer.status < 400:  # rows split or joined: nothing was sent, the reason is kept as typed
                reason = ReasonForm(initial={"reason": reason.data.get("reason", "")}, auto_id=reason.auto_id)
            return self.devices_page(
                request,
                device.homeowner,
                bound={device.podero_id: {**answer.forms, reason_key(purpose): reason}},
            )
        if answer.leave_to:
            messages.success(request, reconnect_link_message(device, answer.leave_to))
            return redirect("admin:preferences_homeowner_devices", device.homeowner_id)
        note = answer.said_alone
        if answer.failure is not None:
            # A handler's own words for a failure it understands (a reconnect Podero does not offer), else the
            # failure in plain words.
            note = note or notes.failure_note(answer.failure)
        return self._back(request, device, note)

    @staticmethod
    def _device_for_action(request: HttpRequest, homeowner_id: int, device_id: UUID, verb: str) -> Device:
        """The homeowner's device whose kind offers `verb`, for staff allowed to act: 403 before anything is
        looked up, then 404."""
        if not request.user.has_perm(ACT_FOR_HOMEOWNER):
            raise PermissionDenied
        return get_object_or_404(
            Device.objects.select_related("homeowner__user"),
            homeowner_id=homeowner_id,
            podero_id=device_id,
            kind__in=[kind.slug for kind in kinds.all_kinds() if kind.offers(verb)],
        )

    @staticmethod
    def _back(request: HttpRequest, device: Device, note: Note | None) -> HttpResponseRedirect:
        """POST-redirect-GET: what happened, as an admin message, on the homeowner's devices page."""
        if note is not None:
            text = _("%(device)s: %(note)s") % {"device": device, "note": note.text}
            messages.add_message(request, notes.MESSAGE_LEVELS[note.level], text)
        return redirect("admin:preferences_homeowner_devices", device.homeowner_id)


def reconnect_link_message(device: Device, url: str) -> SafeString:
    intro = _("Send the homeowner this link to reconnect the device (it works for a limited time):")
    return format_html(
        "{}: {}",
        device,
        copy_link_message(intro, url, _("Link to reconnect %(device)s") % {"device": device}),
    )


def copy_link_message(intro: str, url: str, label: str) -> SafeString:
    """The link in a box of its own, with a button to copy it (static/js/copy_link.js), to paste into a mail."""
    return format_html(
        '{} <span class="copy-link"><input type="text" readonly value="{}" aria-label="{}" class="vTextField">'
        ' <button type="button" class="button" data-copy-link data-copied="{}" hidden>{}</button></span>',
        intro,
        url,
        label,
        _("Copied"),
        _("Copy link"),
    )
