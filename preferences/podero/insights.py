"""What smart optimization did, as Podero reports it: savings, energy time series, charging sessions, and the
start of a reconnection (podero-api.md §4.5, §5.7, §5.8, §6.5, §9.4).

Read tolerantly: these answers only feed charts and sentences, so a field that is missing, null or of an
unexpected type becomes None (logged once per read) instead of failing the whole card; unknown fields are
ignored. Units follow `metadata.units` when Podero names them, else the readings below:
- savings.total in EUR, savings.percentage in percent (12.5 = 12.5 %), consumption.total in kWh;
- a data point's price in EUR/MWh (the docs' example 52.1 is a day-ahead price), consumption in Wh per point.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID

from . import answers
from .json_fields import to_datetime, to_float
from .sessions import ChargingSession, SessionPage, parse_current_session, read_session_page
from .tolerant import Reader, list_of, object_of, unit_of, whole
from .types import DeviceKind

logger = logging.getLogger(__name__)

SAVINGS_RESOLUTIONS = ("1DAY", "1WEEK", "1MONTH", "1QUARTER", "1YEAR")
DATA_RESOLUTIONS = ("15MIN", "1HOUR", "1DAY", "1WEEK", "1MONTH")
DATA_KEYWORDS = "price,estimated_consumption,unoptimized_consumption"
MAX_SESSIONS_PER_PAGE = 200
# Price units Podero might name, as factors to EUR per kWh.
PRICE_UNITS = {"eur/mwh": 0.001, "eur/kwh": 1.0, "ct/kwh": 0.01, "cent/kwh": 0.01}
ENERGY_UNITS = {"wh": 0.001, "kwh": 1.0, "mwh": 1000.0}
EUROS = {"eur", "€", "euro", "euros"}


def to_share(value: Any) -> float:
    """A percentage saved: at most all of the cost (100), and a loss of at most as much again (-100)."""
    number = to_float(value)
    if not -100 <= number <= 100:
        raise ValueError
    return number


@dataclass(frozen=True)
class SavingsPeriod:
    """One bucket of /savings."""

    start: datetime
    end: datetime | None
    savings_eur: float | None
    savings_percent: float | None
    consumption_kwh: float | None
    charge_sessions: int | None = None
    # Podero gave the savings in this currency, not in euros: the portal says so instead of showing them in €.
    other_currency: str | None = None

    @property
    def unoptimized_cost_eur(self) -> float | None:
        """What the period would have cost without optimization, if Podero's numbers tell."""
        if self.savings_eur is None or not self.savings_percent:
            return None
        return self.savings_eur / (self.savings_percent / 100)


@dataclass(frozen=True)
class Savings:
    periods: tuple[SavingsPeriod, ...]

    @classmethod
    def from_json(cls, data: Any) -> "Savings":
        body = object_of(data, "savings")
        metadata = body.get("metadata")
        read = Reader("savings")
        energy_factor = ENERGY_UNITS.get(unit_of(metadata, "consumption.total", "consumption"), 1.0)
        currency = unit_of(metadata, "savings.total", "savings")
        other_currency = currency.upper() if currency and currency not in EUROS else None
        if other_currency:
            answers.note("savings: metadata.units names a currency other than EUR")
        periods = []
        for item in list_of(body.get("data") or [], "savings data"):
            period = item.get("period") if isinstance(item, Mapping) else None
            start = read.get(period, "start_period", to_datetime)
            if start is None:
                read.unreadable.add("period.start_period")
                continue
            consumption = read.get(item.get("consumption"), "total", to_float)
            if consumption is not None:
                consumption *= energy_factor
            else:
                consumption = _device_consumption_kwh(read, item)
            ev = item.get("electric_vehicle")
            periods.append(
                SavingsPeriod(
                    start=start,
                    end=read.get(period, "end_period", to_datetime),
                    savings_eur=None if other_currency else read.get(item.get("savings"), "total", to_float),
                    savings_percent=read.get(item.get("savings"), "percentage", to_share),
                    consumption_kwh=consumption,
                    charge_sessions=read.get(ev, "charge_session_count", whole),
                    other_currency=other_currency,
                )
            )
        read.done()
        return cls(periods=tuple(sorted(periods, key=lambda period: period.start)))


def _device_consumption_kwh(read: Reader, item: Mapping[str, Any]) -> float | None:
    for kind in ("heat_pump", "electric_vehicle"):
        wh = read.get(item.get(kind), "estimated_consumption_wh", to_float)
        if wh is not None:
            return wh / 1000
    return None


@dataclass(frozen=True)
class EnergyPoint:
    """One point of /data: the market price and the energy used with and without optimization."""

    time: datetime
    price_eur_per_kwh: float | None
    optimized_kwh: float | None
    unoptimized_kwh: float | None


