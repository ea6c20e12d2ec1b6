"""What smart optimization did for a homeowner, read from Podero and kept in the shared cache.

Savings, the energy history and past charging sessions change slowly, so each answer is kept
PODERO_HISTORY_CACHE_SECONDS (an hour) under a key naming the device and the range; the car's current session
is kept as long as the device state (PODERO_DEVICE_CACHE_SECONDS). Months, days and weeks are the homeowner's
own (their time zone). Values in the cache are plain data (dicts, lists, numbers, datetimes), rebuilt into the
dataclasses on read: an entry that no longer fits them is a miss.

`Prefetch` starts the reads for a page in the background pool at once, so they run in parallel with the page's
device reads and cost no extra round trip.
"""

import dataclasses
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, wait
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from preferences import podero, selectors
from preferences.models import Device, Homeowner

logger = logging.getLogger(__name__)

VERSION = "h1"
SESSIONS_PER_PAGE = 10
SESSION_HISTORY_DAYS = 365
CHART_DAYS = 30
CHART_WEEKS = 8


@dataclass(frozen=True)
class MonthSavings:
    """One calendar month (in the homeowner's time zone): what optimization saved, and the energy used."""

    month: date
    savings_eur: float | None
    savings_percent: float | None
    consumption_kwh: float | None

    @property
    def known(self) -> bool:
        return self.savings_eur is not None


@dataclass(frozen=True)
class SavingsSummary:
    this_month: MonthSavings
    last_month: MonthSavings


@dataclass(frozen=True)
class DayEnergy:
    """One day of the 30-day chart: energy used, what it cost, and what it would have cost unoptimized."""

    day: date
    optimized_kwh: float
    unoptimized_kwh: float
    cost_eur: float
    unoptimized_cost_eur: float
    average_price_eur_per_kwh: float | None

    @property
    def savings_eur(self) -> float:
        return self.unoptimized_cost_eur - self.cost_eur


@dataclass(frozen=True)
class WeekCharging:
    """One week (from Monday) of a car's charging: sessions, energy, cost and savings."""

    week: date
    sessions: int
    energy_kwh: float
    cost_eur: float
    savings_eur: float


# Dates and ranges in the homeowner's time zone


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


# Reads, each cached


def savings_summary(device: Device, *, now: datetime) -> SavingsSummary:
    """This month and last month. One /savings call for both (resolution 1MONTH), cached. Raises podero errors."""
    zone = ZoneInfo(device.homeowner.timezone)
    this_month = month_start(now.astimezone(zone).date())
    last_month = previous_month(this_month)
    start, end = _midnight(last_month, zone), _midnight(next_month(this_month), zone)
    savings = _cached(
        savings_key(device, now=now),
        lambda: podero.get_client().get_savings(
            device.kind,
            user_id=device.homeowner.podero_user_id,
            device_id=device.podero_id,
            start=start,
            end=end,
            resolution="1MONTH",
        ),
        podero.Savings,
    )
    by_month = group_by_month(savings.periods, zone)
    return SavingsSummary(
        this_month=by_month.get(this_month, MonthSavings(this_month, None, None, None)),
        last_month=by_month.get(last_month, MonthSavings(last_month, None, None, None)),
    )


def group_by_month(periods: Iterable[podero.SavingsPeriod], zone: ZoneInfo) -> dict[date, MonthSavings]:
    """Podero's buckets added up per calendar month of the homeowner, each counted in the month of its middle.

    Podero may start buckets at our `from` or at calendar months in UTC: either way each lands in its month."""
    grouped: dict[date, list[podero.SavingsPeriod]] = {}
    for period in periods:
        end = period.end or period.start
        middle = period.start + (end - period.start) / 2
        grouped.setdefault(month_start(middle.astimezone(zone).date()), []).append(period)
    return {month: _combine(month, found) for month, found in grouped.items()}


def _combine(month: date, periods: list[podero.SavingsPeriod]) -> MonthSavings:
    known = [period for period in periods if period.savings_eur is not None]
    savings = sum(period.savings_eur or 0 for period in known) if known else None
    consumption = [period.consumption_kwh for period in periods if period.consumption_kwh is not None]
    return MonthSavings(
        month=month,
        savings_eur=savings,
        savings_percent=combined_percent(known),
        consumption_kwh=sum(consumption) if consumption else None,
    )


