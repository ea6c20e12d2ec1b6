"""`{% labelled_field %}` writes a field with its label, help text and errors as the template it replaced did, byte
for byte: that template is kept here, and both render the same fields."""

import datetime

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.template import Context, Template

from preferences.charging.forms import ChargingPlanForm, TripTargetForm

# templates/includes/field.html, as it was.
FIELD_TEMPLATE = """{# One labelled form field with its help text and errors, tied together for screen readers. #}
<div class="field{% if field.errors %} field-invalid{% endif %}">
  <label for="{{ field.id_for_label }}">{{ field.label }}</label>
  {{ field }}
  {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}
  {% if field.errors %}<p class="error" id="{{ field.auto_id }}_error">{{ field.errors|join:" " }}</p>{% endif %}
</div>
"""


class Sample(forms.Form):
    name = forms.CharField(label="Name & <title>", help_text="As on the <bill>", max_length=3)
    count = forms.IntegerField(min_value=1, max_value=5)
    when = forms.TimeField(required=False)
    pick = forms.ChoiceField(choices=[("a", "A & B")], required=False)

    def clean(self):
        if self.cleaned_data.get("count") == 2:
            self.add_error("count", "Two is <not> allowed.")
            self.add_error("count", "Nor is it “fine”.")
        return self.cleaned_data


def both(field: forms.BoundField) -> tuple[str, str]:
    ours = Template("{% load form_fields %}{% labelled_field field %}").render(Context({"field": field}))
    theirs = Template(FIELD_TEMPLATE).render(Context({"field": field}))
    return ours, theirs


@pytest.mark.parametrize(
    "data",
    [None, {"name": "toolong", "count": "9", "when": "25:00"}, {"name": "ok", "count": "2"}],
    ids=["empty", "invalid", "two errors"],
)
def test_a_field_is_the_markup_of_the_template_it_replaced(data):
    form = Sample(data)
    for name in form.fields:
        ours, theirs = both(form[name])
        assert ours == theirs


def test_the_portal_forms_are_the_markup_of_the_template_they_replaced(db):
    now = datetime.datetime(2026, 11, 27, 8, 0, tzinfo=datetime.UTC)
    shown = [
        ChargingPlanForm(),
        ChargingPlanForm({"choice": "daily", "ready_by": "x"}),
        TripTargetForm(today=now.date(), now_there=now),
        AuthenticationForm(),
    ]
    for form in shown:
        for name in form.fields:
            ours, theirs = both(form[name])
            assert ours == theirs
