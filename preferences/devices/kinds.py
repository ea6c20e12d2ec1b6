"""The kinds of device the portal serves, in one place: URLs, views, My devices, the admin and the device pages
all read this registry.

A new kind needs its state class in `podero/types.py` (a `DeviceState` subclass naming Podero's path segment),
one `register(Kind(...))` here, and its names in the German catalogue. A kind with a control of its own also
names it in `own_controls`, registers its intents (intents.py) with their handlers and its page parts
(`pages.register_part`), and lays them out in its template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from preferences import intents, podero
from preferences.charging import tile_lines as charging_tiles
from preferences.charging import words as charging_words
from preferences.devices import words
from preferences.devices.tile_lines import Hints, Lines, optimizing_lines


@dataclass(frozen=True, kw_only=True)
class Kind:
    """One kind of device: `slug` is its URL segment, the same as Podero's path segment."""

    slug: str
    name: str | Promise
    key_state: Callable[[podero.DeviceState], str]
    extra_facts: Callable[[podero.DeviceState], list[words.Fact]] = lambda state: []
    # Its tile on My devices: what it does now and next, and its main action (tile_lines.py).
    tile_lines: Callable[[podero.DeviceState, Hints], Lines] | None = None
    # The parts of its page, in order (pages.PARTS); the template that lays them out.
    parts: tuple[str, ...] = ("optimization", "pause", "prices", "savings")
    template: str = "preferences/device.html"
    optimization_switch: bool = True
    charging: bool = False
    own_controls: tuple[str, ...] = ()  # controls no other kind has: its intents name them

    def __str__(self) -> str:
        return str(self.name)

    @property
    def controls(self) -> frozenset[str]:
        shared = {intents.ANY}
        if self.optimization_switch:
            shared.add(intents.OPTIMIZATION)
        if self.charging:
            shared.add(intents.CHARGING)
        return frozenset(shared | set(self.own_controls))

    def tile(self, state: podero.DeviceState, hints: Hints) -> Lines:
        if self.tile_lines is not None:
            return self.tile_lines(state, hints)
        return optimizing_lines(state, hints, self.key_state(state))

    def offers(self, verb: str) -> bool:
        """Whether its devices have the intent of that verb (intents.py); False for an unknown verb."""
        try:
            return intents.get(verb).control in self.controls
        except KeyError:
            return False


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind; its state class must exist (podero.state_class raises ValueError otherwise)."""
    podero.state_class(kind.slug)
    _KINDS[kind.slug] = kind
    return kind


def unregister(slug: str) -> None:
    _KINDS.pop(slug, None)


def get(slug: Any) -> Kind:
    """The kind of a slug (a Device row's `kind`, a URL segment). Raises KeyError for an unknown one."""
    return _KINDS[str(slug)]


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def choices() -> list[tuple[str, str]]:
    """For the `kind` fields of our models, and the admin's filters."""
    return [(kind.slug, str(kind.name)) for kind in _KINDS.values()]


def device_name(state: podero.DeviceState) -> str:
    """Manufacturer and model, or the kind's name when Podero gives neither."""
    return state.display_name or str(get(state.kind).name)


class KindConverter:
    """`<kind:kind>` in a URL: a registered kind's slug, else no match (404)."""

    regex = "[a-z0-9-]+"

    def to_python(self, value: str) -> Kind:
        try:
            return get(value)
        except KeyError:
            raise ValueError(value) from None

    def to_url(self, value: Kind | str) -> str:
        return value.slug if isinstance(value, Kind) else str(value)


HEAT_PUMP = register(
    Kind(
        slug=podero.DeviceKind.HEAT_PUMP,
        name=gettext_lazy("Heat pump"),
        key_state=words.heat_pump_state,
        parts=("optimization", "level", "pause", "prices", "savings"),
        own_controls=(intents.LEVEL,),
    )
)
ELECTRIC_VEHICLE = register(
    Kind(
        slug=podero.DeviceKind.ELECTRIC_VEHICLE,
        name=gettext_lazy("Electric vehicle"),
        key_state=charging_words.vehicle_state,
        extra_facts=charging_words.vehicle_facts,
        tile_lines=charging_tiles.ev_lines,
        parts=("checklist", "boost", "smart_charging", "plan", "prices", "savings", "history"),
        template="preferences/ev.html",
        optimization_switch=False,
        charging=True,
    )
)
INVERTER = register(
    Kind(
        slug=podero.DeviceKind.INVERTER,
        name=gettext_lazy("Solar inverter"),
        key_state=words.inverter_state,
    )
)
