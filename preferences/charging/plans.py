"""The car's charging plan as a homeowner thinks of it: no deadline, the same target every day, or different
targets on some days. Pure: no Django models, no Podero calls.

Podero keeps the plan in two places (podero-api.md §5.6): the car's own charge deadline settings (on or off, ready
by, minimum charge) and its weekly targets. The docs do not say whether setting the daily deadline rewrites the
week or leaves it alone, so a move never relies on either: after a daily target is written the week is read back
and made to agree (`moves.AlignWeek`). What each move sends is preferences/podero's business (calls.py).
"""

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from preferences.podero import WEEKDAYS, DayTarget, DeviceChanges, ElectricVehicle, WeeklyChargePolicy

if TYPE_CHECKING:
    from preferences.models import TripTarget


class Choice(enum.StrEnum):
    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"

    @property
    def label(self) -> str:
        return str(CHOICE_LABELS[self])


CHOICE_LABELS = {
    Choice.NONE: gettext_lazy("No deadline"),
    Choice.DAILY: gettext_lazy("Same every day"),
    Choice.WEEKLY: gettext_lazy("Different on some days"),
}

DAY_NAMES = {
    "mon": gettext_lazy("Monday"),
    "tue": gettext_lazy("Tuesday"),
    "wed": gettext_lazy("Wednesday"),
    "thu": gettext_lazy("Thursday"),
    "fri": gettext_lazy("Friday"),
    "sat": gettext_lazy("Saturday"),
    "sun": gettext_lazy("Sunday"),
}
SHORT_DAY_NAMES = {
    "mon": pgettext_lazy("short weekday", "Mon"),
    "tue": pgettext_lazy("short weekday", "Tue"),
    "wed": pgettext_lazy("short weekday", "Wed"),
    "thu": pgettext_lazy("short weekday", "Thu"),
    "fri": pgettext_lazy("short weekday", "Fri"),
    "sat": pgettext_lazy("short weekday", "Sat"),
    "sun": pgettext_lazy("short weekday", "Sun"),
}
# How a run of days reads at the start of the summary, and after a comma ("…, weekends 50 % by 10:00").
GROUP_NAMES = {
    WEEKDAYS: (pgettext_lazy("sentence start", "Every day"), pgettext_lazy("mid-sentence", "every day")),
    WEEKDAYS[:5]: (pgettext_lazy("sentence start", "Weekdays"), pgettext_lazy("mid-sentence", "weekdays")),
    WEEKDAYS[5:]: (pgettext_lazy("sentence start", "Weekends"), pgettext_lazy("mid-sentence", "weekends")),
}

DEFAULT_TARGET = DayTarget(charge_percentage=80, charge_deadline="07:00")


@dataclass(frozen=True)
class Plan:
    """What Podero will do: `choice`, and for DAILY/WEEKLY the target of each of the seven days."""

    choice: Choice
    days: Mapping[str, DayTarget]
    timezone: str

    @property
    def target(self) -> DayTarget | None:
        """The one target of a DAILY plan."""
        return self.days.get("mon") if self.choice == Choice.DAILY else None

    def week(self) -> WeeklyChargePolicy:
        return WeeklyChargePolicy(timezone=self.timezone, days=dict(self.days))


def daily(target: DayTarget, timezone: str) -> Plan:
    return Plan(Choice.DAILY, dict.fromkeys(WEEKDAYS, target), timezone)


def weekly(days: Mapping[str, DayTarget], timezone: str) -> Plan:
    return Plan(Choice.WEEKLY if len(set(days.values())) > 1 else Choice.DAILY, dict(days), timezone)


def no_deadline(timezone: str) -> Plan:
    return Plan(Choice.NONE, {}, timezone)


def plan_in_force(
    vehicle: ElectricVehicle, week: WeeklyChargePolicy | None, *, default_timezone: str
) -> Plan:
    """The plan as Podero reports it. The week, when it has all seven days, is what applies (it refines the
    daily default); without one, the daily default applies to every day."""
    zone = (week.timezone if week else "") or default_timezone  # Podero may leave the zone out
    if not DeviceChanges.deadline_of(vehicle).charge_deadline:
        return no_deadline(zone)
    if is_complete(week):
        assert week is not None  # noqa: S101 - is_complete checked it
        return weekly(week.days, zone)
    return daily(daily_default(vehicle, zone), zone)


