"""What smart optimization did, in the homeowner's words and numbers: the savings card, the charging history card
and the month's total on My devices. Each chart comes with its numbers as a table (the same numbers: the chart's
data is built from the table's)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from preferences import podero
from preferences.devices.overview import Prefetch
from preferences.devices.pages import Page, Part, register_part
from preferences.insights import figures, reads
from preferences.insights.charts import PRICE, UNOPTIMIZED, Chart, Series, energy, money, percent, rounded
from preferences.insights.sessions import charging_history_card

# The savings card


@dataclass(frozen=True)
class MonthLine:
    name: str
    savings: str | None
    percent: str | None
    sentence: str
    loss: bool = False  # cost more than without smart optimization: not shown as a saving


@dataclass(frozen=True)
class SavingsCard:
    months: list[MonthLine]
    chart: Chart | None = None
    summary: str = ""
    problem: str | None = None


def month_name(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def month_line(month: figures.MonthSavings, *, current: bool) -> MonthLine:
    """The month's savings in words, true whatever their sign: a loss is "cost you more", never "-12% less"."""
    name = month_name(month.month)
    if month.other_currency:
        return MonthLine(name, None, None, other_currency_sentence(month.other_currency))
    if not month.known:
        return MonthLine(name, None, None, _("No savings reported for this month yet."))
    saved = month.savings_eur or 0
    savings = money(abs(saved))
    share = percent(month.savings_percent or 0) if saved > 0 and (month.savings_percent or 0) > 0 else None
    if saved < 0:
        sentence = (
            _("So far this month smart optimization cost you %(amount)s more than without it.")
            if current
            else _("Smart optimization cost you %(amount)s more than without it.")
        ) % {"amount": savings}
        return MonthLine(name, money(saved), None, sentence, loss=True)
    if current:
        sentence = _("So far this month smart optimization saved you %(savings)s.") % {"savings": savings}
    else:
        sentence = _("Smart optimization saved you %(savings)s.") % {"savings": savings}
    if share:
        sentence += " " + _("That is %(percent)s less than without it.") % {"percent": share}
    return MonthLine(name, savings, share, sentence)


def other_currency_sentence(currency: str) -> str:
    return _(
        "Podero reported the savings in %(currency)s, not in euros, so the portal cannot show them here."
    ) % {"currency": currency}


def savings_card(
    summary: figures.SavingsSummary | podero.PoderoError,
    history: figures.EnergyHistory | podero.PoderoError,
    *,
    device_id: object,
) -> SavingsCard:
    """The card, from what could be read; a part Podero could not give says so and the rest still shows."""
    problem = None
    months: list[MonthLine] = []
    if isinstance(summary, figures.SavingsSummary):
        months = [month_line(summary.this_month, current=True), month_line(summary.last_month, current=False)]
    else:
        problem = _("We couldn't load your savings right now. Please try again later.")
    if isinstance(history, podero.PoderoError):
        return SavingsCard(months, problem=problem or _("We couldn't load the last 30 days right now."))
    if not history.days:
        return SavingsCard(
            months, summary=_("There is no history for the last 30 days yet."), problem=problem
        )
    text = _(
        "In the last 30 days this device used %(energy)s for %(cost)s. Without smart optimization the same "
        "energy would have cost %(unoptimized)s."
    ) % {
        "energy": energy(history.energy_kwh, 0),
        "cost": money(history.cost_eur),
        "unoptimized": money(history.unoptimized_cost_eur),
    }
    return SavingsCard(
        months, chart=average_day_chart(history, device_id=device_id), summary=text, problem=problem
    )


def average_day_chart(history: figures.EnergyHistory, *, device_id: object) -> Chart:
    hours = history.hours
    return Chart(
        id=f"average-day-{device_id}",
        title=_("An average day of the last 30 days"),
        description=_(
            "Energy used in each hour of the day with smart optimization and as it would have been without, "
            "and the average market price in that hour."
        ),
        label_heading=pgettext("time of day", "Hour"),
        labels=[f"{hour.hour:02d}:00" for hour in hours],
        series=[
            Series(_("With smart optimization"), "energy", [rounded(h.optimized_kwh, 2) for h in hours]),
            Series(
                _("Without smart optimization"),
                "energy",
                [rounded(h.unoptimized_kwh, 2) for h in hours],
                color=UNOPTIMIZED,
            ),
            Series(
                _("Market price"),
                "price",
                [rounded(_cents(h.average_price_eur_per_kwh), 1) for h in hours],
                kind="line",
                color=PRICE,
            ),
        ],
    )


def _cents(eur_per_kwh: float | None) -> float | None:
    return None if eur_per_kwh is None else eur_per_kwh * 100


# The month's total on My devices


def month_total_sentence(total: figures.MonthSavings | None, *, missing: list[str]) -> str | None:
    if total is None:
        return None
    saved = total.savings_eur or 0
    if total.other_currency:
        sentence = other_currency_sentence(total.other_currency)
    elif saved < 0:
        sentence = _("This month smart optimization has cost you %(amount)s more so far than without it.") % {
            "amount": money(abs(saved))
        }
    else:
        sentence = _("This month smart optimization has saved you %(savings)s so far") % {
            "savings": money(saved)
        }
        if saved > 0 and (total.savings_percent or 0) > 0:
            sentence += _(", %(percent)s less than without it.") % {
                "percent": percent(total.savings_percent or 0)
            }
        else:
            sentence += "."
    if missing:
        sentence += " " + _("Not counted, as we couldn't load it: %(devices)s.") % {
            "devices": ", ".join(missing)
        }
    return sentence


# The parts of the device page: what smart optimization did, below the controls the homeowner came for. Their
# reads are slow (several Podero calls on a cold cache, a big table): a whole page sends them as cards that load
# right after it.


def _savings_reads(page: Page) -> dict[str, Callable[[], Any]]:
    device, now = page.device, page.now
    device.homeowner  # noqa: B018 - loaded here: the reads run in other threads, which must not query
    return {
        "savings": lambda: reads.savings_summary(device, now=now),
        "history": lambda: reads.last_30_days(device, now=now),
    }


def _savings(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    prefetched = page.prefetched or Prefetch(_savings_reads(page))
    card = savings_card(prefetched.result("savings"), prefetched.result("history"), device_id=page.device.pk)
    return {"savings": card}


def _history_reads(page: Page) -> dict[str, Callable[[], Any]]:
    ev, now, offset = page.device, page.now, page.sessions_offset
    ev.homeowner  # noqa: B018 - loaded here: the reads run in other threads, which must not query
    return {
        "current_session": lambda: reads.current_session(ev),
        "sessions": lambda: reads.session_page(ev, offset=offset, now=now),
        "weeks": lambda: reads.weekly_charging(ev, now=now),
    }


def _history(page: Page, state: podero.DeviceState) -> dict[str, Any]:
    prefetched = page.prefetched or Prefetch(_history_reads(page))
    card = charging_history_card(
        prefetched.result("current_session"),
        prefetched.result("sessions"),
        prefetched.result("weeks"),
        zone=ZoneInfo(page.device.homeowner.timezone),
        device_id=page.device.pk,
    )
    return {"history": card}


register_part("savings", Part(_savings, reads=_savings_reads, later=True))
register_part("history", Part(_history, reads=_history_reads, later=True))
