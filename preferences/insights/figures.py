"""What smart optimization did, as numbers: Podero's buckets added up per month, day, hour of day and week of
the homeowner (their time zone). Pure: no reads, no cache."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from preferences import podero

logger = logging.getLogger(__name__)


# Dates and ranges in the homeowner's time zone


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


# Reads, each cached


@dataclass(frozen=True)
class MonthSavings:
    """One calendar month (in the homeowner's time zone): what optimization saved, and the energy used."""

    month: date
    savings_eur: float | None
    savings_percent: float | None
    consumption_kwh: float | None
    other_currency: str | None = None  # Podero gave the savings in this currency, not in euros

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
    partial: bool = False  # this week, so far


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
        other_currency=next((period.other_currency for period in periods if period.other_currency), None),
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
    summaries = list(summaries)
    months = [summary.this_month for summary in summaries if summary.this_month.known]
    if not months:
        # No euros to add up: say so when Podero gave them in another currency.
        foreign = [summary.this_month for summary in summaries if summary.this_month.other_currency]
        return foreign[0] if foreign else None
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


def group_by_week(
    sessions: Iterable[podero.ChargingSession],
    zone: ZoneInfo,
    first_week: date,
    weeks: int,
    *,
    today: date | None = None,
) -> list[WeekCharging]:
    """`today`'s week is marked partial: it is not over."""
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
    return [
        WeekCharging(
            week,
            int(t[0]),
            t[1],
            t[2],
            t[3],
            partial=today is not None and week <= today < week + timedelta(days=7),
        )
        for week, t in totals.items()
    ]