def parse_energy_points(data: Any) -> list[EnergyPoint]:
    body = object_of(data, "data")
    metadata = body.get("metadata")
    price_factor = PRICE_UNITS.get(unit_of(metadata, "price"), 0.001)
    energy_factor = ENERGY_UNITS.get(
        unit_of(metadata, "estimated_consumption", "unoptimized_consumption", "consumption"), 0.001
    )
    read = Reader("data")
    points = []
    for item in list_of(body.get("data") or [], "data points"):
        moment = read.get(item, "time", to_datetime)
        if moment is None:
            read.unreadable.add("time")
            continue
        price = read.get(item, "price", to_float)
        optimized = read.get(item, "estimated_consumption", to_float)
        unoptimized = read.get(item, "unoptimized_consumption", to_float)
        points.append(
            EnergyPoint(
                time=moment,
                price_eur_per_kwh=None if price is None else price * price_factor,
                optimized_kwh=None if optimized is None else optimized * energy_factor,
                unoptimized_kwh=None if unoptimized is None else unoptimized * energy_factor,
            )
        )
    read.done()
    return sorted(points, key=lambda point: point.time)


class _Client(Protocol):
    def _call_json[T](self, method: str, path: str, parse: Callable[[Any], T], **extra: Any) -> T: ...

    def _device_path(self, user_id: UUID | str, kind: str, device_id: UUID | str, *rest: str) -> str: ...


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class InsightCalls:
    """The read calls behind the savings and history cards, mixed into PoderoClient."""

    def get_savings(
        self: _Client,
        kind: str,
        *,
        user_id: UUID | str,
        device_id: UUID | str,
        start: datetime,
        end: datetime,
        resolution: str = "1MONTH",
    ) -> Savings:
        if resolution not in SAVINGS_RESOLUTIONS:
            raise ValueError(f"resolution must be one of {SAVINGS_RESOLUTIONS}")
        path = self._device_path(user_id, kind, device_id, "savings")
        params = {"from": _moment(start), "to": _moment(end), "resolution": resolution}
        return self._call_json("GET", path, Savings.from_json, params=params)

    def get_energy_data(
        self: _Client,
        kind: str,
        *,
        user_id: UUID | str,
        device_id: UUID | str,
        start: datetime,
        end: datetime,
        resolution: str = "1HOUR",
    ) -> list[EnergyPoint]:
        """Price and consumption with and without optimization. `fill-missing` asks for nulls rather than a 400
        when a range has no data (podero-api.md §4.5)."""
        if resolution not in DATA_RESOLUTIONS:
            raise ValueError(f"resolution must be one of {DATA_RESOLUTIONS}")
        params = {"from_datetime": _moment(start), "to_datetime": _moment(end), "resolution": resolution}
        if kind != DeviceKind.INVERTER:
            # The inverter's (beta) keyword list has no consumption keywords (§6.5): ask it for everything.
            params["keywords"] = DATA_KEYWORDS
        path = self._device_path(user_id, kind, device_id, "data")
        return self._call_json(
            "GET", path, parse_energy_points, params=params, headers={"fill-missing": "true"}
        )

    def list_charging_sessions(
        self: _Client,
        *,
        user_id: UUID | str,
        ev_id: UUID | str,
        first_day: date,
        last_day: date,
        limit: int = 50,
        offset: int = 0,
    ) -> SessionPage:
        """Completed sessions plugged in from `first_day` to `last_day` (inclusive, UTC days)."""
        if not 1 <= limit <= MAX_SESSIONS_PER_PAGE or offset < 0:
            raise ValueError("limit must be 1-200 and offset at least 0")
        path = self._device_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "sessions")
        days = {"from": first_day.isoformat(), "to": last_day.isoformat()}

        def page_at(podero_offset: int, count: int) -> tuple[SessionPage, bool]:
            return self._call_json(
                "GET",
                path,
                lambda body: read_session_page(body, offset=offset, limit=limit),
                params=days | {"limit": count, "offset": podero_offset},
            )

        page, oldest_first = page_at(offset, limit)
        if not oldest_first or page.total <= limit or offset >= page.total:
            return page
        # Podero pages oldest first: the newest-first page asked for is at the other end of its list.
        mirrored = max(page.total - offset - limit, 0)
        return page_at(mirrored, min(limit, page.total - offset))[0]

    def get_current_session(
        self: _Client, *, user_id: UUID | str, ev_id: UUID | str
    ) -> ChargingSession | None:
        path = self._device_path(user_id, DeviceKind.ELECTRIC_VEHICLE, ev_id, "sessions", "current")
        return self._call_json("GET", path, parse_current_session)
