"""An EV's weekly charge policy (podero-api.md §5.6): a target percentage and deadline per weekday."""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Self

from . import answers
from .errors import PoderoBadResponse
from .json_fields import as_object, hh_mm_in, instant, optional, required, to_hh_mm, to_int, to_timezone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class DayTarget:
    """Reach `charge_percentage` by `charge_deadline` ("HH:MM", in the policy's timezone)."""

    charge_percentage: int
    charge_deadline: str

    @classmethod
    def from_json(cls, data: Any, *, day: str = "day", zone: str = "") -> Self:
        """A deadline sent as a moment is read in `zone`, the policy's time zone."""
        obj = as_object(data, day)
        deadline = required(obj, "charge_deadline", to_hh_mm)
        return cls(
            charge_percentage=required(obj, "charge_percentage", to_int),
            charge_deadline=hh_mm_in(instant(obj.get("charge_deadline")), zone, deadline),
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
        zone = optional(obj, "timezone", to_timezone) or ""
        days = {}
        for day in WEEKDAYS:
            if obj.get(day) is None:
                continue
            try:
                days[day] = DayTarget.from_json(obj[day], day=day, zone=zone)
            except PoderoBadResponse as exc:
                answers.note(f"{day} left out ({exc})")
        return cls(timezone=zone, days=days)

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
