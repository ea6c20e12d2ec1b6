"""My devices as tiles: each device in one or two lines, what it does now and what comes next, with its main
action (tile_lines.py says them). What the portal knows itself (a pause for a while, a trip target, our last
Charge now) comes from one query for all of a homeowner's devices."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Case, CharField, DateTimeField, TextField, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from preferences import podero
from preferences.charging import plans
from preferences.charging.charge_now import ARMED_DETAIL
from preferences.devices import kinds
from preferences.devices.summary import device_url
from preferences.devices.tile_lines import Hints, Lines
from preferences.models import Change, Homeowner, TimedPause, TripTarget

# Our Charge now older than this says nothing of what the car does now.
BOOST_HINT_FOR = timedelta(days=2)


@dataclass(frozen=True)
class Tile:
    name: str
    kind_label: str
    url: str
    lines: Lines
    action_url: str  # where its action goes: an intent's URL (POST) or the page with its anchor (GET)


def tiles(homeowner: Homeowner, devices: list[podero.DeviceState], *, now: datetime) -> list[Tile]:
    hints = hints_for(homeowner, now=now) if devices else Hints(ZoneInfo(homeowner.timezone), now)
    return [tile(state, hints) for state in devices]


def tile(state: podero.DeviceState, hints: Hints) -> Tile:
    kind = kinds.get(state.kind)
    lines = kind.tile(state, hints)
    url = device_url(kind.slug, state.id)
    action = lines.action
    if action is None:
        action_url = ""
    elif action.verb:
        action_url = reverse(f"preferences:{action.verb}", args=[kind.slug, state.id])
    else:
        action_url = (
            url
            + (f"?{action.query}" if action.query else "")
            + (f"#{action.anchor}" if action.anchor else "")
        )
    return Tile(kinds.device_name(state), str(kind.name), url, lines, action_url)


def hints_for(homeowner: Homeowner, *, now: datetime) -> Hints:
    """One query: the active pauses for a while and trip targets, and the recent Charge now answers, newest first."""
    pause, trip, none = Value("pause"), Value("trip"), Value("")
    pauses = TimedPause.objects.filter(
        device__homeowner=homeowner, status=TimedPause.Status.ACTIVE
    ).values_list("device__podero_id", "ends_at", pause, none)
    trips = TripTarget.objects.filter(ev__homeowner=homeowner, status=TripTarget.Status.ACTIVE).values_list(
        "ev__podero_id", Value(None, output_field=DateTimeField()), trip, _alone_target()
    )
    boosts = Change.objects.filter(
        device__homeowner=homeowner,
        intent__in=[Change.Intent.CHARGE_NOW, Change.Intent.CANCEL_BOOST],
        outcome=Change.Outcome.SUCCEEDED,
        created_at__gte=now - BOOST_HINT_FOR,
    ).values_list("device__podero_id", "created_at", "intent", "detail")
    rows = list(pauses.order_by().union(trips.order_by(), boosts.order_by(), all=True).order_by())
    return _hints(rows, ZoneInfo(homeowner.timezone), now)


def _alone_target() -> Case:
    """A trip target set under No deadline, as "90 06:30": its deadline is the car's only one, so the tile can say
    it. "" for one under a plan with deadlines (which day's comes first is the weekly plan's to say)."""
    return Case(
        When(
            usual_deadline=plans.NO_USUAL_DEADLINE,
            then=Concat(Cast("percentage", CharField()), Value(" "), "deadline", output_field=TextField()),
        ),
        default=Value(""),
        output_field=TextField(),
    )


def _trip_target(detail: object) -> podero.DayTarget | None:
    percentage, _, deadline = str(detail or "").partition(" ")
    if not percentage.isdigit() or not deadline:
        return None
    return podero.DayTarget(int(percentage), deadline)


def _hints(rows: list[tuple[object, ...]], zone: ZoneInfo, now: datetime) -> Hints:
    pauses: dict[UUID, datetime | None] = {}
    trips: set[UUID] = set()
    trip_targets: dict[UUID, podero.DayTarget] = {}
    boosts: dict[UUID, tuple[bool | None, datetime]] = {}
    for device_id, moment, what, detail in rows:
        if not isinstance(device_id, UUID):
            continue
        if what == "pause":
            pauses[device_id] = moment if isinstance(moment, datetime) else None
        elif what == "trip":
            trips.add(device_id)
            alone = _trip_target(detail)
            if alone is not None:
                trip_targets[device_id] = alone
        elif isinstance(moment, datetime):
            armed = (detail == ARMED_DETAIL) if what == Change.Intent.CHARGE_NOW else None
            if device_id not in boosts or boosts[device_id][1] < moment:
                boosts[device_id] = (armed, moment)
    return Hints(zone, now, pauses, frozenset(trips), boosts, trip_targets)
