"""The calendar and the prices of the sandbox's history: 15-minute quarters in UTC, a window that starts
HISTORY_DAYS before today (UTC) and ends now, and the day-ahead market price (EUR/MWh) of each quarter in a
price zone, following a day-ahead market's shape: cheap nights and noon, dear mornings and evenings. Every day's
prices come from a random generator seeded with the price zone and the day, so the same day always has the same
prices, whenever it is asked for."""

import math
import random
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

HISTORY_DAYS = 70
QUARTER = timedelta(minutes=15)
QUARTERS_PER_DAY = 96
ZONE_TIMEZONES = {"DE_LU": "Europe/Berlin", "AT": "Europe/Vienna", "AT_HOURLY": "Europe/Vienna"}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def history_start(now: datetime) -> datetime:
    return datetime.combine(now.date() - timedelta(days=HISTORY_DAYS), time(), tzinfo=UTC)


def local_zone(price_zone: str) -> ZoneInfo:
    return ZoneInfo(ZONE_TIMEZONES.get(price_zone, "Europe/Berlin"))


# Prices


@lru_cache(maxsize=512)
def day_prices(price_zone: str, day: date) -> tuple[float, ...]:
    """The day-ahead price of each quarter of a UTC day, in EUR/MWh."""
    rng = random.Random(f"price:{price_zone}:{day.isoformat()}")  # noqa: S311 - demo numbers, not secrets
    zone = local_zone(price_zone)
    level = rng.uniform(70, 125)
    windy = rng.random() < 0.2  # a windy day: cheap all day
    prices = []
    for index in range(QUARTERS_PER_DAY):
        start = datetime.combine(day, time(), tzinfo=UTC) + index * QUARTER
        hour = start.astimezone(zone).hour + start.minute / 60
        shape = _price_shape(hour)
        price = level * (0.45 if windy else 1) + shape + rng.gauss(0, 5)
        prices.append(round(price, 2))
    return tuple(prices)


def _price_shape(hour: float) -> float:
    morning = 32 * math.exp(-((hour - 8) ** 2) / 2.5)
    evening = 48 * math.exp(-((hour - 18.5) ** 2) / 3)
    noon = -30 * math.exp(-((hour - 13) ** 2) / 4)
    night = -22 if hour < 5 else 0
    return morning + evening + noon + night


def price_at(price_zone: str, start: datetime) -> float:
    index = (start.hour * 60 + start.minute) // 15
    return day_prices(price_zone, start.date())[index]
