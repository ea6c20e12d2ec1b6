"""Podero's objects as small frozen dataclasses, parsed and type-checked once, at the edge.

Field names follow podero-api.md §3-§6. Unknown fields are ignored (and kept in `raw`); fields we read but
Podero leaves out, sends as null or sends in a shape we cannot read become None or a stated default (the last
noted for the answer's log line, see json_fields.py). Only a device without a readable id, optimization switch
or connection flag is unreadable (PoderoBadResponse): a list leaves such a device out and counts it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self
from uuid import UUID

from . import answers
from .json_fields import (
    as_object,
    hh_mm_in,
    instant,
    optional,
    required,
    to_bool,
    to_datetime,
    to_float,
    to_hh_mm,
    to_int,
    to_percent,
    to_percent_int,
    to_str,
    to_uuid,
)

if TYPE_CHECKING:
    from .cues import Cues


class DeviceKind(StrEnum):
    """Podero's kinds of device; the value is its path segment under /users/{user_id}/. The portal's own list
    of kinds, with their names and pages, is preferences/devices/kinds.py."""

    HEAT_PUMP = "heat-pumps"
    ELECTRIC_VEHICLE = "electric-vehicles"
    INVERTER = "inverters"


# Each DeviceState subclass, by its kind's path segment: filled in as the subclasses are defined.
_STATE_CLASSES: dict[str, "type[DeviceState]"] = {}


@dataclass(frozen=True, kw_only=True)
class DeviceState:
    """A device's state as Podero reports it: the fields every kind shares (podero-api.md §3).

    Use a subclass, or `parse_device`. A subclass names its kind's path segment in `kind` and is then parsed
    for that kind.
    """

    kind: ClassVar[str]

    id: UUID
    manufacturer: str = ""
    model: str = ""
    device_type_name: str = ""
    is_smart_optimization_active: bool
    is_authenticated: bool
    connection_status: str = "unknown"
    action_needed: bool = False
    lifecycle_state: str = ""
    current_state_last_updated_at: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            _STATE_CLASSES[cls.kind] = cls

    @property
    def needs_reconnect(self) -> bool:
        """The homeowner must sign in at the manufacturer again: the connection lapsed, or Podero lists a
        "reauthenticate" action (podero-api.md §3, §9.4)."""
        if not self.is_authenticated:
            return True
        actions = self.raw.get("actions") if isinstance(self.raw, Mapping) else None
        return isinstance(actions, list) and any(
            isinstance(action, Mapping) and action.get("code") == "reauthenticate" for action in actions
        )

    @property
    def cues(self) -> "Cues":
        """Its pending actions the portal can act on (cues.py): a reconnect through Podero's cue, notes to read."""
        from .cues import read_cues  # cues.py builds calls, which read device states

        return read_cues(self.raw.get("actions") if isinstance(self.raw, Mapping) else None)

    # The connection as Podero's connection_status says it (podero-api.md §3); none of them: it does not say.
    @property
    def connected(self) -> bool:
        return self.connection_status == "ok"

    @property
    def connection_unstable(self) -> bool:
        return self.connection_status == "warning"

    @property
    def unreachable(self) -> bool:
        return self.connection_status == "error"

    def sent_but_unreadable(self, name: str) -> bool:
        """Podero sent `name` with a value the portal cannot state (out of range, say), so it reads as unknown:
        the page then says so, instead of "not reported"."""
        return (
            isinstance(self.raw, Mapping) and self.raw.get(name) is not None and getattr(self, name) is None
        )

    @property
    def display_name(self) -> str:
        """Manufacturer and model; "" when Podero gives neither (the caller names the kind instead)."""
        return f"{self.manufacturer} {self.model}".strip()

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse one device object. Raises PoderoBadResponse if a field we use has the wrong type."""
        obj = unwrapped(as_object(data, cls.kind))
        return cls(**cls._fields(obj), raw=obj)

    @classmethod
    def _fields(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        device_model = _optional_object(data, "device_model")
        device_type = _optional_object(device_model, "device_type")
        return {
            "id": required(data, "id", to_uuid),
            "manufacturer": optional(device_model, "manufacturer", to_str) or "",
            "model": optional(device_model, "model", to_str) or "",
            "device_type_name": optional(device_type, "long_name", to_str) or "",
            "is_smart_optimization_active": required(data, "is_smart_optimization_active", to_bool),
            "is_authenticated": required(data, "is_authenticated", to_bool),
            "connection_status": optional(data, "connection_status", to_str) or "unknown",
            "action_needed": optional(data, "action_needed", to_bool) or False,
            "lifecycle_state": optional(data, "lifecycle_state", to_str) or "",
            "current_state_last_updated_at": optional(data, "current_state_last_updated_at", to_datetime),
        }


def state_class(kind: str) -> type[DeviceState]:
    """The DeviceState subclass of a kind's path segment. Raises ValueError for a kind nobody defined."""
    try:
        return _STATE_CLASSES[str(kind)]
    except KeyError:
        raise ValueError(f"not a device kind: {kind!r}") from None


