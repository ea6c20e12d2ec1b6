"""One device page, built in one place for the homeowner's pages and the admin alike.

A page is its kind's parts (`Kind.parts`, in order), each a named partial in the kind's template that can
re-render on its own. A part adds what it shows to the page's context here, in `PARTS`; to add a card, add a
`Part` and its partial, and name it in the kinds that show it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.forms import Form
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from preferences import (
    activity,
    device_words,
    insight_cards,
    insights,
    kinds,
    notes,
    podero,
    selectors,
    services,
    timed_pause,
)
from preferences.charge_now import charge_now_status
from preferences.charging_checklist import charging_checklist
from preferences.device_words import DeviceCard, Fact
from preferences.models import ARMED_DETAIL, Change, Device, TimedPause
from preferences.plan_card import plan_card


@dataclass(kw_only=True)
class Page:
    """What a page is built from: the device, and what the caller already knows, so it is not asked again."""

    device: Device
    state: podero.DeviceState | None = None
    policy: podero.WeeklyChargePolicy | None = (
        None  # an EV's weekly targets (WeeklyChargePolicy.none(): none)
    )
    plan: services.PlanState | None = None  # an EV's charging plan as a save just left it
    change: Change | None = None  # the change just recorded, if any: then the only entry of `activity`
    forms: dict[str, Form] = field(default_factory=dict)  # bound forms, shown with what was typed
    viewer_timezone: str | None = None
    with_activity: bool = True
    auto_id: Callable[[str], str] = lambda purpose: "id_%s"  # the admin shows several devices on a page
    now: datetime = field(default_factory=timezone.now)
    # Only these parts (and the checklist sent around them), for a response that re-renders one part.
    only: tuple[str, ...] | None = None
    # Parts the action changed besides its own, sent along with it out of band (around_the_part.html).
    along: tuple[str, ...] = ()
    sessions_offset: int = 0  # which page of a car's past charging sessions
    # Reads started before the device's state is asked for, so they run at the same time (insights.Prefetch).
    prefetched: insights.Prefetch | None = None
    # Parts shown as a card that loads itself after the page (LOADED_AFTER), so the page never waits for them.
    later: tuple[str, ...] = ()
    # The device's recent changes, when the page lists them (read once, before the parts that look into them).
    recent: list[Change] | None = None


@dataclass(frozen=True)
class Part:
    """A part of a device page. `slots` are the places in it a note can go (the part's own name by default);
    `reads` are slow reads it needs, started before the device's state is asked for and run alongside."""

    context: Callable[[Page, Any], dict[str, Any]]
    slots: tuple[str, ...] = ()
    reads: Callable[[Page], dict[str, Callable[[], Any]]] | None = None


def _checklist(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    return {"checklist": charging_checklist(vehicle, now=page.now)}


def _boost(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    intent, detail, at = _last_boost_answer(page)
    armed = not vehicle.is_plugged_in and (intent, detail) == (Change.Intent.CHARGE_NOW, ARMED_DETAIL)
    asked_at = at if intent == Change.Intent.CHARGE_NOW and detail != ARMED_DETAIL else None
    return {"boost": charge_now_status(vehicle, armed=armed, asked_at=asked_at, now=page.now)}


def _plan(page: Page, vehicle: podero.ElectricVehicle) -> dict[str, Any]:
    """The charging plan card; it degrades alone: when Podero cannot give what it needs, only it says so."""
    try:
        card = plan_card(
            page.device,
            now=page.now,
            state=page.plan,
            vehicle=vehicle,
            week=page.policy,
            viewer_timezone=page.viewer_timezone,
            form=page.forms.get("plan_form"),  # type: ignore[arg-type]
            trip_form=page.forms.get("trip_form"),  # type: ignore[arg-type]
            auto_id=page.auto_id,
        )
    except notes.EXPLAINED as exc:
        return {"plan_problem": notes.read_failure_note(exc)}
    return {"plan": card}


def _pause(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    pause = timed_pause.active_pause(page.device)
    return {
        "timed_pause": pause,
        "timed_pause_sentence": device_words.pause_sentence(pause) if pause else "",
        "pause_lengths": TimedPause.Length.choices,
    }


def _savings_reads(page: Page) -> dict[str, Callable[[], Any]]:
    device, now = page.device, page.now
    device.homeowner  # noqa: B018 - loaded here: the reads run in other threads, which must not query
    return {
        "savings": lambda: insights.savings_summary(device, now=now),
        "history": lambda: insights.last_30_days(device, now=now),
    }


def _savings(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    reads = page.prefetched or insights.Prefetch(_savings_reads(page))
    card = insight_cards.savings_card(
        reads.result("savings"), reads.result("history"), device_id=page.device.pk
    )
    return {"savings": card}


def _history_reads(page: Page) -> dict[str, Callable[[], Any]]:
    ev, now, offset = page.device, page.now, page.sessions_offset
    ev.homeowner  # noqa: B018 - loaded here: the reads run in other threads, which must not query
    return {
        "current_session": lambda: insights.current_session(ev),
        "sessions": lambda: insights.session_page(ev, offset=offset, now=now),
        "weeks": lambda: insights.weekly_charging(ev, now=now),
    }


def _history(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    reads = page.prefetched or insights.Prefetch(_history_reads(page))
    card = insight_cards.charging_history_card(
        reads.result("current_session"),
        reads.result("sessions"),
        reads.result("weeks"),
        zone=ZoneInfo(page.device.homeowner.timezone),
        device_id=page.device.pk,
    )
    return {"history": card}


PARTS: dict[str, Part] = {
    "optimization": Part(lambda page, state: {}),
    "pause": Part(_pause),
    "savings": Part(_savings, reads=_savings_reads),
    "history": Part(_history, reads=_history_reads),
    "checklist": Part(_checklist),
    "boost": Part(_boost),
    "plan": Part(_plan),
}

# What smart optimization did: slow reads (several Podero calls on a cold cache, a big table) below the controls
# the homeowner came for. A full page sends them as cards that load right after it (the page's `later`).
LOADED_AFTER = ("savings", "history")

# Which slot shows a recorded change's note (and its Undo), by the change's intent.
INTENT_SLOTS = {
    Change.Intent.PAUSE_OPTIMIZATION: "optimization",
    Change.Intent.RESUME_OPTIMIZATION: "optimization",
    Change.Intent.CHARGE_NOW: "boost",
    Change.Intent.CANCEL_BOOST: "boost",
    Change.Intent.SET_CHARGE_DEADLINE: "plan",
    Change.Intent.DISABLE_CHARGE_POLICY: "plan",
    Change.Intent.SET_WEEKLY_SCHEDULE: "plan",
    Change.Intent.SET_TRIP_TARGET: "plan",
    Change.Intent.RESTORE_TRIP_TARGET: "plan",
}


def part_of(slot: str) -> str | None:
    """The part a note's slot is in (None: not a part, e.g. the page's own notes)."""
    return next((name for name, part in PARTS.items() if slot == name or slot in part.slots), None)


def build(page: Page) -> dict[str, Any]:
    """The page's context. When Podero cannot say what the device is doing, `problem` says so in plain words,
    and `problem_status` is the page's status; errors nobody explained propagate."""
    device = page.device
    context: dict[str, Any] = {
        "device": device,
        "kind": device.kind_spec,
        "page_url": device.get_absolute_url(),
        "viewer_timezone": page.viewer_timezone,
        # Recent changes come along with a part only when the action recorded a change: nothing shows twice.
        "changed": page.change is not None,
        "later": [name for name in device.kind_spec.parts if name in page.later],
        **page.forms,
    }
    parts = [
        name
        for name in device.kind_spec.parts
        if (page.only is None or name in (*page.only, *page.along, "checklist")) and name not in page.later
    ]
    reads = {key: read for name in parts for key, read in _reads(PARTS[name], page).items()}
    if reads and page.prefetched is None:
        page.prefetched = insights.Prefetch(reads)
    if page.with_activity and page.change is None:
        page.recent = selectors.recent_changes(device)
    live: dict[str, Any] = {}
    try:
        state = page.state or selectors.live_device(device)
        live = {"live": state, "card": device_card(state)}
        for name in parts:
            live.update(PARTS[name].context(page, state))
    except notes.EXPLAINED as exc:
        context["problem"], context["problem_status"] = (
            notes.read_failure_note(exc),
            notes.failure_status(exc),
        )
        live = {}
    if page.with_activity:
        # After an action only the change it recorded is new: the page already lists the others.
        changes = [page.change] if page.change is not None else page.recent or []
        context["activity"] = activity.activity(
            changes,
            homeowner=device.homeowner,
            schedule_in_force=_week_in_force(live),
        )
    return context | live


def _week_in_force(live: dict[str, Any]) -> dict[str, Any] | None:
    """The weekly schedule Podero holds and applies now, if the page read it."""
    plan = live.get("plan")
    state = getattr(plan, "state", None)
    if state is None or state.stored_week is None or not state.vehicle.is_charge_policy_enabled:
        return None
    week: dict[str, Any] = state.stored_week.to_json()
    return week


def _reads(part: Part, page: Page) -> dict[str, Callable[[], Any]]:
    return part.reads(page) if part.reads is not None else {}


def device_card(state: podero.DeviceState) -> DeviceCard:
    """A device's facts in the homeowner's words: its kind's key state first, then what its kind adds."""
    kind = kinds.get(state.kind)
    connection, connection_level = device_words.connection_label(state)
    active = state.is_smart_optimization_active
    status = kind.key_state(state)
    labels = device_words.card_labels()
    facts = [
        Fact(
            labels.smart_optimization,
            labels.on if active else labels.paused,
            "ok" if active else "warn",
            False,
        ),
        Fact(labels.connection, connection, connection_level),
        Fact(labels.now, status, on_device_page=False),
        *kind.extra_facts(state),
    ]
    return DeviceCard(
        name=kinds.device_name(state),
        kind_label=str(kind.name),
        url=device_url(kind.slug, state.id),
        facts=facts,
        attention=device_words.attention(state),
        updated_at=state.current_state_last_updated_at,
        needs_reconnect=device_words.needs_reconnect(state),
        status=status,
    )


def device_url(kind_slug: str, device_id: UUID) -> str:
    """The device page's URL: `reverse` once per kind, then the id put in (My devices links every card)."""
    pattern = _device_url_pattern(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, kind_slug)
    return pattern.replace(str(_PLACEHOLDER_ID), str(device_id))


_PLACEHOLDER_ID = UUID(int=0)


@functools.lru_cache(maxsize=64)
def _device_url_pattern(script_prefix: str, urlconf: str, kind_slug: str) -> str:
    return reverse("preferences:device", urlconf=urlconf, args=[kind_slug, _PLACEHOLDER_ID])


def _last_boost_answer(page: Page) -> tuple[str, str, datetime | None]:
    """Podero does not report an armed boost (podero-api.md §5.5): our last accepted boost request tells, the
    one just recorded if there is one. (intent, detail, when); ("", "", None) if there is none."""
    change = page.change
    boost_intents = (Change.Intent.CHARGE_NOW, Change.Intent.CANCEL_BOOST)
    if change is not None and change.intent in boost_intents and change.outcome == Change.Outcome.SUCCEEDED:
        return change.intent, change.detail, change.created_at
    if page.recent is not None:  # the page's recent changes, newest first, tell without a query of their own
        answer = next(
            (c for c in page.recent if c.intent in boost_intents and c.outcome == Change.Outcome.SUCCEEDED),
            None,
        )
        if answer is not None:
            return answer.intent, answer.detail, answer.created_at
        if len(page.recent) < selectors.RECENT_CHANGES:  # that is every change the device has had
            return "", "", None
    return selectors.last_boost_answer(page.device) or ("", "", None)
