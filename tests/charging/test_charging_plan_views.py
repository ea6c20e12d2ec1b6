"""The charging plan's views: one save (htmx part or redirect), split and join that save nothing, errors at
their day and field, Podero's 422 in the homeowner's words, and who may post."""

import html

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

import podero_sandbox as seed
from tests.helpers import GERMAN, HTMX, action_url, page_url, podero_path

COMMUTER_ROWS = {
    "choice": "weekly",
    "timezone": "Europe/Berlin",
    "starts": "mon,sat",
    "mon_percentage": "80",
    "mon_deadline": "07:00",
    "sat_percentage": "50",
    "sat_deadline": "10:00",
}


def test_saving_per_day_rows_sends_every_day_of_the_week_and_shows_what_is_in_force(
    alice_in, sandbox, alice_ev
):
    response = alice_in.post(action_url(alice_ev, "charging-plan"), COMMUTER_ROWS, headers=HTMX)

    assert response.status_code == 200
    assertContains(response, "Saved. Now in force: Weekdays at least 80 % by 07:00, weekends 50 % by 10:00")
    [enable, week] = sandbox.writes()
    assert (enable["method"], enable["path"], enable["json"]) == (
        "PUT",
        podero_path(alice_ev),
        {"is_charge_policy_enabled": True},
    )
    assert week["path"] == podero_path(alice_ev, "/charge-policy")
    assert week["json"]["fri"] == {"charge_percentage": 80, "charge_deadline": "07:00"}
    assert week["json"]["sun"] == {"charge_percentage": 50, "charge_deadline": "10:00"}


def test_a_save_puts_its_change_at_the_top_of_recent_changes_and_a_save_of_nothing_does_not(
    alice_in, sandbox, alice_ev
):
    saved = alice_in.post(action_url(alice_ev, "charging-plan"), COMMUTER_ROWS, headers=HTMX)
    again = alice_in.post(action_url(alice_ev, "charging-plan"), COMMUTER_ROWS, headers=HTMX)

    assertContains(saved, 'hx-swap-oob="afterbegin:#activity-list"')
    assertContains(again, "Nothing to save: this plan is already in force.")
    assertNotContains(again, 'hx-swap-oob="afterbegin:#activity-list"')


def test_without_javascript_a_save_redirects_to_the_page_with_the_confirmation(alice_in, sandbox, alice_ev):
    response = alice_in.post(action_url(alice_ev, "charging-plan"), {"choice": "none"})

    assertRedirects(response, page_url(alice_ev), fetch_redirect_response=False)
    assert sandbox.writes() == [], "No deadline was already the plan"
    assertContains(alice_in.get(page_url(alice_ev)), "Nothing to save: this plan is already in force.")


@pytest.mark.parametrize(
    ("button", "rows"),
    [({"split": "wed"}, ["Mon–Tue", "Wed–Fri", "Sat–Sun"]), ({"join": "sat"}, ["Mon–Sun"])],
    ids=["split", "join"],
)
def test_split_and_join_change_the_rows_and_save_nothing(alice_in, sandbox, alice_ev, button, rows):
    response = alice_in.post(action_url(alice_ev, "charging-plan"), COMMUTER_ROWS | button, headers=HTMX)

    assert response.status_code == 200
    for label in rows:
        assertContains(response, f'<span class="day-row-days" aria-hidden="true">{label}</span>', html=True)
    assertNotContains(response, "Nothing was saved")
    assert sandbox.writes() == []


def test_a_missing_time_is_named_with_its_days_and_what_was_typed_stays(alice_in, sandbox, alice_ev):
    data = COMMUTER_ROWS | {"sat_deadline": "", "mon_percentage": "abc"}

    response = alice_in.post(action_url(alice_ev, "charging-plan"), data, headers=HTMX)

    assert response.status_code == 422
    assertContains(response, "Choose a time for Saturday to Sunday.", status_code=422)
    assertContains(response, "Enter a whole number from 0 to 100 for Monday to Friday.", status_code=422)
    assertContains(response, 'value="abc"', status_code=422)
    assert sandbox.writes() == []