def daily_default(vehicle: ElectricVehicle, zone: str) -> DayTarget:
    """The device's daily target in the plan's time zone `zone`, with the portal's default for what Podero has
    not set."""
    now = DeviceChanges.deadline_of(vehicle)
    return DayTarget(
        charge_percentage=DEFAULT_TARGET.charge_percentage
        if now.minimum_charge is None
        else now.minimum_charge,
        charge_deadline=vehicle.deadline_in(zone) or DEFAULT_TARGET.charge_deadline,
    )


def is_complete(week: WeeklyChargePolicy | None) -> bool:
    return week is not None and all(day in week.days for day in WEEKDAYS)


def starting_days(
    vehicle: ElectricVehicle, week: WeeklyChargePolicy | None, zone: str
) -> dict[str, DayTarget]:
    """What the per-day editor starts from: the stored week (even while the deadline is off), else the daily
    target on every day."""
    if is_complete(week):
        assert week is not None  # noqa: S101
        return dict(week.days)
    return dict.fromkeys(WEEKDAYS, daily_default(vehicle, zone))


# Rows of equal days, for the per-day editor


@dataclass(frozen=True)
class Row:
    """Consecutive days (Monday first) that share one target."""

    days: tuple[str, ...]
    target: DayTarget

    @property
    def start(self) -> str:
        return self.days[0]

    @property
    def label(self) -> str:
        """ "Saturday" for one day, "Mon–Fri" for several."""
        if len(self.days) == 1:
            return str(DAY_NAMES[self.days[0]])
        return f"{SHORT_DAY_NAMES[self.days[0]]}–{SHORT_DAY_NAMES[self.days[-1]]}"

    @property
    def long_label(self) -> str:
        """ "Saturday" or "Monday to Friday", for screen readers and error messages."""
        if len(self.days) == 1:
            return str(DAY_NAMES[self.days[0]])
        return _("%(first)s to %(last)s") % {
            "first": DAY_NAMES[self.days[0]],
            "last": DAY_NAMES[self.days[-1]],
        }

    @property
    def split_points(self) -> list[str]:
        """The days a new row could start at."""
        return list(self.days[1:])

    @property
    def split_options(self) -> list[tuple[str, str, str]]:
        """(day, short name, what the button says to a screen reader) of each day a new row could start at."""
        return [
            (day, str(SHORT_DAY_NAMES[day]), _("New row from %(long)s") % {"long": DAY_NAMES[day]})
            for day in self.days[1:]
        ]


def rows_of(days: Mapping[str, DayTarget]) -> list[Row]:
    """Runs of consecutive days with equal targets."""
    rows: list[Row] = []
    for day in WEEKDAYS:
        target = days[day]
        if rows and rows[-1].target == target:
            rows[-1] = Row((*rows[-1].days, day), target)
        else:
            rows.append(Row((day,), target))
    return rows


def rows_from_starts(starts: Sequence[str], targets: Mapping[str, DayTarget]) -> list[Row]:
    """Rows beginning at `starts` (Monday is always one), each with the target given for its first day."""
    ordered = sorted({"mon", *starts}, key=WEEKDAYS.index)
    rows = []
    for index, start in enumerate(ordered):
        end = WEEKDAYS.index(ordered[index + 1]) if index + 1 < len(ordered) else len(WEEKDAYS)
        rows.append(Row(WEEKDAYS[WEEKDAYS.index(start) : end], targets[start]))
    return rows


def split(starts: Sequence[str], at: str) -> list[str]:
    """Row starts after splitting the row that holds `at` so that a new row begins there."""
    return sorted({"mon", *starts, at}, key=WEEKDAYS.index)


def join(starts: Sequence[str], start: str) -> list[str]:
    """Row starts after joining the row beginning at `start` to the row above it (which keeps its target)."""
    return [day for day in sorted({"mon", *starts}, key=WEEKDAYS.index) if day != start or day == "mon"]


def days_of(rows: Sequence[Row]) -> dict[str, DayTarget]:
    return {day: row.target for row in rows for day in row.days}


