"""Forms in the homeowner's words. Plain forms.Form: the data lives in Podero, not in our models."""

import functools
import re
import zoneinfo
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preferences import kinds, podero
from preferences.models import Device, Homeowner
from preferences.services import WeeklyPlan


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by email: homeowner accounts use their lower-cased email address as the username."""

    username = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    # Django's own sentence says "username" and "case-sensitive"; the person typed an email, in any case.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct email and password."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


WEEKDAY_NAMES = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
# The seed's own example of a commuter's week.
COMMUTER_PRESET = {"weekdays": (80, "07:00"), "weekend": (50, "10:00")}


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


class ChargeDeadlineForm(forms.Form):
    """Charge-by-a-deadline policy. Hidden initial values let us send Podero only what the person changed."""

    enabled = forms.BooleanField(label=_("Charge by a deadline"), required=False, show_hidden_initial=True)
    ready_by = ReadyByField(
        required=False,
        show_hidden_initial=True,
        help_text=_("The time every day by which the car must be charged."),
    )
    minimum_charge = PercentField(
        required=False,
        show_hidden_initial=True,
        help_text=_(
            "The charge the car will have at least by that time. Podero still picks the cheapest hours."
        ),
    )

    # Our settings (podero.DeviceChanges) by the name of the field that sets them.
    SETTINGS = {"enabled": "charge_deadline", "ready_by": "ready_by", "minimum_charge": "minimum_charge"}

    @classmethod
    def initial_for(cls, vehicle: Any) -> dict[str, Any]:
        return {
            "enabled": vehicle.is_charge_policy_enabled,
            "ready_by": vehicle.charge_deadline_at or "",
            "minimum_charge": vehicle.minimum_charge_limit,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("enabled"):
            for name in ("ready_by", "minimum_charge"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed while charging by a deadline is on."))
        return data

    def changes(self) -> dict[str, Any]:
        """What the person changed, as services.set_charge_deadline takes it. Turning the deadline off changes
        only that (seed: policy off)."""
        data = self.cleaned_data
        if not data["enabled"]:
            return {"enabled": False} if "enabled" in self.changed_data else {}
        return {name: data[name] for name in self.SETTINGS if name in self.changed_data}

    def previous(self) -> podero.DeviceChanges | None:
        """What the changed settings were, as the person saw them (the hidden initial values), for undo."""
        previous: dict[str, Any] = {}
        for name in self.changes():
            field = self.fields[name]
            raw = field.hidden_widget().value_from_datadict(
                self.data, self.files, self.add_initial_prefix(name)
            )
            try:
                previous[self.SETTINGS[name]] = field.to_python(raw)
            except forms.ValidationError:
                return None
        return podero.DeviceChanges(**previous)

    def add_rejection(self, exc: podero.PoderoRejected) -> None:
        """Podero's 422 field errors, shown next to the field they concern."""
        fields = {setting: name for name, setting in self.SETTINGS.items()}
        for podero_name, errors in exc.field_errors.items():
            field = fields.get(podero.DeviceChanges.our_name(podero_name) or "")
            self.add_error(field, errors)


class WeeklyScheduleForm(forms.Form):
    """A target and a deadline for each day of the week, in one time zone."""

    timezone = forms.ChoiceField(
        label=_("Time zone"), error_messages={"invalid_choice": _("Choose a time zone from the list.")}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(name, name.replace("_", " ")) for name in time_zone_names()]
        for day in WEEKDAY_NAMES:
            self.fields[f"{day}_percentage"] = PercentField()
            self.fields[f"{day}_deadline"] = ReadyByField()

    @classmethod
    def initial_for(cls, policy: Any, *, default_timezone: str) -> dict[str, Any]:
        initial: dict[str, Any] = {"timezone": policy.timezone or default_timezone}
        for day, target in policy.days.items():
            initial[f"{day}_percentage"] = target.charge_percentage
            initial[f"{day}_deadline"] = target.charge_deadline
        return initial

    def days(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        """(code, English name, percent field, deadline field) for each day, Monday first."""
        return [
            (day, name, self[f"{day}_percentage"], self[f"{day}_deadline"])
            for day, name in WEEKDAY_NAMES.items()
        ]

    def to_plan(self) -> WeeklyPlan:
        data = self.cleaned_data
        days = {day: (data[f"{day}_percentage"], data[f"{day}_deadline"]) for day in WEEKDAY_NAMES}
        return WeeklyPlan(timezone=data["timezone"], days=days)


def with_preset(data: QueryDict, preset: str) -> QueryDict:
    """The submitted week with a shortcut applied, for the person to check and save."""
    data = data.copy()
    if preset == "copy-monday":
        for day in WORKDAYS[1:]:
            data[f"{day}_percentage"] = data.get("mon_percentage", "")
            data[f"{day}_deadline"] = data.get("mon_deadline", "")
    elif preset == "commuter":
        for day in WEEKDAY_NAMES:
            percentage, deadline = COMMUTER_PRESET["weekdays" if day in WORKDAYS else "weekend"]
            data[f"{day}_percentage"], data[f"{day}_deadline"] = str(percentage), deadline
    return data


@functools.cache
def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


class ReturnDateField(forms.DateTimeField):
    """When the homeowner is back, in their own time zone (the view activates it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Back on"),
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            help_text=_("Everything paused here is switched back on automatically at this time."),
            error_messages={"invalid": _("Enter a date and time, for example 2026-12-27 18:00.")},
            **kwargs,
        )

    def validate(self, value: datetime | None) -> None:
        super().validate(value)
        now = timezone.now()
        if value is not None and value <= now:
            raise forms.ValidationError(_("Choose a time in the future."), code="past")
        if value is not None and value > now + timedelta(days=366):
            raise forms.ValidationError(_("Choose a time within the next year."), code="too_far")


class AbsenceForm(forms.Form):
    returns_at = ReturnDateField()
    devices = forms.ModelMultipleChoiceField(
        label=_("Pause smart optimization of"),
        queryset=Device.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pause_charge_deadlines = forms.BooleanField(
        label=_("Also turn off my car's charge deadline"), required=False
    )

    def __init__(self, *args: Any, homeowner: Homeowner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        switchable = [kind.slug for kind in kinds.all_kinds() if kind.optimization_switch]
        pausable = homeowner.devices.filter(kind__in=switchable)
        self.fields["devices"].queryset = pausable
        self.fields["devices"].initial = list(pausable)
        if not homeowner.devices.filter(
            kind__in=[kind.slug for kind in kinds.all_kinds() if kind.charging]
        ).exists():
            del self.fields["pause_charge_deadlines"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("devices") and not data.get("pause_charge_deadlines"):
            raise forms.ValidationError(_("Choose at least one device to pause."), code="nothing")
        return data


class ReturnDateForm(forms.Form):
    returns_at = ReturnDateField()
