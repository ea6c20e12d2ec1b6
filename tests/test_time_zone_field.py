"""The time-zone control: real IANA zones only, typed as people type them, and a page that stays light (the zones
of one region inline, every zone on request)."""

import pytest
from django import forms
from django.urls import reverse

from preferences.time_zones import TimeZoneField, canonical


class PlanForm(forms.Form):
    timezone = TimeZoneField(label="Time zone")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Europe/Vienna", "Europe/Vienna"),
        (" europe/vienna ", "Europe/Vienna"),
        ("America/New York", "America/New_York"),
        ("new york", "America/New_York"),
        ("Vienna", "Europe/Vienna"),
        ("UTC", "UTC"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_a_real_time_zone_is_accepted_however_it_is_typed_and_saved_as_its_iana_name(typed, meant):
    form = PlanForm({"timezone": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["timezone"] == meant


@pytest.mark.parametrize(
    "typed", ["Mars/Olympus_Mons", "Europe/", "Berlin, Germany", "CET<script>", "x" * 65]
)
def test_anything_but_a_real_time_zone_is_refused_with_what_was_typed_kept(typed):
    form = PlanForm({"timezone": typed})

    assert not form.is_valid()
    assert form.errors["timezone"]
    assert 'value="' in str(form["timezone"])
    assert "<script>" not in str(form["timezone"])


def test_an_empty_time_zone_is_refused_when_required():
    form = PlanForm({"timezone": ""})

    assert not form.is_valid()
    assert "required" in form.errors["timezone"][0]


def test_a_city_that_names_two_zones_is_not_guessed():
    assert canonical("Indianapolis") is None  # America/Indianapolis and America/Indiana/Indianapolis
    both = [name for name in ("America/Indianapolis", "America/Indiana/Indianapolis") if canonical(name)]
    assert both == ["America/Indianapolis", "America/Indiana/Indianapolis"]


def test_the_control_suggests_the_zones_of_the_current_region_only_and_stays_small():
    html = str(PlanForm(initial={"timezone": "Europe/Vienna"})["timezone"])

    assert 'list="id_timezone-zones"' in html
    assert '<datalist id="id_timezone-zones"' in html
    assert '<option value="Europe/Berlin">' in html
    assert '<option value="UTC">' in html
    assert "America/New_York" not in html
    assert 'value="Europe/Vienna"' in html
    assert len(html.encode()) < 4 * 1024


def test_the_suggestions_follow_the_region_of_the_zone_shown():
    html = str(PlanForm(initial={"timezone": "America/New_York"})["timezone"])

    assert '<option value="America/Chicago">' in html
    assert "Europe/Berlin" not in html


def test_every_zone_is_served_separately_for_the_control_to_load_on_first_focus(client):
    html = str(PlanForm(initial={"timezone": "Europe/Vienna"})["timezone"])
    assert f'hx-get="{reverse("preferences:time-zones")}?list=id_timezone-zones"' in html

    response = client.get(reverse("preferences:time-zones"), {"list": "id_timezone-zones"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<datalist id="id_timezone-zones">')
    assert '<option value="America/New_York">' in body
    assert '<option value="Pacific/Auckland">' in body
    assert body.count("<option") > 400
    assert "US/Eastern" not in body  # old aliases are accepted when typed, not suggested
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert not response.cookies  # nothing about the person: any cache may keep it


@pytest.mark.parametrize("list_id", ["", "<b>", '"onfocus="x', "a" * 100])
def test_the_suggestions_refuse_a_list_id_that_is_not_a_plain_name(client, list_id):
    response = client.get(reverse("preferences:time-zones"), {"list": list_id})

    assert response.status_code == 400