def test_a_limit_podero_names_comes_back_at_its_row_in_words(alice_in, sandbox, alice_ev):
    detail = [
        {
            "type": "less_than_equal",
            "loc": ["body", "payload", "sat", "charge_percentage"],
            "msg": "Input should be less than or equal to 90",
        }
    ]
    sandbox.fault(method="PUT", path_contains="/charge-policy", status=422, body={"detail": detail})

    response = alice_in.post(
        action_url(alice_ev, "charging-plan"), COMMUTER_ROWS | {"sat_percentage": "95"}, headers=HTMX
    )

    assert response.status_code == 422
    assertContains(response, "This car accepts at most 90 %.", status_code=422)
    assertContains(response, 'id="id_sat_percentage_error"', status_code=422)
    assertNotContains(response, "charge_percentage", status_code=422)
    assertNotContains(response, "less than or equal", status_code=422)


def test_the_daily_limit_podero_names_comes_back_at_the_daily_field(alice_in, sandbox, alice_ev):
    detail = [
        {
            "type": "less_than_equal",
            "loc": ["body", "payload", "minimum_charge_limit"],
            "msg": "Input should be less than or equal to 90",
        }
    ]
    sandbox.fault(method="PUT", status=422, body={"detail": detail})

    response = alice_in.post(
        action_url(alice_ev, "charging-plan"),
        {"choice": "daily", "ready_by": "07:00", "minimum_charge": "95"},
        headers=HTMX,
    )

    assert response.status_code == 422
    assertContains(response, 'id="id_minimum_charge_error"', status_code=422)
    assertContains(response, "This car accepts at most 90 %.", status_code=422)


def test_another_homeowners_car_is_not_found(alice_in, sandbox, bob_ev):
    response = alice_in.post(action_url(bob_ev, "charging-plan"), COMMUTER_ROWS)

    assert response.status_code == 404
    assert sandbox.writes() == []


def test_a_heat_pump_has_no_charging_plan(alice_in, sandbox, alice_heat_pump):
    response = alice_in.post(action_url(alice_heat_pump, "charging-plan"), {"choice": "none"})

    assert response.status_code == 404


def test_the_card_states_the_plan_in_force_first(alice_in, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)

    response = alice_in.get(page_url(alice_ev))

    content = response.content.decode()
    card = content[content.index('class="card plan-card"') :]
    assert card.index("Every day at least 80 % by 07:00, Europe/Berlin") < card.index(
        "When must the car be charged?"
    )


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("en", "This car accepts at most 90 %."), ("de", "Dieses Auto nimmt höchstens 90 % an.")],
)
@pytest.mark.parametrize(
    "plan",
    [
        {"choice": "daily", "ready_by": "07:00", "minimum_charge": "95"},
        COMMUTER_ROWS | {"sat_percentage": "95"},
    ],
    ids=["daily", "weekly"],
)
def test_a_minimum_above_the_car_s_cap_is_refused_at_its_field_before_asking_podero(
    alice_in, sandbox, alice_ev, language, sentence, plan
):
    headers = GERMAN if language == "de" else {}
    page = alice_in.get(page_url(alice_ev), headers=headers)  # the car's cap: 90 % (the seed's Tesla)
    assertContains(page, 'name="minimum_charge" value="80" min="0" max="90"')
    sandbox.clear_requests()

    response = alice_in.post(action_url(alice_ev, "charging-plan"), plan, headers=HTMX | headers)

    assert response.status_code == 422
    field = "minimum_charge" if plan["choice"] == "daily" else "sat_percentage"
    assertContains(response, f'id="id_{field}_error"', status_code=422)
    assert sentence in html.unescape(response.content.decode())
    assert sandbox.writes() == []
