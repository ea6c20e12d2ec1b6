"""What a device used in the past, quarter by quarter: the price (history_prices.py) and the energy drawn with
and without optimization, for any range within the history window. A heat pump or an inverter needs a day's
energy (more on a cold day); without optimization it draws it in a fixed daily pattern, with optimization Podero
moves part of it into the cheaper quarters of the same day. A car draws what its charging sessions
(history_sessions.py) charged. Savings are what the unoptimized energy would have cost at the same prices minus
what the optimized energy did. Believable and deterministic: a day's use comes from a random generator seeded
with the device id and the day. Nothing is known about the future."""

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from .history_prices import QUARTER, QUARTERS_PER_DAY, day_prices, history_start, local_zone, price_at
from .history_sessions import session_of_day
from .model import ELECTRIC_VEHICLES, INVERTERS


@dataclass(frozen=True)
class Quarter:
    """One 15-minute slot: the market price, and the energy drawn with and without optimization."""

    start: datetime
    price: float  # EUR/MWh
    optimized_wh: float
    unoptimized_wh: float


# Heat pumps and inverters: a day's energy, moved within the day


@lru_cache(maxsize=2048)
def steady_day(device_id: str, kind: str, price_zone: str, day: date) -> tuple[Quarter, ...]:
    rng = random.Random(f"use:{device_id}:{day.isoformat()}")  # noqa: S311 - demo numbers, not secrets
    zone = local_zone(price_zone)
    prices = day_prices(price_zone, day)
    if kind == INVERTERS:
        # Grid import of a house with solar and a battery: the battery moves a good share of it.
        daily_kwh, flexibility = rng.uniform(6, 11), 1.4
    else:
        outdoor = 4 + 4 * math.sin(day.toordinal() / 9) + rng.gauss(0, 2)
        daily_kwh, flexibility = max(12.0, 42 - 2.4 * outdoor), 0.8
    starts = [
        datetime.combine(day, time(), tzinfo=UTC) + index * QUARTER for index in range(QUARTERS_PER_DAY)
    ]
    pattern = [_use_pattern(start.astimezone(zone).hour) for start in starts]
    unoptimized = _spread(daily_kwh * 1000, pattern)
    mean = sum(prices) / len(prices)
    spread = (max(prices) - min(prices)) or 1
    weights = [
        share * math.exp(-flexibility * 3 * (price - mean) / spread)
        for share, price in zip(pattern, prices, strict=True)
    ]
    # Optimizing also avoids a little waste (pre-heating at the right time needs less energy overall).
    optimized = _spread(daily_kwh * 1000 * 0.985, weights)
    return tuple(
        Quarter(start, price, round(opt, 1), round(unopt, 1))
        for start, price, opt, unopt in zip(starts, prices, optimized, unoptimized, strict=True)
    )


def _use_pattern(local_hour: int) -> float:
    if 6 <= local_hour < 9:
        return 1.6
    if 17 <= local_hour < 22:
        return 1.4
    if local_hour < 5:
        return 0.7
    return 1.0


def _spread(total: float, weights: list[float]) -> list[float]:
    whole = sum(weights)
    return [total * weight / whole for weight in weights]


# Every kind: the quarters of a range


def quarters(
    device_id: str, kind: str, price_zone: str, start: datetime, end: datetime, now: datetime
) -> list[Quarter]:
    """The known quarters in [start, end): none before the history starts or after now."""
    start = max(_floor_quarter(start), history_start(now))
    end = min(end, _floor_quarter(now))
    if start >= end:
        return []
    return list(_quarters(device_id, kind, price_zone, start, end, history_start(now), _floor_quarter(now)))


@lru_cache(maxsize=256)
def _quarters(
    device_id: str, kind: str, price_zone: str, start: datetime, end: datetime, first: datetime, now: datetime
) -> tuple[Quarter, ...]:
    # Cached: a page asks the same range again and again, and the numbers of a past quarter never change.
    if kind == ELECTRIC_VEHICLES:
        return tuple(_ev_quarters(device_id, price_zone, start, end, now))
    found: list[Quarter] = []
    day = start.date()
    while day <= (end - QUARTER).date():
        found.extend(q for q in steady_day(device_id, kind, price_zone, day) if start <= q.start < end)
        day += timedelta(days=1)
    return tuple(found)


def _ev_quarters(
    device_id: str, price_zone: str, start: datetime, end: datetime, now: datetime
) -> list[Quarter]:
    optimized: dict[datetime, float] = {}
    unoptimized: dict[datetime, float] = {}
    day = start.date() - timedelta(days=1)
    while day <= end.date():
        session = session_of_day(device_id, price_zone, day)
        if session is not None and session.unplug <= now:
            for slot, wh in session.optimized.items():
                optimized[slot] = optimized.get(slot, 0) + wh
            for slot, wh in session.unoptimized.items():
                unoptimized[slot] = unoptimized.get(slot, 0) + wh
        day += timedelta(days=1)
    found = []
    slot = start
    while slot < end:
        found.append(
            Quarter(
                slot,
                price_at(price_zone, slot),
                round(optimized.get(slot, 0.0), 1),
                round(unoptimized.get(slot, 0.0), 1),
            )
        )
        slot += QUARTER
    return found


def _floor_quarter(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return moment - timedelta(minutes=moment.minute % 15)
