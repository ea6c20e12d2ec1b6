"""What a PUT may change, checked the way Podero's pydantic schemas check it.

Every bad field is reported (one entry each) and nothing is applied when any field is bad.
Messages copy pydantic's wording, because that is what the real API sends.
"""

import re
import zoneinfo
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from .clock import isoformat
from .errors import Invalid, problem
from .model import ELECTRIC_VEHICLES, HEAT_PUMPS, INVERTERS, WEEKDAYS
from .wire import strict_json_loads

Validator = Callable[[Any], Any]

TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
NOT_AN_OBJECT = "Input should be a valid dictionary or object to extract fields from"
EXTRA_FORBIDDEN = "Extra inputs are not permitted"


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("Input should be a valid boolean")
    return value


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("Input should be a valid string")
    return value


def choice(*options: str) -> Validator:
    quoted = [f"'{option}'" for option in options]
    message = f"Input should be {', '.join(quoted[:-1])} or {quoted[-1]}"

    def check(value: object) -> str:
        if not isinstance(value, str) or value not in options:
            raise ValueError(message)
        return value

    return check


def integer(low: int, high: int) -> Validator:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("Input should be a valid integer")
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("Input should be a valid integer, got a number with a fractional part")
        return _within(int(value), low, high)

    return check


def number(*, low: float | None = None, high: float | None = None, above: float | None = None) -> Validator:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("Input should be a valid number")
        if above is not None and value <= above:
            raise ValueError(f"Input should be greater than {above:g}")
        return _within(value, low, high)

    return check


def _within[N: (int, float)](value: N, low: float | None, high: float | None) -> N:
    if low is not None and value < low:
        raise ValueError(f"Input should be greater than or equal to {low:g}")
    if high is not None and value > high:
        raise ValueError(f"Input should be less than or equal to {high:g}")
    return value


def nullable(validator: Validator) -> Validator:
    def check(value: Any) -> Any:
        return None if value is None else validator(value)

    return check


def time_of_day(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("Input should be a valid string")
    if not TIME_OF_DAY.fullmatch(value):
        raise ValueError("Value error, expected a time of day as HH:MM (24 h), from 00:00 to 23:59")
    return value


def moment(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("Input should be a valid datetime")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("Input should be a valid datetime") from None
    if parsed.tzinfo is None:
        raise ValueError("Value error, datetime should have a timezone (for example a trailing Z)")
    return isoformat(parsed)


def json_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(NOT_AN_OBJECT)
    return value


def timezone_name(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("Input should be a valid string")
    if value not in _known_timezones():
        raise ValueError(f"Value error, unknown time zone '{value}'")
    return value


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


PERCENT = integer(0, 100)

WRITABLE: dict[str, dict[str, Validator]] = {
    HEAT_PUMPS: {
        "is_smart_optimization_active": boolean,
        "optimization_level": choice("Low", "Mid", "Max"),
        "comment": text,
        "is_away_mode_enabled": boolean,
        "away_mode_start": nullable(moment),
        "away_mode_end": nullable(moment),
        "away_mode_minimum_temperature_limit": number(),
    },
    ELECTRIC_VEHICLES: {
        "is_smart_optimization_active": boolean,
        "is_charge_policy_enabled": boolean,
        "charge_deadline_at": time_of_day,
        "minimum_charge_limit": PERCENT,
        "comment": text,
    },
    INVERTERS: {
        "is_smart_optimization_active": boolean,
        "solar_power_rating_kw": number(low=0),
        "is_battery_connected": boolean,
        "battery_capacity_kwh": nullable(number(above=0)),
        "min_battery_charge": number(low=0, high=100),
        "max_battery_charge": number(low=0, high=100),
        "comment": text,
    },
}

DAY_FIELDS: dict[str, Validator] = {"charge_percentage": PERCENT, "charge_deadline": time_of_day}
POLICY_FIELDS: dict[str, Validator] = {"timezone": timezone_name} | dict.fromkeys(WEEKDAYS, json_object)


def parse_json_object(body: str, content_type: str | None) -> dict[str, Any]:
    """The request body as a JSON object, or a 422 saying why it is not one."""
    if _media_type(content_type) != "application/json":
        raise Invalid(
            [problem((), "Value error, the body must be JSON sent as Content-Type: application/json")]
        )
    try:
        payload = strict_json_loads(body)
    except ValueError as exc:
        raise Invalid([problem((), f"Invalid JSON: {exc}")]) from None
    if not isinstance(payload, dict):
        raise Invalid([problem((), NOT_AN_OBJECT)])
    return payload


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def validate_device_update(kind: str, payload: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The changes a device PUT asks for, checked against `current`; raises Invalid."""
    changes, problems = _check_fields(payload, WRITABLE[kind], ())
    if not problems and kind == INVERTERS:
        problems = _inverter_consistency(current | changes, changes)
    if problems:
        raise Invalid(problems)
    return changes


def validate_charge_policy(payload: dict[str, Any]) -> dict[str, Any]:
    """The weekly policy's days and time zone that a charge-policy PUT sets; raises Invalid."""
    changes, problems = _check_fields(payload, POLICY_FIELDS, ())
    for day in WEEKDAYS:
        if day in changes:
            changes[day], day_problems = _check_fields(changes[day], DAY_FIELDS, (day,), required=True)
            problems += day_problems
    if problems:
        raise Invalid(problems)
    return changes


def _check_fields(
    payload: Any, validators: dict[str, Validator], loc: tuple[str, ...], *, required: bool = False
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if not isinstance(payload, dict):
        return {}, [problem(loc, NOT_AN_OBJECT)]
    values: dict[str, Any] = {}
    problems = [problem((*loc, key), EXTRA_FORBIDDEN) for key in payload if key not in validators]
    for key, validator in validators.items():
        if key not in payload:
            if required:
                problems.append(problem((*loc, key), "Field required"))
            continue
        try:
            values[key] = validator(payload[key])
        except ValueError as exc:
            problems.append(problem((*loc, key), str(exc)))
    return values, problems


def _inverter_consistency(merged: dict[str, Any], changes: dict[str, Any]) -> list[dict[str, Any]]:
    problems = []
    if merged.get("is_battery_connected") and merged.get("battery_capacity_kwh") is None:
        problems.append(
            problem(
                ("battery_capacity_kwh",),
                "Value error, battery_capacity_kwh is required when is_battery_connected is true",
            )
        )
    low, high = merged.get("min_battery_charge"), merged.get("max_battery_charge")
    if low is not None and high is not None and low > high:
        field = "max_battery_charge" if "max_battery_charge" in changes else "min_battery_charge"
        problems.append(
            problem((field,), "Value error, min_battery_charge must not be greater than max_battery_charge")
        )
    return problems