def combined_percent(periods: Iterable[Any]) -> float | None:
    """The percentage saved over several periods or devices: total savings over what it all would have cost."""
    periods = list(periods)
    if len(periods) == 1:
        percent: float | None = periods[0].savings_percent
        return percent
    unoptimized = [_unoptimized_cost(period) for period in periods]
    if not periods or any(cost is None for cost in unoptimized):
        return None
    total = sum(cost for cost in unoptimized if cost is not None)
    saved: float = sum(period.savings_eur for period in periods)
    return saved / total * 100 if total else None


def _unoptimized_cost(period: Any) -> float | None:
    if period.savings_eur is None or not period.savings_percent:
        return None
    cost: float = period.savings_eur / (period.savings_percent / 100)
    return cost


def month_total(summaries: Iterable[SavingsSummary]) -> MonthSavings | None:
    """This month over all devices, or None when no device's savings are known."""
    months = [summary.this_month for summary in summaries if summary.this_month.known]
    if not months:
        return None
    return MonthSavings(
        month=months[0].month,
        savings_eur=sum(month.savings_eur or 0 for month in months),
        savings_percent=combined_percent(months),
        consumption_kwh=None,
    )


@dataclass(frozen=True)
class HourOfDay:
    """One hour of an average day over the chart's 30 days: when the energy was used, and what it cost then."""

    hour: int
    optimized_kwh: float
    unoptimized_kwh: float
    average_price_eur_per_kwh: float | None


@dataclass(frozen=True)
class EnergyHistory:
    """The last 30 whole days, per day and as an average day (hour by hour)."""

    days: list[DayEnergy]
    hours: list[HourOfDay]

    @property
    def cost_eur(self) -> float:
        return sum(day.cost_eur for day in self.days)

    @property
    def unoptimized_cost_eur(self) -> float:
        return sum(day.unoptimized_cost_eur for day in self.days)

    @property
    def energy_kwh(self) -> float:
        return sum(day.optimized_kwh for day in self.days)


def last_30_days(device: Device, *, now: datetime) -> EnergyHistory:
    """The last 30 whole days: energy with and without optimization, its cost, and the price. One /data call
    (hourly), cached."""
    zone = ZoneInfo(device.homeowner.timezone)
    today = now.astimezone(zone).date()
    first = today - timedelta(days=CHART_DAYS)
    key = _key(device, "data", today.isoformat(), device.homeowner.timezone)
    points = _cached(
        key,
        lambda: podero.get_client().get_energy_data(
            device.kind,
            user_id=device.homeowner.podero_user_id,
            device_id=device.podero_id,
            start=_midnight(first, zone),
            end=_midnight(today, zone),
            resolution="1HOUR",
        ),
        list[podero.EnergyPoint],
    )
    return EnergyHistory(days=daily_energy(points, zone), hours=average_day(points, zone))


def daily_energy(points: Iterable[podero.EnergyPoint], zone: ZoneInfo) -> list[DayEnergy]:
    days: dict[date, list[podero.EnergyPoint]] = {}
    for point in points:
        days.setdefault(point.time.astimezone(zone).date(), []).append(point)
    found = []
    for day, inside in sorted(days.items()):
        priced = [p for p in inside if p.price_eur_per_kwh is not None]
        if not any(p.optimized_kwh is not None for p in inside):
            continue
        found.append(
            DayEnergy(
                day=day,
                optimized_kwh=sum(p.optimized_kwh or 0 for p in inside),
                unoptimized_kwh=sum(p.unoptimized_kwh or 0 for p in inside),
                cost_eur=sum((p.optimized_kwh or 0) * (p.price_eur_per_kwh or 0) for p in priced),
                unoptimized_cost_eur=sum(
                    (p.unoptimized_kwh or 0) * (p.price_eur_per_kwh or 0) for p in priced
                ),
                average_price_eur_per_kwh=_mean([p.price_eur_per_kwh for p in priced]),
            )
        )
    return found


def average_day(points: Iterable[podero.EnergyPoint], zone: ZoneInfo) -> list[HourOfDay]:
    """Each hour of the day (local time) averaged over the days with data: where optimization moved the energy."""
    hours: dict[int, list[podero.EnergyPoint]] = {}
    for point in points:
        if point.optimized_kwh is not None:
            hours.setdefault(point.time.astimezone(zone).hour, []).append(point)
    return [
        HourOfDay(
            hour=hour,
            optimized_kwh=_mean([p.optimized_kwh or 0 for p in inside]) or 0.0,
            unoptimized_kwh=_mean([p.unoptimized_kwh or 0 for p in inside]) or 0.0,
            average_price_eur_per_kwh=_mean(
                [p.price_eur_per_kwh for p in inside if p.price_eur_per_kwh is not None]
            ),
        )
        for hour, inside in sorted(hours.items())
    ]


