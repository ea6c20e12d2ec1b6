"""The "I'm away" forms, in the homeowner's words: when they are back, and which devices to pause until then."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preferences import podero
from preferences.devices import kinds
from preferences.models import Device, Homeowner


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
    pause_charge_deadlines = forms.BooleanField(label=_("Also pause my car's charging plan"), required=False)

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
