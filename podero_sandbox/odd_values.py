"""Values Podero's schemas allow but no sentence can state as they are (the `odd_values` reading, readings.py):
a loss where savings are expected, another currency, absurd sizes, a battery out of 0-100 %, and moments at the
ends of time (Podero's zero date 0001-01-01, and 9999-12-31). Each function takes what the sandbox would answer
and returns it with the chosen oddity."""

import copy
from typing import Any

from .model import ELECTRIC_VEHICLES, INVERTERS

ANSWERS = {
    "none": "values are what a household's devices plausibly report",
    "negative_savings": "every savings bucket is a loss: savings.total -5.5, savings.percentage -12",
    "other_currency": 'savings are given in another currency: metadata.units "savings.total": "CHF"',
    "huge": "figures of 1e300: savings, each session's energy and cost, a data point's consumption",
    "battery_out_of_range": "an EV's battery_level is -20, an inverter's battery_charge_level_percent 120",
    "far_dates": "the newest session plugged in at 9999-12-31T23:59:59Z, the next at Podero's zero date "
    "0001-01-01T00:00:00Z; the first data point at 9999-12-31T23:59:59Z, the last at 0001-01-01T00:00:00Z",
}
END_OF_TIME = "9999-12-31T23:59:59Z"
ZERO_DATE = "0001-01-01T00:00:00Z"
HUGE = 1e300


def device(answer: str, kind: str, view: dict[str, Any]) -> dict[str, Any]:
    if answer != "battery_out_of_range":
        return view
    if kind == ELECTRIC_VEHICLES and view.get("battery_level") is not None:
        return view | {"battery_level": -20}
    if kind == INVERTERS and view.get("battery_charge_level_percent") is not None:
        return view | {"battery_charge_level_percent": 120}
    return view


def savings(answer: str, body: dict[str, Any]) -> dict[str, Any]:
    if answer not in ("negative_savings", "other_currency", "huge"):
        return body
    body = copy.deepcopy(body)
    if answer == "other_currency":
        units = body["metadata"].get("units") or {}
        body["metadata"]["units"] = units | {"savings.total": "CHF", "savings_total": "CHF"}
        return body
    for item in body["data"]:
        if item["savings"]["total"] is None:
            continue
        if answer == "negative_savings":
            item["savings"] = {"total": -5.5, "percentage": -12.0}
        else:
            item["savings"] = {"total": HUGE, "percentage": HUGE}
    return body


def sessions(answer: str, body: dict[str, Any]) -> dict[str, Any]:
    if answer not in ("huge", "far_dates") or not body["items"]:
        return body
    body = copy.deepcopy(body)
    items = body["items"]
    if answer == "huge":
        for item in items:
            item |= {"energy_charged_kwh": HUGE, "actual_cost_eur": HUGE, "actual_savings_eur": HUGE}
        return body
    items[0] |= {"plug_in_time": END_OF_TIME, "unplug_time": END_OF_TIME, "inferred_session_end": END_OF_TIME}
    if len(items) > 1:
        items[1] |= {"plug_in_time": ZERO_DATE, "unplug_time": ZERO_DATE, "charge_deadline": ZERO_DATE}
    return body


def data(answer: str, body: dict[str, Any]) -> dict[str, Any]:
    if answer not in ("huge", "far_dates") or not body.get("data"):
        return body
    body = copy.deepcopy(body)
    points = body["data"]
    if answer == "huge":
        points[0]["estimated_consumption"] = HUGE
    else:
        points[0]["time"] = END_OF_TIME
        points[-1]["time"] = ZERO_DATE
    return body
