"""A car's completed charging sessions in the sandbox's history, in the fields of podero-api.md §5.7. A car plugs
in most evenings; without optimization it charges at once, with optimization in the cheapest quarters before
07:00 the next morning. Away from home nothing is optimized. A session's savings are what charging at once
would have cost at the same prices minus what it did. Each evening's session comes from a random generator
seeded with the device id and the day, so it is the same whenever it is asked for."""

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from .history_prices import QUARTER, history_start, iso, local_zone, price_at

EV_CHARGE_POWER_KW = 11.0


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