# The plan in one sentence


def summary(plan: Plan) -> str:
    """E.g. "Weekdays at least 80 % by 07:00, weekends 50 % by 10:00, Europe/Berlin"."""
    if plan.choice == Choice.NONE:
        return _("No deadline: Podero charges the car whenever electricity is cheapest.")
    parts = []
    for index, (days, target) in enumerate(_groups(plan.days)):
        if index == 0:
            parts.append(
                _("%(days)s at least %(percent)s %% by %(time)s")
                % {"days": _group_name(days, start=True), **_numbers(target)}
            )
        else:
            parts.append(
                _("%(days)s %(percent)s %% by %(time)s")
                % {"days": _group_name(days, start=False), **_numbers(target)}
            )
    return ", ".join([*parts, plan.timezone.replace("_", " ")])


def target_words(target: DayTarget) -> str:
    return _("at least %(percent)s %% by %(time)s") % _numbers(target)


def _numbers(target: DayTarget) -> dict[str, object]:
    return {"percent": target.charge_percentage, "time": target.charge_deadline}


def _groups(days: Mapping[str, DayTarget]) -> list[tuple[tuple[str, ...], DayTarget]]:
    """Equal days together, in the order their first day comes; weekdays and weekend named as such."""
    groups: dict[DayTarget, list[str]] = {}
    for day in WEEKDAYS:
        if day in days:
            groups.setdefault(days[day], []).append(day)
    return [(tuple(group), target) for target, group in groups.items()]


def _group_name(days: tuple[str, ...], *, start: bool) -> str:
    if days in GROUP_NAMES:
        return str(GROUP_NAMES[days][0 if start else 1])
    runs = [row.label for row in rows_of_days(days)]
    return _list_words(runs)


def rows_of_days(days: tuple[str, ...]) -> list[Row]:
    """Runs of consecutive days within `days` (the target is irrelevant here)."""
    runs: list[list[str]] = []
    for day in days:
        if runs and WEEKDAYS.index(runs[-1][-1]) == WEEKDAYS.index(day) - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [Row(tuple(run), DEFAULT_TARGET) for run in runs]


def _list_words(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


# What a move replaces, and the calls it needs


def replaces(current: Plan, wanted: Plan) -> str | None:
    """Before saving: what the move would replace, in one sentence, or None when nothing is lost."""
    if current.choice == Choice.WEEKLY and wanted.choice == Choice.DAILY:
        return _("Saving replaces your targets for each day (%(plan)s) with this one target.") % {
            "plan": summary(current)
        }
    if current.choice != Choice.NONE and wanted.choice == Choice.NONE:
        return _("Saving switches off %(plan)s. Podero keeps it, so you can switch it back on later.") % {
            "plan": summary(current)
        }
    return None


def trip_day(trip: "TripTarget") -> DayTarget:
    """A one-off trip target's day, as the week holds it while the trip target is active."""
    return DayTarget(trip.percentage, trip.deadline)


def usual_day(trip: "TripTarget") -> DayTarget:
    """What that day of the week had before the trip target, to be put back."""
    return DayTarget(trip.usual_percentage, trip.usual_deadline)


# A trip target set while the plan was No deadline has no usual target: its usual deadline is left empty.
NO_USUAL_DEADLINE = ""


def under_no_deadline(trip: "TripTarget") -> bool:
    """The trip target was set while the plan was No deadline: afterwards there is no deadline again."""
    return trip.usual_deadline == NO_USUAL_DEADLINE


def trip_only_week(
    week: WeeklyChargePolicy | None, weekday: str, target: DayTarget, zone: str
) -> WeeklyChargePolicy:
    """The week a trip target under No deadline sends: its day's target, and no minimum (0 %) on every other
    day, so the deadline switched on for the trip asks nothing of them: they stay charged whenever it is
    cheapest. The other days keep their times (the kept week's, else the default's)."""
    times = week.days if is_complete(week) and week is not None else dict.fromkeys(WEEKDAYS, DEFAULT_TARGET)
    days = {day: DayTarget(0, times[day].charge_deadline) for day in WEEKDAYS}
    return WeeklyChargePolicy(timezone=zone, days={**days, weekday: target})
