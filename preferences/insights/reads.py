"""What smart optimization did for a homeowner, read from Podero and kept in the shared cache.

Savings, the energy history and past charging sessions change slowly, so each answer is kept
PODERO_HISTORY_CACHE_SECONDS (an hour) under a key naming the device and the range; the car's current session
is kept as long as the device state (PODERO_DEVICE_CACHE_SECONDS). Months, days and weeks are the homeowner's
own (their time zone). Values in the cache are plain data (dicts, lists, numbers, datetimes), rebuilt into the
dataclasses on read: an entry that no longer fits them is a miss.
"""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from preferences import podero
from preferences.insights.cache import VERSION, cached, key_of
from preferences.insights.figures import (
    EnergyHistory,
    MonthSavings,
    SavingsSummary,
    WeekCharging,
    average_day,
    daily_energy,
    group_by_month,
    group_by_week,
    midnight,
    month_start,
    next_month,
    previous_month,
)
from preferences.models import Device
from preferences.podero.client import get_client

logger = logging.getLogger(__name__)

SESSIONS_PER_PAGE = 10
SESSION_HISTORY_DAYS = 365
CHART_DAYS = 30
CHART_WEEKS = 8


def savings_key(device: Device, *, now: datetime) -> str:
    """The cache key of `savings_summary(device, now=now)`."""
    this_month = month_start(now.astimezone(ZoneInfo(device.homeowner.timezone)).date())
    return key_of(device, "savings", previous_month(this_month).isoformat(), device.homeowner.timezone)


def savings_summary(device: Device, *, now: datetime) -> SavingsSummary:
    """This month and last month. One /savings call for both (resolution 1MONTH), cached. Raises podero errors."""
    zone = ZoneInfo(device.homeowner.timezone)
    this_month = month_start(now.astimezone(zone).date())
    last_month = previous_month(this_month)
    start, end = midnight(last_month, zone), midnight(next_month(this_month), zone)
    savings = cached(
        savings_key(device, now=now),
        lambda: get_client().get_savings(
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


def last_30_days(device: Device, *, now: datetime) -> EnergyHistory:
    """The last 30 whole days: energy with and without optimization, its cost, and the price. One /data call
    (hourly), cached."""
    zone = ZoneInfo(device.homeowner.timezone)
    today = now.astimezone(zone).date()
    first = today - timedelta(days=CHART_DAYS)
    key = key_of(device, "data", today.isoformat(), device.homeowner.timezone)
    points = cached(
        key,
        lambda: get_client().get_energy_data(
            device.kind,
            user_id=device.homeowner.podero_user_id,
            device_id=device.podero_id,
            start=midnight(first, zone),
            end=midnight(today, zone),
            resolution="1HOUR",
        ),
        list[podero.EnergyPoint],
    )
    return EnergyHistory(days=daily_energy(points, zone), hours=average_day(points, zone))


def session_page(ev: Device, *, offset: int, now: datetime) -> podero.SessionPage:
    """One page of the car's past sessions, newest first, as Podero pages them (limit/offset). Cached."""
    offset = max(offset, 0)
    last_day = now.date()
    first_day = last_day - timedelta(days=SESSION_HISTORY_DAYS)
    key = key_of(ev, "sessions", last_day.isoformat(), str(offset), str(SESSIONS_PER_PAGE))
    page: podero.SessionPage = cached(
        key,
        lambda: get_client().list_charging_sessions(
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
    key = key_of(ev, "weeks", today.isoformat(), ev.homeowner.timezone)
    page = cached(
        key,
        lambda: get_client().list_charging_sessions(
            user_id=ev.homeowner.podero_user_id,
            ev_id=ev.podero_id,
            first_day=first_week - timedelta(days=1),  # Podero's days are UTC days
            last_day=today,
            limit=podero.insights.MAX_SESSIONS_PER_PAGE,
        ),
        podero.SessionPage,
    )
    return group_by_week(page.items, zone, first_week, CHART_WEEKS, today=today)


def current_session(ev: Device) -> podero.ChargingSession | None:
    """The session under way, or None. Kept only as long as the device state."""
    key = f"podero:{VERSION}:current-session:{ev.podero_id}"
    ttl = int(getattr(settings, "PODERO_DEVICE_CACHE_SECONDS", 30))
    session: podero.ChargingSession | None = cached(
        key,
        lambda: get_client().get_current_session(user_id=ev.homeowner.podero_user_id, ev_id=ev.podero_id),
        podero.ChargingSession | None,
        ttl=ttl,
    )
    return session
