"""A device's tile on My devices in words: what it does now, what comes next, and its one main action. The
parts every kind shares (needing the homeowner, a pause, smart optimization on) are here; an EV's lines are in
charging/tile_lines.py. Each kind names its own in the registry (kinds.py, `tile_lines`)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _

from preferences import podero
from preferences.devices.notes import Level


@dataclass(frozen=True)
class Action:
    """The tile's main action: a link (GET, e.g. to a confirmation) or a button that writes (POST, `verb`)."""

    label: str
    verb: str = ""  # an intent's verb: a POST to it; empty: a link to the device page's `anchor`
    anchor: str = ""
    query: str = ""
    secondary: bool = False


@dataclass(frozen=True)
class Hints:
    """What the portal itself knows of a homeowner's devices, for their tiles (one query, devices/tiles.py)."""

    zone: ZoneInfo
    now: datetime
    pauses: dict[UUID, datetime | None] = field(
        default_factory=dict
    )  # device -> end of its pause for a while
    trips: frozenset[UUID] = frozenset()  # EVs with a target just for the next trip
    # EV -> our last accepted Charge now (True if it armed the next plug-in) or disarm (None), and when
    boosts: dict[UUID, tuple[bool | None, datetime]] = field(default_factory=dict)
    # EVs whose only deadline is their trip's (a trip target set under No deadline) -> its target
    trip_targets: dict[UUID, podero.DayTarget] = field(default_factory=dict)


@dataclass(frozen=True)
class Lines:
    now: str
    next: str = ""
    level: Level | None = None
    action: Action | None = None


def clock(moment: datetime, hints: Hints) -> str:
    """20:52 today; Tue 07:00 within a week; else the date as well."""
    local = moment.astimezone(hints.zone)
    time = formats.time_format(local, "TIME_FORMAT")
    days = (local.date() - hints.now.astimezone(hints.zone).date()).days
    if days == 0:
        return time
    if timedelta(days=days) < timedelta(days=6):
        return f"{formats.date_format(local, 'D')} {time}"
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


def needing_you(state: podero.DeviceState) -> Lines | None:
    """A device Podero cannot steer until the homeowner does something, or cannot reach."""
    if not state.is_authenticated or state.needs_reconnect:
        return Lines(
            _("Needs you: reconnect"),
            _("Podero cannot steer it until you sign in with the manufacturer again."),
            "bad",
            Action(_("Reconnect"), anchor="state"),
        )
    if state.action_needed:
        return Lines(
            _("Needs you: see what is wrong"),
            _("It may not work normally until then."),
            "bad",
            Action(_("Open"), anchor="state"),
        )
    if state.unreachable:
        return Lines(_("Not reachable just now"), _("Changes take effect once it is back online."), "warn")
    return None


def optimizing_lines(state: podero.DeviceState, hints: Hints, doing: str) -> Lines:
    """A heat pump's or an inverter's tile: `doing` is its kind's one line of what it does."""
    needs = needing_you(state)
    if needs is not None:
        return needs
    if not state.is_smart_optimization_active:
        if state.id in hints.pauses:
            ends = hints.pauses[state.id]
            now = (
                _("Paused until you switch it back on")
                if ends is None
                else _("Paused until %(time)s") % {"time": clock(ends, hints)}
            )
            return Lines(
                now,
                _("Following its own schedule meanwhile"),
                "warn",
                Action(_("Resume now"), verb="pause-for-a-while-end", secondary=True),
            )
        return Lines(
            _("Paused"),
            _("Following its own schedule until you switch smart optimization on"),
            "warn",
            Action(_("Switch on"), verb="resume", secondary=True),
        )
    return Lines(
        doing,
        _("Smart optimization on: using the cheap hours"),
        "ok",
        Action(_("Pause…"), anchor="optimization", secondary=True),
    )
