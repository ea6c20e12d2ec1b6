"""Podero's objects as small frozen dataclasses, parsed and type-checked once, at the edge.

Field names follow podero-api.md §3-§6. Unknown fields are ignored (and kept in `raw`); fields we read but
Podero leaves out, sends as null or sends in a shape we cannot read become None or a stated default (the last
noted for the answer's log line, see json_fields.py). Only a device without a readable id, optimization switch
or connection flag is unreadable (PoderoBadResponse): a list leaves such a device out and counts it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, Self
from uuid import UUID

from . import answers
from .errors import PoderoBadResponse
from .json_fields import (
    as_object,
    optional,
    required,
    to_bool,
    to_datetime,
    to_float,
    to_hh_mm,
    to_int,
    to_str,
    to_timezone,
    to_uuid,
)


class DeviceKind(StrEnum):
    """Podero's kinds of device; the value is its path segment under /users/{user_id}/. The portal's own list
    of kinds, with their names and pages, is preferences/kinds.py."""

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
    def display_name(self) -> str:
        """Manufacturer and model; "" when Podero gives neither (the caller names the kind instead)."""
        return f"{self.manufacturer} {self.model}".strip()

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse one device object. Raises PoderoBadResponse if a field we use has the wrong type."""
        obj = _unwrapped(as_object(data, cls.kind))
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
    charge_deadline_at: str | None = None
    minimum_charge_limit: int | None = None
    charge_target_max: int | None = None
    charge_policy_last_updated_at: datetime | None = None

    @classmethod
    def _fields(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return super()._fields(data) | {
            "is_plugged_in": optional(data, "is_plugged_in", to_bool),
            "is_charging": optional(data, "is_charging", to_bool),
            "battery_level": optional(data, "battery_level", to_int),
            "battery_capacity_kwh": optional(data, "battery_capacity_kwh", to_float),
            "is_fully_charged": optional(data, "is_fully_charged", to_bool),
            "boost_state": optional(data, "boost_state", to_str),
            "charge_rate_w": optional(data, "charge_rate_w", to_int),
            "driving_range": optional(data, "driving_range", to_int),
            "is_charge_policy_enabled": optional(data, "is_charge_policy_enabled", to_bool) or False,
            "charge_deadline_at": optional(data, "charge_deadline_at", to_hh_mm),
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
            "battery_charge_level_percent": optional(data, "battery_charge_level_percent", to_float),
            "is_battery_connected": optional(data, "is_battery_connected", to_bool) or False,
            "battery_capacity_kwh": optional(data, "battery_capacity_kwh", to_float),
            "solar_power_rating_kw": optional(data, "solar_power_rating_kw", to_float),
            "min_battery_charge": optional(data, "min_battery_charge", to_float),
            "max_battery_charge": optional(data, "max_battery_charge", to_float),
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


class DeviceList(list[DeviceState]):
    """Podero's list of a user's devices of one kind, without those we could not read.

    `unreadable` keeps the items left out, as sent, so a cached copy leaves out (and counts) the same ones.
    """

    def __init__(self, devices: Iterable[DeviceState] = (), *, unreadable: Iterable[Any] = ()) -> None:
        super().__init__(devices)
        self.unreadable: list[Any] = list(unreadable)


# Wrappers a list might plausibly come in, although the docs show a bare array (podero-api.md §11).
_LIST_WRAPPERS = ("data", "items", "results")


def parse_device_list(kind: str, body: Any) -> DeviceList:
    """Every device of `kind` we can read; each one we cannot is left out, counted and noted.

    Raises PoderoBadResponse only when the body is no list at all.
    """
    items = body
    if isinstance(body, Mapping):
        items = next((body[key] for key in _LIST_WRAPPERS if isinstance(body.get(key), list)), None)
    if not isinstance(items, list):
        raise PoderoBadResponse(f"expected a list of {kind}, got {type(body).__name__}")
    devices, unreadable = [], []
    for position, item in enumerate(items, start=1):
        try:
            devices.append(parse_device(kind, item))
        except PoderoBadResponse as exc:
            answers.note(f"device {position} of {len(items)} left out ({exc})")
            unreadable.append(item)
    return DeviceList(devices, unreadable=unreadable)


def _unwrapped(obj: Mapping[str, Any]) -> Mapping[str, Any]:
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


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class DayTarget:
    """Reach `charge_percentage` by `charge_deadline` ("HH:MM", in the policy's timezone)."""

    charge_percentage: int
    charge_deadline: str

    @classmethod
    def from_json(cls, data: Any, *, day: str = "day") -> Self:
        obj = as_object(data, day)
        return cls(
            charge_percentage=required(obj, "charge_percentage", to_int),
            charge_deadline=required(obj, "charge_deadline", to_hh_mm),
        )

    def to_json(self) -> dict[str, Any]:
        return {"charge_percentage": self.charge_percentage, "charge_deadline": self.charge_deadline}


@dataclass(frozen=True)
class WeeklyChargePolicy:
    """An EV's per-weekday targets (podero-api.md §5.6). `days` is keyed by WEEKDAYS; a day may be absent."""

    timezone: str
    days: Mapping[str, DayTarget]

    def __post_init__(self) -> None:
        unknown = set(self.days) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"not weekdays: {sorted(unknown)}")
        ordered = {day: self.days[day] for day in WEEKDAYS if day in self.days}
        object.__setattr__(self, "days", MappingProxyType(ordered))

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse the GET shape `{"metadata": ..., "data": {...}}` or the bare policy object.

        `"data": null` is no policy: no days and no time zone. A day we cannot read is left out and noted.
        """
        obj = as_object(data, "charge policy")
        if "data" in obj:
            if obj["data"] is None:
                return cls.none()
            obj = as_object(obj["data"], "charge policy data")
        days = {}
        for day in WEEKDAYS:
            if obj.get(day) is None:
                continue
            try:
                days[day] = DayTarget.from_json(obj[day], day=day)
            except PoderoBadResponse as exc:
                answers.note(f"{day} left out ({exc})")
        return cls(timezone=optional(obj, "timezone", to_timezone) or "", days=days)

    @classmethod
    def none(cls) -> Self:
        """No weekly policy: Podero has none for the vehicle (yet)."""
        return cls(timezone="", days={})

    @property
    def is_none(self) -> bool:
        return not self.days

    def to_json(self) -> dict[str, Any]:
        """The PUT body, as in the seed: timezone, then mon..sun."""
        return {"timezone": self.timezone} | {day: target.to_json() for day, target in self.days.items()}
