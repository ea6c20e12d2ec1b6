"""The charging plan form's fields are rendered once per plan and language and then kept per process (the
"fragments" cache, charging_plan.html). What the page shows must still follow the plan in force, the language
and what the person typed, whichever of them was rendered first."""

import re
from uuid import UUID

import pytest
from django.core.cache import caches
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.helpers import GERMAN, HTMX, action_url, page_url


def daily(ready_by: str, percent: str) -> dict[str, str]:
    return {"choice": "daily", "ready_by": ready_by, "minimum_charge": percent, "timezone": "Europe/Berlin"}


def field_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag is not None, f"no field {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


@pytest.fixture(autouse=True)
def no_fields_kept_yet():
    caches["fragments"].clear()


def test_after_a_new_plan_is_saved_the_form_holds_the_new_plan_not_the_one_shown_before(
    alice_in, sandbox, alice_ev
):
    alice_in.post(action_url(alice_ev, "charging-plan"), daily("07:00", "80"))
    before = alice_in.get(page_url(alice_ev)).content.decode()
    alice_in.post(action_url(alice_ev, "charging-plan"), daily("06:30", "90"))

    after = alice_in.get(page_url(alice_ev)).content.decode()

    assert (field_value(before, "ready_by"), field_value(before, "minimum_charge")) == ("07:00", "80")
    assert (field_value(after, "ready_by"), field_value(after, "minimum_charge")) == ("06:30", "90")


def test_the_same_plan_in_german_after_english_has_german_fields(alice_in, sandbox, alice_ev):
    english = alice_in.get(page_url(alice_ev))

    german = alice_in.get(page_url(alice_ev), headers=GERMAN)

    assertContains(english, "When must the car be charged?")
    assertContains(german, "Wann muss das Auto geladen sein?")
    assertNotContains(german, "When must the car be charged?")


def test_what_was_typed_and_its_error_are_shown_though_the_plan_was_rendered_before(
    alice_in, sandbox, alice_ev
):
    alice_in.get(page_url(alice_ev))

    first = alice_in.post(action_url(alice_ev, "charging-plan"), daily("7 Uhr", "80"), headers=HTMX)
    second = alice_in.post(action_url(alice_ev, "charging-plan"), daily("8 Uhr", "80"), headers=HTMX)

    assert (first.status_code, second.status_code) == (422, 422)
    assert field_value(first.content.decode(), "ready_by") == "7 Uhr"
    assert field_value(second.content.decode(), "ready_by") == "8 Uhr"
    assertContains(second, 'aria-invalid="true"', status_code=422)
    assertNotContains(alice_in.get(page_url(alice_ev)), 'aria-invalid="true"')


WEEKDAYS_AND_WEEKEND = {
    "choice": "weekly",
    "timezone": "Europe/Berlin",
    "mon_percentage": "80",
    "mon_deadline": "07:00",
    "sat_percentage": "80",
    "sat_deadline": "07:00",
    "sun_percentage": "50",
    "sun_deadline": "10:00",
}


def test_rows_split_and_joined_show_what_each_request_typed_and_focus_only_the_new_row(
    alice_in, sandbox, alice_ev
):
    post = action_url(alice_ev, "charging-plan")
    split = alice_in.post(post, WEEKDAYS_AND_WEEKEND | {"starts": "mon", "split": "sat"}, headers=HTMX)
    split_at_70 = WEEKDAYS_AND_WEEKEND | {"starts": "mon", "split": "sat", "mon_percentage": "70"}
    other_values = alice_in.post(post, split_at_70, headers=HTMX)
    # The same rows and values as the first split, reached by joining: nothing is new, nothing is focused.
    joined = alice_in.post(
        post, WEEKDAYS_AND_WEEKEND | {"starts": "mon,sat,sun", "join": "sun"}, headers=HTMX
    )

    autofocused = r'<input[^>]*name="sat_percentage"[^>]*autofocus'
    assert re.search(autofocused, split.content.decode())
    assert field_value(other_values.content.decode(), "sat_percentage") == "70"
    assert field_value(joined.content.decode(), "sat_percentage") == "80"
    assertNotContains(joined, "autofocus")
    assertNotContains(alice_in.get(page_url(alice_ev)), "autofocus")


def test_the_admin_page_names_its_fields_by_the_car_after_the_homeowner_page_was_shown(
    client, sandbox, maria, alice_ev
):
    client.force_login(alice_ev.homeowner.user)
    homeowner_page = client.get(page_url(alice_ev)).content.decode()
    client.force_login(maria)

    admin_page = client.get(reverse("admin:preferences_homeowner_devices", args=[alice_ev.homeowner.pk]))

    assert 'id="id_ready_by"' in homeowner_page
    assertContains(admin_page, f'id="id_{UUID(str(alice_ev.podero_id)).hex}_plan_ready_by"')
    assertNotContains(admin_page, 'id="id_ready_by"')
