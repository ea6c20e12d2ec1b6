"""The month's total on My devices: this month's savings over all of a homeowner's devices, one Podero call per
device, read in parallel and kept in the shared cache."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.cache import cache

from preferences import podero
from preferences.devices.kinds import all_kinds
from preferences.devices.overview import Prefetch
from preferences.insights.cache import VERSION, freeze, history_ttl
from preferences.insights.figures import MonthSavings, SavingsSummary, month_start, month_total
from preferences.insights.reads import savings_summary
from preferences.models import Device, Homeowner

logger = logging.getLogger(__name__)


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
    every = list(Device.objects.filter(homeowner=homeowner))
    rows = [row for row in every if row.kind in _with_savings()]
    for row in rows:
        row.homeowner = homeowner  # the reads run in other threads, which must not query
    reads = Prefetch({str(row.podero_id): _summary_read(row, now) for row in rows})

    def finish(devices: list[podero.DeviceState]) -> MonthTotal:
        listed = {str(device.id) for device in devices}
        known = {str(row.podero_id) for row in every}
        counted = [row for row in rows if str(row.podero_id) in listed]
        results = {row: reads.result(str(row.podero_id)) for row in counted}
        new = (
            list(
                Device.objects.filter(
                    homeowner=homeowner, podero_id__in=listed - known, kind__in=_with_savings()
                )
            )
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
                cache.set(key, {"savings": freeze(total.savings)}, timeout=history_ttl())
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


def _with_savings() -> list[str]:
    """The kinds Podero has savings for (their page shows them): a wallbox has none (podero-api.md §10)."""
    return [kind.slug for kind in all_kinds() if "savings" in kind.parts]


def _summary_read(row: Device, now: datetime) -> Callable[[], SavingsSummary]:
    return lambda: savings_summary(row, now=now)
