"""The two values a charging plan is made of, as form fields: a time of day and a minimum charge."""

import re
from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ReadyByField(forms.TimeField):
    """A time of day as Podero wants it: "HH:MM", 24-hour."""

    default_error_messages = {"invalid": _("Enter a time as HH:MM, 24-hour, for example 07:00.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Ready by"))
        kwargs.setdefault("widget", forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
        super().__init__(input_formats=["%H:%M"], **kwargs)

    def to_python(self, value: Any) -> time | None:
        # Podero's format is exactly HH:MM; Python's %H also accepts "7:00", which we do not want to guess about.
        if isinstance(value, str) and value.strip() and not _HH_MM.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


_HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class PercentField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Minimum charge (%)"))
        super().__init__(
            min_value=0,
            max_value=100,
            error_messages={
                "invalid": _("Enter a whole number from 0 to 100."),
                "min_value": _("Enter a whole number from 0 to 100."),
                "max_value": _("Enter a whole number from 0 to 100."),
            },
            **kwargs,
        )
