"""`{{ moment|ago }}`: "5 minutes ago", worded for each language ("vor 5 Minuten", "vor 3 Tagen")."""

from datetime import datetime

from django import template

from preferences import presentation

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    return presentation.ago(moment) if moment else ""
