"""The read-only history endpoints: /data, /savings (podero-api.md §4.5, §5.8, §6.5) and /sessions (§5.7).

Numbers come from history.py and history_sessions.py; the query, its 422s and the buckets it asks for from
history_query.py.
"""

from datetime import datetime, timedelta
from typing import Any

from . import history, history_ahead, history_sessions
from .clock import utc_now
from .history_prices import history_start, iso
from .history_query import Query, buckets, invalid
from .model import ELECTRIC_VEHICLES, HEAT_PUMPS, INVERTERS, Device
from .wire import Request

DATA_RESOLUTIONS = ("15MIN", "1HOUR", "1DAY", "1WEEK", "1MONTH")
SAVINGS_RESOLUTIONS = ("1DAY", "1WEEK", "1MONTH", "1QUARTER", "1YEAR")
DATA_FIELDS = {
    HEAT_PUMPS: (
        "price",
        "inlet_temp_act",
        "hot_water_temp",
        "estimated_consumption",
        "simulated_consumption",
        "unoptimized_consumption",
        "estimated_consumption_filtered",
    ),
    ELECTRIC_VEHICLES: (
        "price",
        "battery_level",
        "is_charging",
        "is_plugged_in",
        "is_at_optimized_location",
        "estimated_consumption",
        "unoptimized_consumption",
    ),
    INVERTERS: (
        "price",
        "solar_production_w",
        "export_power_to_grid_w",
        "household_consumption_w",
        "battery_charge_level_percent",
        "battery_charge_discharge_power_w",
        "estimated_consumption",
        "unoptimized_consumption",
    ),
}
UNITS = {"price": "EUR/MWh", "estimated_consumption": "Wh", "unoptimized_consumption": "Wh"}
SAVINGS_UNITS = {"savings.total": "EUR", "savings.percentage": "%", "consumption.total": "kWh"}


def device_data(device: Device, request: Request, *, ahead: str = "past_only") -> tuple[int, dict[str, Any]]:
    """GET .../{kind}/{id}/data. A range without any data is a 400 unless the fill-missing header is true.
    `ahead`: the data_ahead reading, whether the coming hours have prices and a plan (history_ahead.py)."""
    query = Query(request)
    now = utc_now()
    end = query.moment("to_datetime", default=now)
    start = query.moment("from_datetime", default=end - timedelta(days=1))
    resolution = query.choice("resolution", DATA_RESOLUTIONS, "15MIN")
    keywords = query.keywords("keywords")
    fill_missing = (request.header("fill-missing") or "").lower() == "true"
    fields = DATA_FIELDS[device.kind]
    unknown = [word for word in keywords or () if word not in fields]
    if unknown:
        raise invalid("query", "keywords", f"Unknown keyword: {unknown[0]}")
    wanted = set(keywords) if keywords else set(fields)
    wanted.add("price")  # every data point has its price
    known = history.quarters(device.id, device.kind, _zone(device), start, end, now)
    asked = buckets(start, end, resolution)
    coming = history_ahead.ahead(device, _zone(device), asked, now, ahead)
    points = []
    for bucket_start, bucket_end in asked:
        inside = [q for q in known if bucket_start <= q.start < bucket_end]
        if not inside and not fill_missing and bucket_start not in coming:
            continue
        point: dict[str, Any] = dict.fromkeys(fields)
        point = {"time": iso(bucket_start)} | point
        if bucket_start in coming and not inside:
            point["price"], planned = coming[bucket_start]
            if "estimated_consumption" in wanted:
                point["estimated_consumption"] = planned
        if inside:
            point["price"] = round(sum(q.price for q in inside) / len(inside), 2)
            if "estimated_consumption" in wanted:
                point["estimated_consumption"] = round(sum(q.optimized_wh for q in inside), 1)
            if "unoptimized_consumption" in wanted:
                point["unoptimized_consumption"] = round(sum(q.unoptimized_wh for q in inside), 1)
        points.append(point)
    if not any(point["price"] is not None for point in points) and not fill_missing:
        return 400, {
            "detail": "No data for the requested range. Send fill-missing: true to get empty points."
        }
    metadata = {
        "query": {
            "from_datetime": iso(start),
            "to_datetime": iso(end),
            "resolution": resolution,
            "keywords": sorted(wanted),
        },
        "units": UNITS,
    }
    return 200, {"metadata": metadata, "data": points}


