"""The portal's form renderer writes <input>s and <select>s in Python: the same markup as Django's templates, byte
for byte."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from podero_portal.form_renderer import FormRenderer
from preferences.charging.forms import ChargingPlanForm, TripTargetForm


class Everything(forms.Form):
    text = forms.CharField(initial='say "hi" & <bye>', max_length=20, help_text="Help")
    number = forms.IntegerField(min_value=0, max_value=100, initial=80)
    time = forms.TimeField(initial=datetime.time(7, 30), widget=forms.TimeInput(attrs={"step": 60}))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("a&amp;b"))
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    when = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local", "disabled": True}))
    agree = forms.BooleanField(
        required=False, initial=True, widget=forms.CheckboxInput(attrs={"hidden": False})
    )
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B <b>")], widget=forms.RadioSelect, initial="a")
    pick = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")])
    grouped = forms.ChoiceField(
        choices=[("", "---"), ("Fruit & nuts", [("apple", "Apple <3"), ("pear", "Pear")]), ("z", "Z")],
        widget=forms.Select(attrs={"autocomplete": "off", "required": True}),
        initial="pear",
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, '"Two"')], initial=[1, 2], required=False)
    maybe = forms.NullBooleanField(required=False)
    several = forms.MultipleChoiceField(
        choices=[("1", "One & only"), ("2", "Two")], widget=forms.CheckboxSelectMultiple, initial=["2"]
    )


def rendered(form: forms.Form) -> list[str]:
    """Every field as a whole, and each choice of a list on its own (its `tag`, with and without its label)."""
    whole = [str(form[name]) for name in form.fields]
    choices = [
        str(choice.tag(wrap_label=wrap))
        for name in ("kind", "several")
        for choice in form[name]
        for wrap in (True, False)
    ]
    return whole + choices


@pytest.mark.parametrize("bound", [False, True], ids=["empty", "filled in"])
def test_inputs_are_the_markup_of_djangos_templates(bound):
    data = {"text": "<script>", "number": "5", "time": "25:00", "hidden": '"', "agree": "on", "kind": "b"}
    data |= {"several": ["1"], "grouped": "apple", "many": ["2"], "maybe": "true", "pick": "<y>"}

    ours = rendered(Everything(data if bound else None, renderer=FormRenderer()))

    assert ours == rendered(Everything(data if bound else None, renderer=DjangoTemplates()))
    assert any("<label" in tag for tag in ours)
    assert any("<optgroup" in tag for tag in ours)
    assert any("selected" in tag for tag in ours)


def test_the_charging_plan_forms_are_the_markup_of_djangos_templates():
    now = datetime.datetime(2026, 11, 27, 8, 0, tzinfo=datetime.UTC)
    for make in (
        lambda renderer: ChargingPlanForm(renderer=renderer),
        lambda renderer: TripTargetForm(today=now.date(), now_there=now, renderer=renderer),
    ):
        ours, django = make(FormRenderer()), make(DjangoTemplates())
        assert [str(ours[name]) for name in ours.fields] == [str(django[name]) for name in django.fields]
