"""What a device did in the past: 15-minute prices and consumption, charging sessions, savings.

Believable and deterministic: every day's numbers come from a random generator seeded with the price zone or
the device id and the day, so the same day always has the same numbers, whenever it is asked for.

- Prices (EUR/MWh) follow a day-ahead market's shape: cheap nights and noon, dear mornings and evenings.
- A heat pump or an inverter needs a day's energy (more on a cold day); without optimization it draws it in a
  fixed daily pattern, with optimization Podero moves part of it into the cheaper quarters of the same day.
- A car plugs in most evenings; without optimization it charges at once, with optimization in the cheapest
  quarters before 07:00 the next morning. Away from home nothing is optimized.

Savings are what the unoptimized consumption would have cost at the same prices minus what the optimized one
did. History starts HISTORY_DAYS before today (UTC) and ends now: nothing is known about the future.
"""

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .model import ELECTRIC_VEHICLES, INVERTERS

HISTORY_DAYS = 70
QUARTER = timedelta(minutes=15)
QUARTERS_PER_DAY = 96
ZONE_TIMEZONES = {"DE_LU": "Europe/Berlin", "AT": "Europe/Vienna", "AT_HOURLY": "Europe/Vienna"}
EV_CHARGE_POWER_KW = 11.0


@dataclass(frozen=True)
class Quarter:
    """One 15-minute slot: the market price, and the energy drawn with and without optimization."""

    start: datetime
    price: float  # EUR/MWh
    optimized_wh: float
    unoptimized_wh: float


@dataclass(frozen=True)
class Session:
    """A completed charging session, in the fields of podero-api.md §5.7."""

    id: str
    plug_in: datetime
    unplug: datetime
    deadline: datetime
    charge_start: datetime
    charge_end: datetime
    initial_soc: int
    final_soc: int
    target_soc: int
    energy_kwh: float
    cost_eur: float
    unoptimized_cost_eur: float
    is_at_home: bool
    optimized: dict[datetime, float]  # quarter start -> Wh
    unoptimized: dict[datetime, float]

    def as_json(self) -> dict[str, object]:
        hours = max((self.charge_end - self.charge_start).total_seconds() / 3600, 0.25)
        savings = round(self.unoptimized_cost_eur - self.cost_eur, 2)
        return {
            "id": self.id,
            "plug_in_time": iso(self.plug_in),
            "unplug_time": iso(self.unplug),
            "inferred_session_end": iso(self.unplug),
            "desired_charging_start_time": iso(self.charge_start),
            "desired_charging_end_time": iso(self.charge_end),
            "charge_deadline": iso(self.deadline),
            "target_soc_pct": self.target_soc,
            "initial_soc_pct": self.initial_soc,
            "final_soc_pct": self.final_soc,
            "energy_charged_kwh": round(self.energy_kwh, 2),
            "avg_charge_power_kw": round(self.energy_kwh / hours, 1),
            "peak_charge_power_kw": EV_CHARGE_POWER_KW,
            "actual_cost_eur": round(self.cost_eur, 2),
            "expected_savings_eur": round(savings * 1.05, 2) if self.is_at_home else 0.0,
            "actual_savings_eur": savings,
            "is_at_home": self.is_at_home,
            "session_outcome": None if self.is_at_home else "not_at_home",
        }


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


# Cars: sessions


@lru_cache(maxsize=4096)
def session_of_day(device_id: str, price_zone: str, day: date) -> Session | None:
    """The session that began on the evening of `day` (local time), if the car was plugged in then."""
    rng = random.Random(f"session:{device_id}:{day.isoformat()}")  # noqa: S311 - demo numbers, not secrets
    if rng.random() > 0.55:
        return None
    zone = local_zone(price_zone)
    plug_in = datetime.combine(day, time(17, 30), tzinfo=zone) + timedelta(minutes=15 * rng.randrange(13))
    deadline = datetime.combine(day + timedelta(days=1), time(7), tzinfo=zone)
    unplug = deadline + timedelta(minutes=rng.randrange(10, 90))
    is_at_home = rng.random() > 0.12
    initial_soc = rng.randrange(38, 70)
    target_soc = 80
    energy_kwh = round((target_soc - initial_soc) / 100 * 75 * rng.uniform(0.93, 1.0), 2)
    plug_in, deadline = plug_in.astimezone(UTC), deadline.astimezone(UTC)
    window = []
    slot = plug_in
    while slot + QUARTER <= deadline:
        window.append(slot)
        slot += QUARTER
    per_quarter = EV_CHARGE_POWER_KW * 250  # Wh in 15 minutes
    needed = math.ceil(energy_kwh * 1000 / per_quarter)
    unoptimized_slots = window[:needed]
    if is_at_home:
        optimized_slots = sorted(sorted(window, key=lambda s: price_at(price_zone, s))[:needed])
    else:
        optimized_slots = unoptimized_slots
    optimized = _fill(optimized_slots, energy_kwh * 1000, per_quarter)
    unoptimized = _fill(unoptimized_slots, energy_kwh * 1000, per_quarter)
    return Session(
        id=str(_uuid_from(rng)),
        plug_in=plug_in,
        unplug=unplug.astimezone(UTC),
        deadline=deadline,
        charge_start=optimized_slots[0],
        charge_end=optimized_slots[-1] + QUARTER,
        initial_soc=initial_soc,
        final_soc=target_soc,
        target_soc=target_soc,
        energy_kwh=energy_kwh,
        cost_eur=_cost(price_zone, optimized),
        unoptimized_cost_eur=_cost(price_zone, unoptimized),
        is_at_home=is_at_home,
        optimized=optimized,
        unoptimized=unoptimized,
    )


def _fill(slots: list[datetime], total_wh: float, per_quarter: float) -> dict[datetime, float]:
    filled, left = {}, total_wh
    for slot in slots:
        amount = min(per_quarter, left)
        filled[slot] = amount
        left -= amount
    return filled


def _cost(price_zone: str, energy: dict[datetime, float]) -> float:
    return sum(wh / 1_000_000 * price_at(price_zone, slot) for slot, wh in energy.items())


def _uuid_from(rng: random.Random) -> str:
    value = rng.getrandbits(128)
    value = (value & ~(0xF000 << 64)) | (0x4000 << 64)  # version 4
    value = (value & ~(0xC000 << 48)) | (0x8000 << 48)  # RFC 4122 variant
    hex_value = f"{value:032x}"
    return f"{hex_value[:8]}-{hex_value[8:12]}-{hex_value[12:16]}-{hex_value[16:20]}-{hex_value[20:]}"


def sessions(device_id: str, price_zone: str, now: datetime) -> list[Session]:
    """Completed sessions in the history window, newest first."""
    first = history_start(now).date()
    found = []
    day = first
    while day <= now.date():
        session = session_of_day(device_id, price_zone, day)
        if session is not None and session.plug_in >= history_start(now) and session.unplug <= now:
            found.append(session)
        day += timedelta(days=1)
    return sorted(found, key=lambda session: session.plug_in, reverse=True)


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