def device_savings(device: Device, request: Request, *, units: str = "dotted") -> dict[str, Any]:
    """GET .../{kind}/{id}/savings, and /statistics (same shape). `units`: the savings_units reading."""
    query = Query(request)
    now = utc_now()
    start = query.moment("from")
    end = query.moment("to")
    resolution = query.choice("resolution", SAVINGS_RESOLUTIONS, "1MONTH")
    body = savings_body(device, start, end, resolution, now, query={"from": iso(start), "to": iso(end)})
    if units != "dotted":
        for item in body["data"]:
            if item["consumption"]["total"] is not None:
                item["consumption"]["total"] = round(item["consumption"]["total"] * 1000)
        body["metadata"]["units"] = {
            "nested": {"savings": {"total": "EUR", "percentage": "%"}, "consumption": {"total": "Wh"}},
            "underscored": {"savings_total": "EUR", "savings_percentage": "%", "consumption_total": "Wh"},
        }[units]
    return body


def device_statistics(device: Device, request: Request) -> dict[str, Any]:
    query = Query(request)
    now = utc_now()
    resolution = query.choice("resolution", SAVINGS_RESOLUTIONS, "1DAY")
    end = now
    start = history_start(now)
    return savings_body(device, start, end, resolution, now, query={"resolution": resolution})


def savings_body(
    device: Device, start: datetime, end: datetime, resolution: str, now: datetime, *, query: dict[str, Any]
) -> dict[str, Any]:
    zone = _zone(device)
    known = history.quarters(device.id, device.kind, zone, start, end, now)
    sessions = history_sessions.sessions(device.id, zone, now) if device.kind == ELECTRIC_VEHICLES else []
    data = []
    for bucket_start, bucket_end in buckets(start, min(end, now), resolution):
        inside = [q for q in known if bucket_start <= q.start < bucket_end]
        data.append(_savings_item(device, resolution, bucket_start, bucket_end, inside, sessions))
    metadata = {
        "requested_at": iso(now),
        "query": query | {"resolution": resolution},
        "units": SAVINGS_UNITS,
        "error": None,
    }
    return {"metadata": metadata, "data": data}


def _savings_item(
    device: Device,
    resolution: str,
    start: datetime,
    end: datetime,
    inside: list[history.Quarter],
    sessions: list[history_sessions.Session],
) -> dict[str, Any]:
    optimized_wh = sum(q.optimized_wh for q in inside)
    cost = sum(q.optimized_wh * q.price for q in inside) / 1_000_000
    unoptimized_cost = sum(q.unoptimized_wh * q.price for q in inside) / 1_000_000
    saved = unoptimized_cost - cost
    item: dict[str, Any] = {
        "resolution": resolution,
        "period": {"start_period": iso(start), "end_period": iso(end)},
        "savings": {
            "total": round(saved, 2) if inside else None,
            "percentage": round(saved / unoptimized_cost * 100, 1) if unoptimized_cost > 0 else None,
        },
        "consumption": {"total": round(optimized_wh / 1000, 2) if inside else None},
        "heat_pump": None,
        "electric_vehicle": None,
        "inverter": None,
    }
    if device.kind == HEAT_PUMPS:
        item["heat_pump"] = {"estimated_consumption_wh": round(optimized_wh)}
    elif device.kind == ELECTRIC_VEHICLES:
        charged = [s for s in sessions if start <= s.plug_in < end]
        hours = sum((s.charge_end - s.charge_start).total_seconds() / 3600 for s in charged)
        item["electric_vehicle"] = {
            "estimated_consumption_wh": round(optimized_wh),
            "charge_session_count": len(charged),
            "average_charge_power_w": round(sum(s.energy_kwh for s in charged) * 1000 / hours)
            if hours
            else None,
        }
    else:
        days = max((end - start).total_seconds() / 86400, 0)
        solar = round(days * 9800 * 0.8) if inside else None
        item["inverter"] = {
            "solar_production_wh": solar,
            "grid_export_wh": round(solar * 0.41) if solar is not None else None,
        }
    return item


def charging_sessions(device: Device, request: Request, *, oldest_first: bool = False) -> dict[str, Any]:
    """GET .../electric-vehicles/{id}/sessions: completed sessions plugged in from `from` to `to` (inclusive UTC
    days), newest first (or oldest first, the session_order reading), `limit` (1-200, 50) from `offset` (0)."""
    query = Query(request)
    first, last = query.day("from"), query.day("to")
    limit = query.integer("limit", default=50, low=1, high=200)
    offset = query.integer("offset", default=0, low=0)
    found = [
        session
        for session in history_sessions.sessions(device.id, _zone(device), utc_now())
        if first <= session.plug_in.date() <= last
    ]
    if oldest_first:
        found.reverse()
    return {"total": len(found), "items": [session.as_json() for session in found[offset : offset + limit]]}


def _zone(device: Device) -> str:
    return device.fields.get("price_zone") or "DE_LU"