def _mean(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return sum(known) / len(known) if known else None


def session_page(ev: Device, *, offset: int, now: datetime) -> podero.SessionPage:
    """One page of the car's past sessions, newest first, as Podero pages them (limit/offset). Cached."""
    offset = max(offset, 0)
    last_day = now.date()
    first_day = last_day - timedelta(days=SESSION_HISTORY_DAYS)
    key = _key(ev, "sessions", last_day.isoformat(), str(offset), str(SESSIONS_PER_PAGE))
    page: podero.SessionPage = _cached(
        key,
        lambda: podero.get_client().list_charging_sessions(
            user_id=ev.homeowner.podero_user_id,
            ev_id=ev.podero_id,
            first_day=first_day,
            last_day=last_day,
            limit=SESSIONS_PER_PAGE,
            offset=offset,
        ),
        podero.SessionPage,
    )
    return page


def weekly_charging(ev: Device, *, now: datetime) -> list[WeekCharging]:
    """Energy, cost and savings per week over the last 8 weeks, from the sessions (one call of up to 200)."""
    zone = ZoneInfo(ev.homeowner.timezone)
    today = now.astimezone(zone).date()
    this_week = today - timedelta(days=today.weekday())
    first_week = this_week - timedelta(weeks=CHART_WEEKS - 1)
    key = _key(ev, "weeks", today.isoformat(), ev.homeowner.timezone)
    page = _cached(
        key,
        lambda: podero.get_client().list_charging_sessions(
            user_id=ev.homeowner.podero_user_id,
            ev_id=ev.podero_id,
            first_day=first_week - timedelta(days=1),  # Podero's days are UTC days
            last_day=today,
            limit=podero.insights.MAX_SESSIONS_PER_PAGE,
        ),
        podero.SessionPage,
    )
    return group_by_week(page.items, zone, first_week, CHART_WEEKS)


def group_by_week(
    sessions: Iterable[podero.ChargingSession], zone: ZoneInfo, first_week: date, weeks: int
) -> list[WeekCharging]:
    totals = {first_week + timedelta(weeks=index): [0, 0.0, 0.0, 0.0] for index in range(weeks)}
    for session in sessions:
        if session.plug_in is None:
            continue
        day = session.plug_in.astimezone(zone).date()
        week = day - timedelta(days=day.weekday())
        if week in totals:
            total = totals[week]
            total[0] += 1
            total[1] += session.energy_kwh or 0
            total[2] += session.cost_eur or 0
            total[3] += session.savings_eur or 0
    return [WeekCharging(week, int(t[0]), t[1], t[2], t[3]) for week, t in totals.items()]


def current_session(ev: Device) -> podero.ChargingSession | None:
    """The session under way, or None. Kept only as long as the device state."""
    key = f"podero:{VERSION}:current-session:{ev.podero_id}"
    ttl = int(getattr(settings, "PODERO_DEVICE_CACHE_SECONDS", 30))
    session: podero.ChargingSession | None = _cached(
        key,
        lambda: podero.get_client().get_current_session(
            user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id
        ),
        podero.ChargingSession | None,
        ttl=ttl,
    )
    return session


# Parallel reads for a page


class Prefetch:
    """Reads started at once in the background pool; `result(name)` waits for one (within the page's deadline)
    and returns its value, or the podero error it raised."""

    def __init__(self, calls: dict[str, Callable[[], Any]]) -> None:
        pool = selectors.podero_pool()
        self._futures: dict[str, Future[Any]] = {
            name: pool.submit(_in_thread, call) for name, call in calls.items()
        }

    def result(self, name: str, *, timeout: float | None = None) -> Any:
        future = self._futures[name]
        wait([future], timeout=timeout if timeout is not None else settings.PODERO_DASHBOARD_DEADLINE)
        if not future.done():
            return podero.PoderoUnavailable(f"No answer for {name} within the page's deadline.")
        return future.result()


def _in_thread(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except podero.PoderoError as exc:
        return exc
    finally:
        connections.close_all()


# The cache


def _key(device: Device, what: str, *parts: str) -> str:
    return ":".join(["podero", VERSION, what, str(device.podero_id), *parts])


def _ttl() -> int:
    return int(getattr(settings, "PODERO_HISTORY_CACHE_SECONDS", 3600))


def _cached(key: str, fetch: Callable[[], Any], shape: Any, *, ttl: int | None = None) -> Any:
    ttl = _ttl() if ttl is None else ttl
    if ttl > 0:
        try:
            stored = cache.get(key)
        except Exception:
            logger.exception("The history cache failed on read; asking Podero instead")
            stored = None
        if isinstance(stored, dict) and "value" in stored:
            try:
                return _thaw(shape, stored["value"])
            except (TypeError, ValueError, KeyError):
                pass  # written by an older version of the portal: ask again
    value = fetch()
    if ttl > 0:
        try:
            cache.set(key, {"value": _freeze(value)}, timeout=ttl)
        except Exception:
            logger.exception("The history cache failed on write")
    return value


def _freeze(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _freeze(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_freeze(item) for item in value]
    return value


def _thaw(shape: Any, data: Any) -> Any:
    if shape == podero.ChargingSession | None:
        return None if data is None else podero.ChargingSession(**data)
    if shape == list[podero.EnergyPoint]:
        return [podero.EnergyPoint(**item) for item in data]
    if shape is podero.Savings:
        return podero.Savings(periods=tuple(podero.SavingsPeriod(**item) for item in data["periods"]))
    if shape is podero.SessionPage:
        items = tuple(podero.ChargingSession(**item) for item in data["items"])
        return podero.SessionPage(
            total=data["total"], items=items, offset=data["offset"], limit=data["limit"]
        )
    raise TypeError(shape)


# The month's total on My devices


@dataclass(frozen=True)
class MonthTotal:
    """This month's savings over all of a homeowner's devices; `missing` names the devices not counted."""

    savings: MonthSavings | None
    missing: list[str]


def start_month_total(
    homeowner: Homeowner, *, now: datetime
) -> Callable[[list[podero.DeviceState]], MonthTotal]:
    """Start reading this month's savings of the devices we know the homeowner has, in the background, so they
    arrive with Podero's device lists (no extra round trip); call the result with the devices Podero listed.

    The total is kept an hour per homeowner (cached_month_total)."""
    key = month_total_key(homeowner, now=now)
    cached = cached_month_total(homeowner, now=now)
    if cached is not None:
        return lambda devices: cached
    rows = list(Device.objects.filter(homeowner=homeowner))
    for row in rows:
        row.homeowner = homeowner  # the reads run in other threads, which must not query
    reads = Prefetch({str(row.podero_id): _summary_read(row, now) for row in rows})

    def finish(devices: list[podero.DeviceState]) -> MonthTotal:
        listed = {str(device.id) for device in devices}
        known = {str(row.podero_id) for row in rows}
        counted = [row for row in rows if str(row.podero_id) in listed]
        results = {row: reads.result(str(row.podero_id)) for row in counted}
        new = (
            list(Device.objects.filter(homeowner=homeowner, podero_id__in=listed - known))
            if listed - known
            else []
        )
        for row in new:
            row.homeowner = homeowner
            results[row] = Prefetch({"savings": _summary_read(row, now)}).result("savings")
        summaries = [result for result in results.values() if isinstance(result, SavingsSummary)]
        missing = sorted(
            str(row) for row, result in results.items() if not isinstance(result, SavingsSummary)
        )
        total = MonthTotal(month_total(summaries), missing)
        if total.savings is not None and not missing:
            try:
                cache.set(key, {"savings": _freeze(total.savings)}, timeout=_ttl())
            except Exception:
                logger.exception("The history cache failed on write")
        return total

    return finish


def cached_month_total(homeowner: Homeowner, *, now: datetime) -> MonthTotal | None:
    """This month's total if the shared cache has it (one cache read, no query), else None."""
    try:
        stored = cache.get(month_total_key(homeowner, now=now))
    except Exception:
        logger.exception("The history cache failed on read; asking Podero instead")
        return None
    if not (isinstance(stored, dict) and "savings" in stored):
        return None
    try:
        return MonthTotal(savings=MonthSavings(**stored["savings"]), missing=[])
    except TypeError:
        return None  # written by an older version of the portal


def month_total_key(homeowner: Homeowner, *, now: datetime) -> str:
    month = month_start(now.astimezone(ZoneInfo(homeowner.timezone)).date())
    return f"podero:{VERSION}:month-total:{homeowner.pk}:{month.isoformat()}"


def savings_key(device: Device, *, now: datetime) -> str:
    """The cache key of `savings_summary(device, now=now)`."""
    this_month = month_start(now.astimezone(ZoneInfo(device.homeowner.timezone)).date())
    return _key(device, "savings", previous_month(this_month).isoformat(), device.homeowner.timezone)


def _summary_read(row: Device, now: datetime) -> Callable[[], SavingsSummary]:
    return lambda: savings_summary(row, now=now)
