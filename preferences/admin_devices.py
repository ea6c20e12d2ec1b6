"""A homeowner's devices in the admin, as the homeowner sees them (device_page.build), with their actions.

Staff act through the same service functions as the homeowner's own pages, with their own user as the actor and
a reason the homeowner will read; every action URL checks `preferences.act_for_homeowner` itself. Which actions
a device offers comes from its kind (kinds.py).
"""

from collections.abc import Callable
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

from preferences import (
    device_page,
    device_words,
    kinds,
    notes,
    plan_words,
    podero,
    services,
    timed_pause,
    trips,
)
from preferences.models import Device, Homeowner
from preferences.notes import Note, done
from preferences.plan_forms import ChargingPlanForm, TripTargetForm, with_rows_changed, zone_now
from preferences.reconnect_views import return_urls
from preferences.roles import ACT_FOR_HOMEOWNER


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy("The homeowner sees this, with your first name, on their device's page."),
        widget=forms.TextInput(attrs={"size": 50}),
    )


# The actions without a form of their own, by verb: each calls one service and says what happened.
Act = Callable[[Device, User, str], Note]


def _charge_now(device: Device, actor: User, reason: str) -> Note:
    result = services.charge_now(ev=device, actor=actor, now=timezone.now(), reason=reason)
    return Note(result.boost.sentence, "warn" if result.boost.is_refusal else "ok")


def _quick(verb: str, service: Callable[..., Any], argument: str) -> Act:
    def act(device: Device, actor: User, reason: str) -> Note:
        service(**{argument: device}, actor=actor, now=timezone.now(), reason=reason)
        return done(verb)

    return act


ACTIONS: dict[str, Act] = {
    "pause": _quick("pause", services.pause_optimization, "device"),
    # Like the homeowner's switch, staff's resume ends a timed pause: nothing is resumed again when it was due.
    "resume": _quick("resume", timed_pause.resume_by_hand, "device"),
    "charge-now": _charge_now,
    "cancel-boost": _quick("cancel-boost", services.cancel_boost, "ev"),
}


def auto_id(device_id: UUID, purpose: str) -> str:
    """Field ids unique on a page that shows several devices, each with several forms."""
    return f"id_{device_id.hex[:8]}_{purpose}_%s"


def reason_form(device_id: UUID, purpose: str, data: Any = None) -> ReasonForm:
    return ReasonForm(data, auto_id=auto_id(device_id, f"{purpose}_reason"))


def panel(state: podero.DeviceState, row: Device | None, bound: dict[str, Form]) -> dict[str, Any]:
    """What the homeowner's own device page shows about `state`, plus the reason fields staff fill in."""
    forms: dict[str, Form] = {"quick": bound.get("quick") or reason_form(state.id, "quick")}
    if row is None:
        return {"live": state, "card": device_page.device_card(state), "forms": forms}
    page = device_page.Page(
        device=row,
        state=state,
        forms={name: form for name, form in bound.items() if name.endswith("_form")},
        with_activity=False,
        auto_id=lambda purpose: auto_id(state.id, purpose),
        # Staff act on a device: its savings and history are the homeowner's to read on their own pages.
        only=tuple(part for part in row.kind_spec.parts if part not in ("savings", "history")),
    )
    context = device_page.build(page)
    if "plan" in context:
        for purpose in ("plan", "trip", "trip_cancel"):
            forms[f"{purpose}_reason"] = bound.get(f"{purpose}_reason") or reason_form(state.id, purpose)
    card = device_page.device_card(state)
    pause = context.get("timed_pause")
    return context | {
        "live": state,
        "card": card,
        "forms": forms,
        "charging": row.kind_spec.charging,
        "pause_note": device_words.staff_pause_sentence(pause) if pause else "",
    }


