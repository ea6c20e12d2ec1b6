"""Dates in words, remembered: the EV page writes the same few dates on every view (its next seven deadlines, the
seven days a trip can be on), and each costs about a tenth of a millisecond to format (the day and month names go
through gettext). Same words as `formats.date_format`, per language."""

import functools
from datetime import date, datetime

from django.utils import formats
from django.utils.translation import get_language


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
