"""Dates and times in words. Remembered: the EV page writes the same few dates on every view (its next seven deadlines, the
seven days a trip can be on), and each costs about a tenth of a millisecond to format (the day and month names go
through gettext). Same words as `formats.date_format`, per language."""

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import formats, timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language, npgettext_lazy
from django.utils.translation import gettext as _


def date_words(value: date | datetime, format_name: str) -> str:
    # The ISO text tells a date from a datetime, and the two moments of a fall-back hour apart (their offsets);
    # the zone's name tells zones with the same offset apart ("T" writes it).
    zone = getattr(value, "tzinfo", None)
    return _date_words(get_language(), value.isoformat(), str(zone), value, format_name)


@functools.lru_cache(maxsize=1024)
def _date_words(language: str | None, iso: str, zone: str, value: date | datetime, format_name: str) -> str:
    return formats.date_format(value, format_name)


def weekday_and_day(value: date | datetime) -> str:
    """ "Saturday, 28 November", "Samstag, 28. November": each language's own day-and-month format."""
    return date_words(value, f"l, {formats.get_format('MONTH_DAY_FORMAT')}")


# timesince's own words fit "… old" ("3 Tage alt"); after "ago" a language may decline them ("vor 3 Tagen").
AGO_WORDS = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


def ago(moment: datetime, now: datetime | None = None) -> str:
    """E.g. "5 minutes ago" ("vor 5 Minuten"), or "just now" within the minute: how long before `now` (default:
    now) `moment` was."""
    if now is None:  # as timesince does: a naive moment is measured against a naive now
        now = datetime.now(UTC if timezone.is_aware(moment) else None)
    seconds = (now - moment).total_seconds()
    if 0 <= seconds < FOUR_WEEKS_SECONDS:
        # Below four weeks the words depend on the whole minutes alone (no calendar months yet): My devices
        # says the same "5 minutes ago" for most of its cards, worked out once.
        return _ago_minutes(get_language(), int(seconds // 60))
    return _ago(moment, now)


FOUR_WEEKS_SECONDS = 28 * 24 * 60 * 60


@functools.lru_cache(maxsize=1024)
def _ago_minutes(language: str | None, minutes: int) -> str:
    if minutes == 0:
        return _("just now")  # not "0 minutes ago"
    reference = datetime(2000, 1, 1, tzinfo=UTC)
    return _ago(reference - timedelta(minutes=minutes), reference)


def _ago(moment: datetime, now: datetime) -> str:
    words: dict[str, Any] = dict(AGO_WORDS)  # lazy, so each request gets its own language
    return _("%(time)s ago") % {"time": timesince(moment, now, time_strings=words)}
