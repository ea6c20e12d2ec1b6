"""What smart optimization did, in the homeowner's words and numbers: the savings card, the charging history card
and the month's total on My devices. Each chart comes with its numbers as a table (the same numbers: the chart's
data is built from the table's)."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from preferences import insights, podero

Unit = Literal["energy", "money", "price"]
# Colours with enough contrast on white, told apart by more than hue (bars against a line, legend and table).
OPTIMIZED = "#0b5cad"
UNOPTIMIZED = "#9aa5b1"
PRICE = "#b35900"


# Numbers as each language writes them


def _number(value: float, digits: int) -> str:
    # Django's number_format cuts off further digits; round them first.
    return number_format(round(value, digits), digits, force_grouping=True)


def money(value: float) -> str:
    """Euros: "€1.23" in English, "1,23 €" in German."""
    amount = _number(abs(value), 2)
    sign = "−" if round(value, 2) < 0 else ""
    if (get_language() or "en").startswith("de"):
        return f"{sign}{amount}\u00a0€"
    return f"{sign}€{amount}"


def energy(value: float, digits: int = 1) -> str:
    return f"{_number(value, digits)}\u00a0kWh"


def percent(value: float) -> str:
    amount = _number(value, 0 if abs(value) >= 10 else 1)
    if (get_language() or "en").startswith("de"):
        return f"{amount}\u00a0%"
    return f"{amount}%"


def cents_per_kwh(eur_per_kwh: float) -> str:
    return f"{_number(eur_per_kwh * 100, 1)}\u00a0ct/kWh"


FORMATS: dict[str, Callable[[float], str]] = {
    "energy": energy,
    "money": money,
    "price": lambda value: cents_per_kwh(value / 100),
}


# Charts with their tables


@dataclass(frozen=True)
class Series:
    label: str
    unit: Unit
    values: list[float | None]
    kind: Literal["bar", "line"] = "bar"
    color: str = OPTIMIZED
    in_chart: bool = True

    @property
    def cells(self) -> list[str]:
        return ["–" if value is None else FORMATS[self.unit](value) for value in self.values]


@dataclass(frozen=True)
class Chart:
    """A chart and its table: one row per label, one column per series."""

    id: str
    title: str
    description: str
    label_heading: str
    labels: list[str]
    series: list[Series]

    @property
    def spec_json(self) -> str:
        """The chart's data for static/js/charts.js, in an attribute (escaped by the template): a <script> data
        block would need a nonce of its own."""
        return json.dumps(self.spec(), separators=(",", ":"))

    @property
    def rows(self) -> list[list[str]]:
        columns = [series.cells for series in self.series]
        return [[label, *(column[index] for column in columns)] for index, label in enumerate(self.labels)]

    def spec(self) -> dict[str, Any]:
        """What static/js/charts.js draws (through json_script)."""
        return {
            "locale": get_language() or "en",
            "currency": "EUR",
            "labels": self.labels,
            "series": [
                {
                    "label": series.label,
                    "type": series.kind,
                    "unit": series.unit,
                    "color": series.color,
                    "values": series.values,
                }
                for series in self.series
                if series.in_chart
            ],
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# The savings card


@dataclass(frozen=True)
class MonthLine:
    name: str
    savings: str | None
    percent: str | None
    sentence: str


@dataclass(frozen=True)
class SavingsCard:
    months: list[MonthLine]
    chart: Chart | None = None
    summary: str = ""
    problem: str | None = None


def month_name(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def month_line(month: insights.MonthSavings, *, current: bool) -> MonthLine:
    name = month_name(month.month)
    if not month.known:
        return MonthLine(name, None, None, _("No savings reported for this month yet."))
    savings, share = (
        money(month.savings_eur or 0),
        percent(month.savings_percent) if month.savings_percent else None,
    )
    if current:
        sentence = _("So far this month smart optimization saved you %(savings)s.") % {"savings": savings}
    else:
        sentence = _("Smart optimization saved you %(savings)s.") % {"savings": savings}
    if share:
        sentence += " " + _("That is %(percent)s less than without it.") % {"percent": share}
    return MonthLine(name, savings, share, sentence)


def savings_card(
    summary: insights.SavingsSummary | podero.PoderoError,
    history: insights.EnergyHistory | podero.PoderoError,
    *,
    device_id: object,
) -> SavingsCard:
    """The card, from what could be read; a part Podero could not give says so and the rest still shows."""
    problem = None
    months: list[MonthLine] = []
    if isinstance(summary, insights.SavingsSummary):
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


def average_day_chart(history: insights.EnergyHistory, *, device_id: object) -> Chart:
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
            Series(_("With smart optimization"), "energy", [_round(h.optimized_kwh, 2) for h in hours]),
            Series(
                _("Without smart optimization"),
                "energy",
                [_round(h.unoptimized_kwh, 2) for h in hours],
                color=UNOPTIMIZED,
            ),
            Series(
                _("Market price"),
                "price",
                [_round(_cents(h.average_price_eur_per_kwh), 1) for h in hours],
                kind="line",
                color=PRICE,
            ),
        ],
    )


def _cents(eur_per_kwh: float | None) -> float | None:
    return None if eur_per_kwh is None else eur_per_kwh * 100


# The month's total on My devices


def month_total_sentence(total: insights.MonthSavings | None, *, missing: list[str]) -> str | None:
    if total is None:
        return None
    sentence = _("This month smart optimization has saved you %(savings)s so far") % {
        "savings": money(total.savings_eur or 0)
    }
    if total.savings_percent:
        sentence += _(", %(percent)s less than without it.") % {"percent": percent(total.savings_percent)}
    else:
        sentence += "."
    if missing:
        sentence += " " + _("Not counted, as we couldn't load it: %(devices)s.") % {
            "devices": ", ".join(missing)
        }
    return sentence


# The charging history card


@dataclass(frozen=True)
class SessionLine:
    sentence: str
    money: str
    at_home: bool


@dataclass(frozen=True)
class SessionPaging:
    shown: str
    newer_offset: int | None
    older_offset: int | None

    @property
    def links(self) -> list[tuple[int, str, str]]:
        """(offset, label, rel) of the links to the newer and older pages that exist."""
        found = []
        if self.newer_offset is not None:
            found.append((self.newer_offset, _("← Newer sessions"), "prev"))
        if self.older_offset is not None:
            found.append((self.older_offset, _("Older sessions →"), "next"))
        return found


@dataclass(frozen=True)
class ChargingHistoryCard:
    current: str
    sessions: list[SessionLine] = field(default_factory=list)
    paging: SessionPaging | None = None
    chart: Chart | None = None
    problem: str | None = None
    sessions_problem: str | None = None


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return date_format(moment.astimezone(zone), "DATETIME_FORMAT") if moment else _("an unknown time")


def current_session_sentence(session: podero.ChargingSession | None, zone: ZoneInfo) -> str:
    if session is None:
        return _("The car is not charging right now.")
    parts = [_("Charging since %(when)s.") % {"when": _when(session.plug_in, zone)}]
    if session.energy_kwh is not None:
        parts.append(_("%(energy)s so far.") % {"energy": energy(session.energy_kwh)})
    if session.initial_soc is not None and session.target_soc is not None:
        parts.append(
            _("From %(start)s towards %(target)s.")
            % {"start": percent(session.initial_soc), "target": percent(session.target_soc)}
        )
    return " ".join(parts)


def session_line(session: podero.ChargingSession, zone: ZoneInfo) -> SessionLine:
    amount = energy(session.energy_kwh) if session.energy_kwh is not None else _("an unknown amount")
    when = _when(session.plug_in, zone)
    if session.is_at_home is False:
        sentence = _("%(when)s: charged %(energy)s away from home.") % {"when": when, "energy": amount}
    else:
        sentence = _("%(when)s: charged %(energy)s at home.") % {"when": when, "energy": amount}
    costs = []
    if session.cost_eur is not None:
        costs.append(_("It cost %(cost)s.") % {"cost": money(session.cost_eur)})
    if session.is_at_home is False:
        costs.append(_("Smart charging only works at home."))
    elif session.savings_eur:
        costs.append(_("Smart charging saved %(savings)s.") % {"savings": money(session.savings_eur)})
    return SessionLine(sentence, " ".join(costs), session.is_at_home is not False)


def session_paging(page: podero.SessionPage) -> SessionPaging:
    if not page.items:
        return SessionPaging(_("No charging sessions in the last year."), None, None)
    first, last = page.offset + 1, page.offset + len(page.items)
    shown = _("Sessions %(first)s–%(last)s of %(total)s, newest first.") % {
        "first": first,
        "last": last,
        "total": page.total,
    }
    newer = max(page.offset - page.limit, 0) if page.offset > 0 else None
    older = last if last < page.total else None
    return SessionPaging(shown, newer, older)


def charging_history_card(
    current: podero.ChargingSession | podero.PoderoError | None,
    page: podero.SessionPage | podero.PoderoError,
    weeks: list[insights.WeekCharging] | podero.PoderoError,
    *,
    zone: ZoneInfo,
    device_id: object,
) -> ChargingHistoryCard:
    if isinstance(current, podero.PoderoError):
        current_text = _("We couldn't find out whether the car is charging right now.")
    else:
        current_text = current_session_sentence(current, zone)
    sessions_problem = None
    lines: list[SessionLine] = []
    paging = None
    if isinstance(page, podero.SessionPage):
        lines = [session_line(session, zone) for session in page.items]
        paging = session_paging(page)
    else:
        sessions_problem = _(
            "We couldn't load your past charging sessions right now. Please try again later."
        )
    chart = None
    if not isinstance(weeks, podero.PoderoError) and any(week.sessions for week in weeks):
        chart = weekly_chart(weeks, device_id=device_id)
    return ChargingHistoryCard(current_text, lines, paging, chart, sessions_problem=sessions_problem)


def weekly_chart(weeks: list[insights.WeekCharging], *, device_id: object) -> Chart:
    return Chart(
        id=f"charging-weeks-{device_id}",
        title=_("Charging per week"),
        description=_("Energy charged and what it cost, week by week, for the last 8 weeks."),
        label_heading=_("Week from"),
        labels=[date_format(week.week, "MONTH_DAY_FORMAT") for week in weeks],
        series=[
            Series(_("Energy charged"), "energy", [round(week.energy_kwh, 1) for week in weeks]),
            Series(_("Cost"), "money", [round(week.cost_eur, 2) for week in weeks], kind="line", color=PRICE),
            Series(
                _("Saved"),
                "money",
                [round(week.savings_eur, 2) for week in weeks],
                color=UNOPTIMIZED,
                in_chart=False,
            ),
        ],
    )
