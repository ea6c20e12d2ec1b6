"""Choosing the kind of device to add, in plain words."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from preferences import podero
from preferences.onboarding import words


class AddDeviceForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What would you like to add?"),
        choices=[(code.value, name) for code, (name, _meaning) in words.KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the kind of device to add."),
            "invalid_choice": gettext_lazy("Choose one of the kinds of device shown."),
        },
    )

    def options(self) -> list[tuple[Any, str]]:
        """Each radio button with what Podero does for that kind, for the template."""
        return [
            (radio, str(words.KINDS[podero.DeviceType(radio.data["value"])][1])) for radio in self["kind"]
        ]

    def chosen(self) -> podero.DeviceType:
        """Only after is_valid()."""
        return podero.DeviceType(self.cleaned_data["kind"])
