"""Times as the portal writes them, in every language and on every page, staff's included: 24-hour clock.

`{{ moment|ago }}`: "5 minutes ago", worded for each language ("vor 5 Minuten", "vor 3 Tagen").
`{{ moment|moment }}`: "27 November 2026, 01:35" ("27. November 2026, 01:35"), in the current time zone.
"""

from datetime import datetime

from django import template
from django.utils import formats, timezone

from preferences import dates

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    return dates.ago(moment) if moment else ""


@register.filter(name="moment")
def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
