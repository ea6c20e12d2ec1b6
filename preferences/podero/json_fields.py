"""Typed reads of single fields from Podero's JSON, so a wrong type fails loudly at the edge.

A missing field and an explicit null are the same thing here: Podero's schemas are nullable almost
everywhere (podero-api.md §1, django-ninja `anyOf`). Errors name the field and the type received, never the value.
"""

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from .errors import PoderoBadResponse

_HH_MM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?$")


def as_object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PoderoBadResponse(f"{what}: expected an object, got {type(value).__name__}")
    return value


def optional[T](data: Mapping[str, Any], name: str, convert: Callable[[Any], T]) -> T | None:
    value = data.get(name)
    if value is None:
        return None
    try:
        return convert(value)
    except (TypeError, ValueError):
        raise PoderoBadResponse(f"field {name!r}: unexpected {type(value).__name__} value") from None


def required[T](data: Mapping[str, Any], name: str, convert: Callable[[Any], T]) -> T:
    value = optional(data, name, convert)
    if value is None:
        raise PoderoBadResponse(f"field {name!r} is missing")
    return value


def to_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def to_int(value: Any) -> int:
    # JSON has one number type; 80.0 is an acceptable 80, 80.5 is not.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    if isinstance(value, float) and not value.is_integer():
        raise ValueError
    return int(value)


def to_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    return float(value)


def to_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def to_uuid(value: Any) -> UUID:
    return UUID(to_str(value))


def to_datetime(value: Any) -> datetime:
    parsed = datetime.fromisoformat(to_str(value))
    # Podero sends UTC with "Z" (podero-api.md §3); a naive value is read as UTC rather than local time.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def to_hh_mm(value: Any) -> str:
    """A time of day as "HH:MM" (podero-api.md §5.3); seconds, if sent, are dropped."""
    match = _HH_MM.match(to_str(value))
    if match is None:
        raise ValueError
    return f"{match[1]}:{match[2]}"
