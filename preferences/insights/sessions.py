"""An EV's charging history card in the homeowner's words and numbers: the session now, past sessions page by
page, and the energy charged per week as a chart with its table."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from preferences import podero
from preferences.insights import figures
from preferences.insights.charts import PRICE, UNOPTIMIZED, Chart, Series, energy, money, percent

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
    if not page.items and page.offset > 0 and page.total > 0:
        # ?sessions= past the last one: there are sessions, just not this far back. Back to the last page.
        shown = _("There are %(total)s charging sessions in the last year; this page is past the oldest.") % {
            "total": page.total
        }
        return SessionPaging(shown, max(page.total - page.limit, 0) // page.limit * page.limit, None)
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
    weeks: list[figures.WeekCharging] | podero.PoderoError,
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
        if page.unreadable:
            sessions_problem = _(
                "Podero sent some details of these sessions that cannot be shown, so they are left out."
            )
    else:
        sessions_problem = _(
            "We couldn't load your past charging sessions right now. Please try again later."
        )
    chart = None
    if not isinstance(weeks, podero.PoderoError) and any(week.sessions for week in weeks):
        chart = weekly_chart(weeks, device_id=device_id)
    return ChargingHistoryCard(current_text, lines, paging, chart, sessions_problem=sessions_problem)


def weekly_chart(weeks: list[figures.WeekCharging], *, device_id: object) -> Chart:
    """This week, not over yet, is labelled "so far"; without a session yet it has no numbers (not €0)."""

    def values(of: Callable[[figures.WeekCharging], float], digits: int) -> list[float | None]:
        return [None if week.partial and not week.sessions else round(of(week), digits) for week in weeks]

    return Chart(
        id=f"charging-weeks-{device_id}",
        title=_("Charging per week"),
        description=_("Energy charged and what it cost, week by week, for the last 8 weeks."),
        label_heading=_("Week from"),
        labels=[_week_label(week) for week in weeks],
        series=[
            Series(_("Energy charged"), "energy", values(lambda week: week.energy_kwh, 1)),
            Series(_("Cost"), "money", values(lambda week: week.cost_eur, 2), kind="line", color=PRICE),
            Series(
                _("Saved"),
                "money",
                values(lambda week: week.savings_eur, 2),
                color=UNOPTIMIZED,
                in_chart=False,
            ),
        ],
    )


def _week_label(week: figures.WeekCharging) -> str:
    day = date_format(week.week, "MONTH_DAY_FORMAT")
    return _("%(day)s (so far)") % {"day": day} if week.partial else day
