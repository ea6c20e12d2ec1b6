"""The coming hours in /data, where the docs are silent on whether Podero sends them (the `data_ahead` reading):
the day-ahead prices up to the end of tomorrow (local time), and where Podero plans to charge or run, as
`estimated_consumption` in those hours. A car plugged in with a deadline gets the cheapest hours before its next
deadline, enough to reach its minimum; a heat pump its cheapest ten hours of each day."""

from datetime import datetime, time, timedelta
from typing import Any

from .history_prices import QUARTER, local_zone, price_at
from .model import ELECTRIC_VEHICLES, HEAT_PUMPS, Device

EV_POWER_W = 11_000
HEAT_PUMP_HOURS = 10
HEAT_PUMP_WH_PER_HOUR = 1_500


def ahead_until(now: datetime, price_zone: str) -> datetime:
    """The end of tomorrow in the price zone's time: day-ahead prices are known that far, at most."""
    zone = local_zone(price_zone)
    tomorrow = now.astimezone(zone).date() + timedelta(days=2)
    return datetime.combine(tomorrow, time(), tzinfo=zone)


def ahead(
    device: Device, price_zone: str, buckets: list[tuple[datetime, datetime]], now: datetime, answer: str
) -> dict[datetime, tuple[float, float | None]]:
    """Each coming bucket's average price (EUR/MWh) and, under "prices_and_plan", its planned energy (Wh)."""
    if answer == "past_only":
        return {}
    until = ahead_until(now, price_zone)
    coming = [(start, end) for start, end in buckets if start >= _floor(now) and start < until]
    prices = {start: _average_price(price_zone, start, min(end, until)) for start, end in coming}
    if answer != "prices_and_plan":
        return {start: (price, None) for start, price in prices.items()}
    planned = _planned_wh(device, price_zone, prices, now)
    return {start: (price, planned.get(start, 0.0)) for start, price in prices.items()}


def _floor(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def _average_price(price_zone: str, start: datetime, end: datetime) -> float:
    found, moment = [], start
    while moment < end:
        found.append(price_at(price_zone, moment))
        moment += QUARTER
    return round(sum(found) / len(found), 2) if found else 0.0


def _planned_wh(
    device: Device, price_zone: str, prices: dict[datetime, float], now: datetime
) -> dict[datetime, float]:
    if device.kind == ELECTRIC_VEHICLES:
        return _ev_plan(device.fields, price_zone, prices, now)
    if device.kind == HEAT_PUMPS:
        return _heat_pump_plan(price_zone, prices)
    return {}


def _ev_plan(
    fields: dict[str, Any], price_zone: str, prices: dict[datetime, float], now: datetime
) -> dict[datetime, float]:
    if not fields.get("is_plugged_in") or not fields.get("is_charge_policy_enabled"):
        return {}
    deadline = _next_deadline(str(fields.get("charge_deadline_at") or "07:00"), price_zone, now)
    before = sorted((price, start) for start, price in prices.items() if start < deadline)
    missing = max(int(fields.get("minimum_charge_limit") or 0) - int(fields.get("battery_level") or 0), 0)
    capacity_wh = float(fields.get("battery_capacity_kwh") or 60) * 1000
    wanted_wh = missing / 100 * capacity_wh
    plan: dict[datetime, float] = {}
    for _price, start in before:
        if wanted_wh <= 0:
            break
        step_wh = min(wanted_wh, EV_POWER_W * _hours(start, prices))
        plan[start] = round(step_wh, 1)
        wanted_wh -= step_wh
    return plan


def _hours(start: datetime, prices: dict[datetime, float]) -> float:
    later = sorted(moment for moment in prices if moment > start)
    return ((later[0] - start) if later else timedelta(hours=1)).total_seconds() / 3600


def _next_deadline(hh_mm: str, price_zone: str, now: datetime) -> datetime:
    zone = local_zone(price_zone)
    local = now.astimezone(zone)
    hour, minute = (int(part) for part in hh_mm[:5].split(":"))
    deadline = datetime.combine(local.date(), time(hour, minute), tzinfo=zone)
    return deadline if deadline > local else deadline + timedelta(days=1)


def _heat_pump_plan(price_zone: str, prices: dict[datetime, float]) -> dict[datetime, float]:
    zone = local_zone(price_zone)
    by_day: dict[object, list[tuple[float, datetime]]] = {}
    for start, price in prices.items():
        by_day.setdefault(start.astimezone(zone).date(), []).append((price, start))
    plan: dict[datetime, float] = {}
    for hours in by_day.values():
        for _price, start in sorted(hours)[:HEAT_PUMP_HOURS]:
            plan[start] = float(HEAT_PUMP_WH_PER_HOUR) * _hours(start, prices)
    return plan
