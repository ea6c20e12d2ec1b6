"""Forms in the homeowner's words. Plain forms.Form: the data lives in Podero, not in our models."""

import re
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from preferences import kinds, podero
from preferences.models import Device, Homeowner

StrOrPromise = str | Promise


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
        return str(self.cleaned_data["username"]).strip().lower()


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
    """Pause devices until a return date. The devices to choose from are those My devices shows (Podero's lists),
    so showing the form costs no query; only the choice that is sent is looked up (the homeowner's own rows)."""

    returns_at = ReturnDateField()
    devices = forms.MultipleChoiceField(
        label=_("Pause smart optimization of"), widget=forms.CheckboxSelectMultiple, required=False
    )
    pause_charge_deadlines = forms.BooleanField(
        label=_("Also turn off my car's charge deadline"), required=False
    )

    def __init__(
        self,
        *args: Any,
        homeowner: Homeowner,
        devices: Iterable[podero.DeviceState] | None = None,
        **kwargs: Any,
    ) -> None:
        """`devices`: the homeowner's devices as Podero listed them, when the page has them; else their stored
        rows are read (one query)."""
        super().__init__(*args, **kwargs)
        self.homeowner = homeowner
        if devices is None:
            known = [(str(row.podero_id), row.kind, str(row)) for row in homeowner.devices.all()]
        else:
            known = [(str(state.id), state.kind, kinds.device_name(state)) for state in devices]
            known.sort(key=lambda device: (device[1], device[2]))  # as stored rows are ordered: kind, name
        switchable = {kind.slug for kind in kinds.all_kinds() if kind.optimization_switch}
        charging = {kind.slug for kind in kinds.all_kinds() if kind.charging}
        choices = [(podero_id, name) for podero_id, kind, name in known if kind in switchable]
        field = self.fields["devices"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = choices
        field.initial = [podero_id for podero_id, _name in choices]
        if not any(kind in charging for _id, kind, _name in known):
            del self.fields["pause_charge_deadlines"]

    def clean_devices(self) -> list[Device]:
        """The chosen devices' rows: only ever the homeowner's own."""
        chosen = self.cleaned_data["devices"]
        return list(self.homeowner.devices.filter(podero_id__in=chosen)) if chosen else []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("devices") and not data.get("pause_charge_deadlines"):
            raise forms.ValidationError(_("Choose at least one device to pause."), code="nothing")
        return data


class ReturnDateForm(forms.Form):
    returns_at = ReturnDateField()
