"""The next deadlines of a weekly charge schedule as real dates in the schedule's time zone, with what a
daylight-saving change does to them and what they mean in another zone."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from preferences.dates import date_words
from preferences.podero import WEEKDAYS, DayTarget, WeeklyChargePolicy


@dataclass(frozen=True)
class Deadline:
    """One day's deadline: the moment the car must have at least `percentage` % charge."""

    day: date
    percentage: int
    wall_time: str
    moment: datetime
    daylight_saving_note: str | None = None
    elsewhere: datetime | None = None

    @property
    def when(self) -> str:
        """ "Tuesday, 24 November, 07:00 (CET)", in the schedule's time zone. The zone's abbreviation comes from
        the moment itself: Django's "T" writes none in a fall-back hour, where it is the one thing that tells
        the two 02:30s apart."""
        return f"{date_words(self.moment, _deadline_format())} ({self.moment.tzname()})"

    @property
    def target_words(self) -> str:
        return _("at least %(percent)s %%") % {"percent": self.percentage}


def _deadline_format() -> str:
    """A deadline's date format in the active language: the weekday, the day and the time in one pass (the page
    lists seven deadlines; a template filter for each part took three times as long)."""
    return f"l, {get_format('MONTH_DAY_FORMAT')}, {get_format('TIME_FORMAT')}"


def next_deadlines(
    policy: WeeklyChargePolicy, *, now: datetime, viewer_timezone: str | None = None, count: int = 7
) -> list[Deadline]:
    """The next `count` deadlines after `now`, each a real moment in the schedule's time zone (none when Podero
    did not say which zone)."""
    if not policy.timezone:
        return []
    zone = ZoneInfo(policy.timezone)
    viewer = ZoneInfo(viewer_timezone) if viewer_timezone else None
    deadlines: list[Deadline] = []
    day = now.astimezone(zone).date()
    while len(deadlines) < count:
        target = policy.days.get(WEEKDAYS[day.weekday()])
        if target is not None:
            deadline = _deadline_on(day, target, zone, viewer)
            if deadline.moment > now:
                deadlines.append(deadline)
        day += timedelta(days=1)
        if day > now.date() + timedelta(days=count + 8):
            break
    return deadlines


def _deadline_on(day: date, target: DayTarget, zone: ZoneInfo, viewer: ZoneInfo | None) -> Deadline:
    hours, minutes = (int(part) for part in target.charge_deadline.split(":"))
    wall = datetime.combine(day, time(hours, minutes), tzinfo=zone)
    note = None
    if not _exists(wall):
        note = _(
            "Clocks go forward that night, so %(time)s does not exist. "
            "To be sure the car is ready, choose a time before the change or an hour later for that day."
        ) % {"time": target.charge_deadline}
        # Of the two moments a missing wall time could mean, take the earlier one, so the car is never late.
        wall = wall.replace(fold=1)
    elif _is_ambiguous(wall):
        note = _(
            "Clocks go back that night, so %(time)s happens twice. The first one counts (still summer time), "
            "so the car is ready in time either way."
        ) % {"time": target.charge_deadline}
        wall = wall.replace(fold=0)
    moment = wall.astimezone(UTC)
    elsewhere = None
    if viewer is not None and moment.astimezone(viewer).utcoffset() != moment.astimezone(zone).utcoffset():
        elsewhere = moment.astimezone(viewer)
    return Deadline(
        day=day,
        percentage=target.charge_percentage,
        wall_time=target.charge_deadline,
        moment=moment.astimezone(zone),
        daylight_saving_note=note,
        elsewhere=elsewhere,
    )


def _exists(wall: datetime) -> bool:
    """A wall time that survives a round trip through UTC exists; one inside the spring-forward gap does not."""
    round_trip = wall.astimezone(UTC).astimezone(wall.tzinfo)
    return round_trip.replace(tzinfo=None) == wall.replace(tzinfo=None)


def _is_ambiguous(wall: datetime) -> bool:
    return wall.replace(fold=0).utcoffset() != wall.replace(fold=1).utcoffset()
