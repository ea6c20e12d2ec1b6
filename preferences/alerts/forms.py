"""The alert settings form: which kinds of alert to hear of, and the e-mails' language."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from preferences.alerts.words import KIND_CHOICES


class AlertSettingsForm(forms.Form):
    heard = forms.MultipleChoiceField(
        label=_("Tell me when"),
        choices=list(KIND_CHOICES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(label=_("E-mails in"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["heard"].help_text = _(
            "Each alert is e-mailed once and shown under Needs you on My devices."
        )
