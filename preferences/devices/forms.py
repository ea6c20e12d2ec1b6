"""The forms of the settings every device page may show: a heat pump's savings level (its optimisation level)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from preferences import podero
from preferences.devices import words


class OptimizationLevelForm(forms.Form):
    """How far Podero may shift the heat pump's running into cheap hours (podero-api.md §4.3)."""

    # Staff's panel has it in the form of the device's other buttons, which must not ask for a level.
    use_required_attribute = False

    level = forms.ChoiceField(
        label=gettext_lazy("Savings level"),
        choices=words.LEVEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a savings level."),
            "invalid_choice": gettext_lazy("Choose one of the savings levels shown."),
        },
    )

    @classmethod
    def showing(cls, level: podero.OptimizationLevel | None, **kwargs: Any) -> "OptimizationLevelForm":
        """The form as the heat pump is now (no choice ticked when Podero does not say)."""
        return cls(initial={"level": level.value if level else None}, **kwargs)

    def options(self) -> list[tuple[Any, str]]:
        """Each radio button with what its level means, for the template."""
        return [
            (radio, str(words.LEVEL_MEANINGS[podero.OptimizationLevel(radio.data["value"])]))
            for radio in self["level"]
        ]

    def chosen(self) -> podero.OptimizationLevel:
        """The chosen level; only after is_valid()."""
        return podero.OptimizationLevel(self.cleaned_data["level"])
