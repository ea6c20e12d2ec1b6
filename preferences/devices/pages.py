"""One device page, built in one place for the homeowner's pages and the admin alike.

A page is its kind's parts (`Kind.parts`, in order), each a named partial in the kind's template that can
re-render on its own. Each concept registers the parts it shows (`register_part`, in its cards.py: the switch and
the pause here in devices, the checklist, Charge now and the plan in charging, savings and history in insights);
this module knows none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.forms import Form
from django.utils import timezone

from preferences import podero
from preferences.audit import history
from preferences.audit import reads as audit_reads
from preferences.devices import kinds, notes, polling, reads
from preferences.devices.overview import Prefetch
from preferences.devices.summary import device_card
from preferences.models import Change, Device


@dataclass(kw_only=True)
class Page:
    """What a page is built from: the device, and what the caller already knows, so it is not asked again."""

    device: Device
    state: podero.DeviceState | None = None
    policy: podero.WeeklyChargePolicy | None = (
        None  # an EV's weekly targets (WeeklyChargePolicy.none(): none)
    )
    plan: Any = None  # an EV's charging plan as a save just left it (charging.actions.PlanState)
    change: Change | None = None  # the change just recorded, if any: then the only entry of `activity`
    forms: dict[str, Form] = field(default_factory=dict)  # bound forms, shown with what was typed
    viewer_timezone: str | None = None
    viewer_id: int | None = None  # the user looking: None for the homeowner, a staff user's id in the admin
    with_activity: bool = True
    # Field ids (the admin shows several devices on a page); by default Django's own, whatever the purpose.
    auto_id: Callable[[str], str] = "id_%s".format
    now: datetime = field(default_factory=timezone.now)
    # Only these parts (and those sent around every part), for a response that re-renders one part.
    only: tuple[str, ...] | None = None
    # Parts the action changed besides its own, sent along with it out of band (around_the_part.html).
    along: tuple[str, ...] = ()
    sessions_offset: int = 0  # which page of a car's past charging sessions
    # Reads started before the device's state is asked for, so they run at the same time.
    prefetched: Prefetch | None = None
    # Parts shown as a card that loads itself after the page (`Part.later`), so the page never waits for them.
    later: tuple[str, ...] = ()
    # The device's recent changes, when the page lists them (read once, before the parts that look into them).
    recent: list[Change] | None = None


@dataclass(frozen=True)
class Part:
    """A part of a device page. `context` adds what it shows (given the page and the device's state); `slots` are
    the places in it a note can go (the part's own name by default); `reads` are slow reads it needs, started
    before the device's state is asked for and run alongside; `later`: on a whole page it is a card that loads
    itself right after; `around`: sent with every part that re-renders (it sums the others up); `unknown`: what it
    still shows when Podero cannot say the device's state (e.g. what Charge now does either way)."""

    context: Callable[[Page, Any], dict[str, Any]]
    slots: tuple[str, ...] = ()
    reads: Callable[[Page], dict[str, Callable[[], Any]]] | None = None
    later: bool = False
    around: bool = False
    unknown: Callable[[], dict[str, Any]] | None = None


PARTS: dict[str, Part] = {}


def register_part(name: str, part: Part) -> Part:
    PARTS[name] = part
    return part


def unregister_part(name: str) -> None:
    PARTS.pop(name, None)


def loaded_after() -> tuple[str, ...]:
    """What smart optimization did: slow reads (several Podero calls on a cold cache, a big table) below the
    controls the homeowner came for. A full page sends them as cards that load right after it."""
    return tuple(name for name, part in PARTS.items() if part.later)


def part_of(slot: str) -> str | None:
    """The part a note's slot is in (None: not a part, e.g. the page's own notes)."""
    return next((name for name, part in PARTS.items() if slot == name or slot in part.slots), None)


def build(page: Page) -> dict[str, Any]:
    """The page's context. When Podero cannot say what the device is doing, `problem` says so in plain words,
    and `problem_status` is the page's status; errors nobody explained propagate."""
    device = page.device
    kind = kinds.get(device.kind)
    context: dict[str, Any] = {
        "device": device,
        "kind": kind,
        "page_url": device.get_absolute_url(),
        "viewer_timezone": page.viewer_timezone,
        # Recent changes come along with a part only when the action recorded a change: nothing shows twice.
        "changed": page.change is not None,
        "later": [name for name in kind.parts if name in page.later],
        # A part that polls starts from its first poll; a poll's own request says which one it is (responses.py).
        "poll": polling.next_poll(""),
        **page.forms,
    }
    shown = None if page.only is None else (*page.only, *page.along)
    parts = [
        name
        for name in kind.parts
        if (shown is None or name in shown or PARTS[name].around) and name not in page.later
    ]
    slow = {key: read for name in parts for key, read in _reads(PARTS[name], page).items()}
    if slow and page.prefetched is None:
        page.prefetched = Prefetch(slow)
    if page.with_activity and page.change is None:
        page.recent = audit_reads.recent_changes(device)
    live: dict[str, Any] = {}
    try:
        state = page.state or reads.live_device(device)
        live = {"live": state, "card": device_card(state), "information": state.cues.information}
        for name in parts:
            live.update(PARTS[name].context(page, state))
    except notes.EXPLAINED as exc:
        context["problem"], context["problem_status"] = (
            notes.read_failure_note(exc),
            notes.failure_status(exc),
        )
        if isinstance(exc, podero.PoderoNotFound) and page.viewer_id is None and reads.user_unknown(device):
            # Not this device: Podero knows no such user. Said as My devices says it (dashboard.html).
            context["problem"] = notes.Note(str(notes.USER_UNKNOWN), "bad")
            context["user_unknown"] = True  # trying again does not help: customer service corrects the link
        live = {}
        for name in parts:
            unknown = PARTS[name].unknown
            live.update(unknown() if unknown is not None else {})
    if page.with_activity:
        # After an action only the change it recorded is new: the page already lists the others.
        changes = [page.change] if page.change is not None else page.recent or []
        # A weekly schedule Podero applies now is not offered for restoring (the plan's part says which).
        context["activity"] = history.activity(
            changes, homeowner=device.homeowner, schedule_in_force=live.get("week_in_force")
        )
    return context | live


def _reads(part: Part, page: Page) -> dict[str, Callable[[], Any]]:
    return part.reads(page) if part.reads is not None else {}
