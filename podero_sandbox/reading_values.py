"""How a value is written under a reading (readings.py): numbers and times of day."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo


def number(numbers: str, value: int, *, measure: bool = False) -> Any:
    """`value` under the `numbers` reading."""
    if numbers == "strings":
        return str(value)
    if numbers == "fractions":
        return value + 0.4 if measure else float(value)
    return value


def time_of_day(times: str, hh_mm: str, zone: str) -> str:
    """A deadline "HH:MM" in `zone` under the `times` reading."""
    today = datetime.datetime.now(datetime.UTC).date()
    if times == "hh_mm_ss":
        return f"{hh_mm}:00"
    if times in ("date_time", "time_offset"):
        there = datetime.datetime.combine(today, datetime.time.fromisoformat(hh_mm), ZoneInfo(zone))
        if times == "time_offset":
            return there.isoformat(timespec="minutes")[11:]
        return there.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return hh_mm