def _staff(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the admin lets only staff logins in
    return request.user


class DeviceActionsMixin:
    """The views of a homeowner's admin page "Devices and actions"; HomeownerAdmin renders the page."""

    def devices_page(
        self, request: HttpRequest, homeowner: Homeowner, *, bound: dict[UUID, dict[str, Form]] | None = None
    ) -> HttpResponse:
        raise NotImplementedError

    def act_view(self, request: HttpRequest, homeowner_id: int, device_id: UUID, action: str) -> HttpResponse:
        device = self._device_for_action(request, homeowner_id, device_id, action)
        reason = reason_form(device.podero_id, "quick", request.POST)
        if not reason.is_valid():
            return self.devices_page(request, device.homeowner, bound={device.podero_id: {"quick": reason}})
        try:
            note = ACTIONS[action](device, _staff(request), reason.cleaned_data["reason"])
        except notes.EXPLAINED as exc:
            note = notes.failure_note(exc)
        return self._back(request, device, note)

    def charging_plan_view(self, request: HttpRequest, homeowner_id: int, device_id: UUID) -> HttpResponse:
        """The homeowner's charging plan card, for staff: the same form and the same service."""
        ev = self._device_for_action(request, homeowner_id, device_id, "charging-plan")
        ids = auto_id(ev.podero_id, "plan")
        reason = reason_form(ev.podero_id, "plan", request.POST)
        changed = with_rows_changed(request.POST)
        if changed is not None:
            form = ChargingPlanForm(initial=changed.dict(), auto_id=ids)
            kept = ReasonForm(initial={"reason": request.POST.get("reason", "")}, auto_id=reason.auto_id)
            return self._again(request, ev, {"plan_form": form, "plan_reason": kept})
        form = ChargingPlanForm(request.POST, auto_id=ids)
        if not all([form.is_valid(), reason.is_valid()]):
            return self._again(request, ev, {"plan_form": form, "plan_reason": reason})
        try:
            outcome = services.set_charging_plan(
                ev=ev,
                wanted=form.wanted(default_timezone=ev.homeowner.timezone),
                actor=request.user,
                now=timezone.now(),
                reason=reason.cleaned_data["reason"],
            )
        except podero.PoderoRejected as exc:
            form.add_podero_errors(exc)
            return self._again(request, ev, {"plan_form": form, "plan_reason": reason})
        except notes.EXPLAINED as exc:
            return self._back(request, ev, notes.failure_note(exc))
        if isinstance(outcome.unfinished, podero.PoderoRejected):
            form.add_podero_errors(outcome.unfinished)
            return self._again(request, ev, {"plan_form": form, "plan_reason": reason})
        return self._back(request, ev, plan_words.saved(outcome))

    def trip_target_view(self, request: HttpRequest, homeowner_id: int, device_id: UUID) -> HttpResponse:
        ev = self._device_for_action(request, homeowner_id, device_id, "trip-target")
        reason = reason_form(ev.podero_id, "trip", request.POST)
        try:
            zone = services.plan_state(ev).plan.timezone
        except notes.EXPLAINED as exc:
            return self._back(request, ev, notes.failure_note(exc))
        there = zone_now(zone, timezone.now())
        form = TripTargetForm(
            request.POST, today=there.date(), now_there=there, auto_id=auto_id(ev.podero_id, "trip")
        )
        if not all([form.is_valid(), reason.is_valid()]):
            return self._again(request, ev, {"trip_form": form, "trip_reason": reason})
        try:
            done = trips.set_trip_target(
                ev=ev,
                day=form.cleaned_data["day"],
                target=form.target(),
                actor=request.user,
                now=timezone.now(),
                reason=reason.cleaned_data["reason"],
            )
        except trips.NeedsADeadline:
            return self._back(request, ev, plan_words.needs_a_deadline())
        except notes.EXPLAINED as exc:
            return self._back(request, ev, notes.failure_note(exc))
        return self._back(request, ev, plan_words.trip_set(done.trip))

    def cancel_trip_target_view(
        self, request: HttpRequest, homeowner_id: int, device_id: UUID
    ) -> HttpResponse:
        ev = self._device_for_action(request, homeowner_id, device_id, "trip-target-cancel")
        reason = reason_form(ev.podero_id, "trip_cancel", request.POST)
        if not reason.is_valid():
            return self._again(request, ev, {"trip_cancel_reason": reason})
        trip = trips.active_trip(ev)
        if trip is None:
            return self._back(request, ev, done("no-trip-target"))
        try:
            trips.cancel_trip_target(
                trip=trip, actor=request.user, now=timezone.now(), reason=reason.cleaned_data["reason"]
            )
        except notes.EXPLAINED as exc:
            return self._back(request, ev, notes.failure_note(exc))
        return self._back(request, ev, done("trip-target-cancelled"))

    def reconnect_link_view(self, request: HttpRequest, homeowner_id: int, device_id: UUID) -> HttpResponse:
        """A link for the homeowner to sign in at the manufacturer again, for staff to send them; it brings them
        back to the portal's return pages, which say what happened."""
        if not request.user.has_perm(ACT_FOR_HOMEOWNER):
            raise PermissionDenied
        device = get_object_or_404(
            Device.objects.select_related("homeowner__user"), homeowner_id=homeowner_id, podero_id=device_id
        )
        reason = reason_form(device.podero_id, "quick", request.POST)
        if not reason.is_valid():
            return self.devices_page(request, device.homeowner, bound={device.podero_id: {"quick": reason}})
        success_url, cancel_url = return_urls(request, device)
        try:
            result = services.start_reconnect(
                device=device,
                success_url=success_url,
                cancel_url=cancel_url,
                actor=request.user,
                now=timezone.now(),
                reason=reason.cleaned_data["reason"],
            )
        except notes.EXPLAINED as exc:
            return self._back(request, device, notes.failure_note(exc))
        messages.success(request, reconnect_link_message(device, str(result.state)))
        return redirect("admin:preferences_homeowner_devices", device.homeowner_id)

    def _again(self, request: HttpRequest, device: Device, bound: dict[str, Form]) -> HttpResponse:
        return self.devices_page(request, device.homeowner, bound={device.podero_id: bound})

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
    def _back(request: HttpRequest, device: Device, note: Note) -> HttpResponseRedirect:
        """POST-redirect-GET: what happened, as an admin message, on the homeowner's devices page."""
        text = _("%(device)s: %(note)s") % {"device": device, "note": note.text}
        messages.add_message(request, notes.MESSAGE_LEVELS[note.level], text)
        return redirect("admin:preferences_homeowner_devices", device.homeowner_id)


def reconnect_link_message(device: Device, url: str) -> SafeString:
    """The link in a box of its own, with a button to copy it (static/js/copy_link.js), to paste into a mail."""
    return format_html(
        '{}: {} <span class="copy-link"><input type="text" readonly value="{}" aria-label="{}" class="vTextField">'
        ' <button type="button" class="button" data-copy-link data-copied="{}" hidden>{}</button></span>',
        device,
        _("Send the homeowner this link to reconnect the device (it works for a limited time):"),
        url,
        _("Link to reconnect %(device)s") % {"device": device},
        _("Copied"),
        _("Copy link"),
    )
