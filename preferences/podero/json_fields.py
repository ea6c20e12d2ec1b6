"""Typed, tolerant reads of single fields from Podero's JSON.

A missing field and an explicit null are the same thing here: Podero's schemas are nullable almost
everywhere (podero-api.md §1, django-ninja `anyOf`). Every plausible reading of a documented shape is accepted
(a fraction where the docs say integer, a time of day with seconds or as a full date-time). A field we need
(`required`) that cannot be read makes its object unreadable; any other field that cannot be read is read as
unknown (None) and noted for the answer's log line (answers.py). Messages name the field and the type
received, never the value.
"""

import re
import zoneinfo
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any
from uuid import UUID

from . import answers
from .errors import PoderoBadResponse

_TIME_OF_DAY = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$")
# A Decimal serialised by the API framework arrives as a string ("60", "7.5"); nothing looser ("1e3", "nan").
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def as_object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PoderoBadResponse(f"{what}: expected an object, got {type(value).__name__}")
    return value


def optional[T](data: Mapping[str, Any], name: str, convert: Callable[[Any], T]) -> T | None:
    """The field, or None when it is absent, null, or cannot be read (then noted for the log line)."""
    try:
        return _read(data, name, convert)
    except PoderoBadResponse as exc:
        answers.note(f"{exc}, read as unknown")
        return None


def required[T](data: Mapping[str, Any], name: str, convert: Callable[[Any], T]) -> T:
    """The field; PoderoBadResponse when it is absent, null or cannot be read."""
    value = _read(data, name, convert)
    if value is None:
        raise PoderoBadResponse(f"field {name!r} is missing")
    return value


def _read[T](data: Mapping[str, Any], name: str, convert: Callable[[Any], T]) -> T | None:
    value = data.get(name)
    if value is None:
        return None
    try:
        return convert(value)
    except (TypeError, ValueError):
        raise PoderoBadResponse(f"field {name!r}: unexpected {type(value).__name__} value") from None


def to_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def to_int(value: Any) -> int:
    """A whole number. JSON has one number type, and a measure documented as an integer may come with a
    fraction (265.4 km): it is rounded to the nearest whole number."""
    return round(to_float(value))


# No figure of one household's devices comes near this (a terawatt hour, a trillion euros): a larger one is a
# value no sentence can state truly (1e300), read as unknown.
LARGEST = 1e12
# Moments Podero can mean: its zero date (0001-01-01) and the end of time (9999-12-31) mean "none", and a page
# would fail converting them into a time zone.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2200


def to_float(value: Any) -> float:
    if isinstance(value, str) and _DECIMAL.match(value.strip()):
        number = float(value)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    else:
        number = float(value)
    if number != number or abs(number) > LARGEST:  # NaN, infinities, absurd sizes
        raise ValueError
    return number


def to_percent(value: Any) -> float:
    """A level in percent (a battery's charge): 0 to 100, anything else is no level."""
    number = to_float(value)
    if not 0 <= number <= 100:
        raise ValueError
    return number


def to_percent_int(value: Any) -> int:
    return round(to_percent(value))


def to_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def to_uuid(value: Any) -> UUID:
    return UUID(to_str(value))


def to_datetime(value: Any) -> datetime:
    parsed = datetime.fromisoformat(to_str(value))
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise ValueError
    # Podero sends UTC with "Z" (podero-api.md §3); a naive value is read as UTC rather than local time.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def to_hh_mm(value: Any) -> str:
    """A time of day as "HH:MM" (podero-api.md §5.3). Also read: "H:MM", "HH:MM:SS", a time with a UTC offset
    ("07:00:00Z", "07:00+01:00") and a full ISO date-time as the wallbox example shows `charge_deadline_at`
    (§12.7), whose clock time is taken as written: `instant` says which moment it was, for `hh_mm_in`."""
    text = to_str(value).strip()
    match = _TIME_OF_DAY.match(text)
    if match is not None:
        return f"{int(match[1]):02d}:{match[2]}"
    if "T" not in text:
        raise ValueError
    moment = datetime.fromisoformat(text)
    return f"{moment.hour:02d}:{moment.minute:02d}"


def instant(value: Any) -> datetime | None:
    """The moment a deadline with a UTC offset names (a time alone on today's UTC date), else None."""
    text = value.strip() if isinstance(value, str) else ""
    if "T" not in text and _TIME_OF_DAY.match(text):
        text = f"{datetime.now(UTC).date().isoformat()}T{text}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def hh_mm_in(moment: datetime | None, zone: str, as_written: str) -> str:
    """A deadline's time of day in the plan's time zone: a moment (07:00 in Berlin sent as 06:00Z) converted,
    a plain time of day as written."""
    if moment is None or zone not in _known_timezones():
        return as_written
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M")


def to_timezone(value: Any) -> str:
    """An IANA time zone name this machine knows (so pages can compute with it)."""
    name = to_str(value)
    if name not in _known_timezones():
        raise ValueError
    return name


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