def parse_device(kind: str, data: Any) -> DeviceState:
    """Parse a device object of `kind` into its subclass. Raises PoderoBadResponse (ValueError: unknown kind)."""
    return state_class(kind).from_json(data)


class HeatPumpMode(StrEnum):
    """A heat pump's current mode (podero-api.md §4.4), named as the dashboard guide names them."""

    MIN = "min"
    ECO = "low"
    COMFORT = "mid"
    BOOST = "max"


@dataclass(frozen=True, kw_only=True)
class HeatPump(DeviceState):
    """podero-api.md §4.3-§4.4. `optimization_level` is Low/Mid/Max; `current_mode` is min/low/mid/max."""

    kind: ClassVar[str] = DeviceKind.HEAT_PUMP

    current_mode: str | None = None
    optimization_level: str | None = None
    indoor_actual_temperature: float | None = None
    indoor_target_temperature: float | None = None
    outdoor_temperature: float | None = None
    dhw_temperature: float | None = None
    current_power_consumption_w: int | None = None
    is_away_mode_enabled: bool = False

    @property
    def mode(self) -> HeatPumpMode | None:
        """The mode it runs in (the dashboard guide's names); None when Podero does not say or names another."""
        try:
            return HeatPumpMode(self.current_mode) if self.current_mode else None
        except ValueError:
            return None

    @classmethod
    def _fields(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return super()._fields(data) | {
            "current_mode": optional(data, "current_mode", to_str),
            "optimization_level": optional(data, "optimization_level", to_str),
            "indoor_actual_temperature": optional(data, "indoor_actual_temperature", to_float),
            "indoor_target_temperature": optional(data, "indoor_target_temperature", to_float),
            "outdoor_temperature": optional(data, "outdoor_temperature", to_float),
            "dhw_temperature": optional(data, "dhw_temperature", to_float),
            "current_power_consumption_w": optional(data, "current_power_consumption_w", to_int),
            "is_away_mode_enabled": optional(data, "is_away_mode_enabled", to_bool) or False,
        }


@dataclass(frozen=True, kw_only=True)
class ElectricVehicle(DeviceState):
    """podero-api.md §5.3-§5.4. `boost_state` is available/requested/ongoing/unavailable, kept as sent."""

    kind: ClassVar[str] = DeviceKind.ELECTRIC_VEHICLE

    is_plugged_in: bool | None = None
    is_charging: bool | None = None
    battery_level: int | None = None
    battery_capacity_kwh: float | None = None
    is_fully_charged: bool | None = None
    boost_state: str | None = None
    charge_rate_w: int | None = None
    driving_range: int | None = None
    is_charge_policy_enabled: bool = False
    charge_deadline_at: str | None = None  # the clock time as Podero wrote it; see deadline_in
    deadline_moment: datetime | None = None  # when Podero sent the deadline as a moment (with a UTC offset)
    minimum_charge_limit: int | None = None
    charge_target_max: int | None = None
    charge_policy_last_updated_at: datetime | None = None

    # Charge now, as Podero's boost_state says it (podero-api.md §5.4).
    @property
    def boost_offered(self) -> bool:
        return self.boost_state == "available"

    @property
    def boost_requested(self) -> bool:
        """Podero is starting it: the state changes within seconds."""
        return self.boost_state == "requested"

    @property
    def boost_running(self) -> bool:
        return self.boost_state == "ongoing"

    @property
    def boost_unavailable(self) -> bool:
        return self.boost_state == "unavailable"

    def deadline_in(self, zone: str) -> str | None:
        """The charge deadline's time of day in the plan's time zone `zone`."""
        if self.charge_deadline_at is None:
            return None
        return hh_mm_in(self.deadline_moment, zone, self.charge_deadline_at)

    @classmethod
    def _fields(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return super()._fields(data) | {
            "is_plugged_in": optional(data, "is_plugged_in", to_bool),
            "is_charging": optional(data, "is_charging", to_bool),
            "battery_level": optional(data, "battery_level", to_percent_int),
            "battery_capacity_kwh": optional(data, "battery_capacity_kwh", to_float),
            "is_fully_charged": optional(data, "is_fully_charged", to_bool),
            "boost_state": optional(data, "boost_state", to_str),
            "charge_rate_w": optional(data, "charge_rate_w", to_int),
            "driving_range": optional(data, "driving_range", to_int),
            "is_charge_policy_enabled": optional(data, "is_charge_policy_enabled", to_bool) or False,
            "charge_deadline_at": optional(data, "charge_deadline_at", to_hh_mm),
            "deadline_moment": instant(data.get("charge_deadline_at")),
            "minimum_charge_limit": optional(data, "minimum_charge_limit", to_int),
            "charge_target_max": optional(data, "charge_target_max", to_int),
            "charge_policy_last_updated_at": optional(data, "charge_policy_last_updated_at", to_datetime),
        }


@dataclass(frozen=True, kw_only=True)
class Inverter(DeviceState):
    """podero-api.md §6.3-§6.4. Battery power: positive = discharging; grid power: positive = export."""

    kind: ClassVar[str] = DeviceKind.INVERTER

    current_solar_production_w: float | None = None
    household_consumption_w: float | None = None
    battery_charge_discharge_power_w: float | None = None
    current_power_to_grid_w: float | None = None
    battery_charge_level_percent: float | None = None
    is_battery_connected: bool = False
    battery_capacity_kwh: float | None = None
    solar_power_rating_kw: float | None = None
    min_battery_charge: float | None = None
    max_battery_charge: float | None = None

    @classmethod
    def _fields(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return super()._fields(data) | {
            "current_solar_production_w": optional(data, "current_solar_production_w", to_float),
            "household_consumption_w": optional(data, "household_consumption_w", to_float),
            "battery_charge_discharge_power_w": optional(data, "battery_charge_discharge_power_w", to_float),
            "current_power_to_grid_w": optional(data, "current_power_to_grid_w", to_float),
            "battery_charge_level_percent": optional(data, "battery_charge_level_percent", to_percent),
            "is_battery_connected": optional(data, "is_battery_connected", to_bool) or False,
            "battery_capacity_kwh": optional(data, "battery_capacity_kwh", to_float),
            "solar_power_rating_kw": optional(data, "solar_power_rating_kw", to_float),
            "min_battery_charge": optional(data, "min_battery_charge", to_float),
            "max_battery_charge": optional(data, "max_battery_charge", to_float),
        }


def unwrapped(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """A device object, also when it plausibly comes wrapped as {"data": {...}}."""
    inner = obj.get("data")
    return inner if "id" not in obj and isinstance(inner, Mapping) else obj


def _optional_object(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        answers.note(f"field {name!r}: unexpected {type(value).__name__} value, read as unknown")
        return {}
    return value
