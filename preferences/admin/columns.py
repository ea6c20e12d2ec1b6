"""The admin's lists write every time one way: portal_time.moment ("27 November 2026, 01:35"), as the audit trail's
"When" and the alerts' columns do. A ModelAdmin with `OneTimeFormat` shows each date-time field its list names
through it, still sorted by the field, so a new column cannot bring Django's long "Tuesday 24 November…" back."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest

from preferences.templatetags import portal_time


def moment_or_dash(value: datetime | None) -> str:
    """A time in a list's cell: the admin's one format, or "-" (Django's empty cell) for none."""
    return portal_time.moment(value) or "-"


def moment_column(field: models.DateTimeField[Any, Any]) -> Callable[[models.Model], str]:
    """A list column for a date-time field: its name and heading, sorted by it, written as moment_or_dash."""

    def column(obj: models.Model) -> str:
        return moment_or_dash(getattr(obj, field.name))

    column.__name__ = field.name  # the column's CSS class and sort parameter, as the field's own would be
    return admin.display(description=field.verbose_name, ordering=field.name)(column)


class OneTimeFormat[M: models.Model](admin.ModelAdmin[M]):
    """A ModelAdmin whose list writes its date-time fields as moment_or_dash."""

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return [self._column(name) for name in super().get_list_display(request)]

    def _column(self, name: Any) -> Any:
        if not isinstance(name, str):
            return name
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        return moment_column(field) if isinstance(field, models.DateTimeField) else name
