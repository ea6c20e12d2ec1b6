"""The weekly schedule (seed: Set a weekly schedule)."""

from pytest_django.asserts import assertContains

import podero_sandbox as seed
from tests.helpers import HTMX, action_url, page_url, podero_path

SEED_WEEK = {
    "mon": (80, "07:00"),
    "tue": (80, "07:00"),
    "wed": (80, "07:00"),
    "thu": (80, "07:00"),
    "fri": (80, "07:00"),
    "sat": (50, "10:00"),
    "sun": (50, "10:00"),
}


def week_data(week=SEED_WEEK, timezone="Europe/Berlin", **overrides):
    data = {"timezone": timezone}
    for day, (percentage, deadline) in week.items():
        data[f"{day}_percentage"] = str(percentage)
        data[f"{day}_deadline"] = deadline
    return data | overrides


def test_the_weekly_schedule_is_sent_exactly_as_the_seed_shows(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "weekly-schedule"), week_data(), headers=HTMX)

    assert response.status_code == 200
    assertContains(response, "Weekly schedule saved")
    [write] = sandbox.writes()
    assert (write["method"], write["path"]) == ("PUT", podero_path(alice_ev, "/charge-policy"))
    assert write["json"] == {
        "timezone": "Europe/Berlin",
        **{day: {"charge_percentage": p, "charge_deadline": d} for day, (p, d) in SEED_WEEK.items()},
    }
    assert list(write["json"]) == ["timezone", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def test_the_form_is_prefilled_from_podero(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    client.post(action_url(alice_ev, "weekly-schedule"), week_data(), headers=HTMX)

    page = client.get(page_url(alice_ev))

    assertContains(page, 'name="sat_deadline" value="10:00"')
    assertContains(page, '<option value="Europe/Berlin" selected>')


def test_an_unknown_time_zone_and_bad_days_are_shown_at_their_fields_and_nothing_is_sent(
    client, sandbox, alice_ev
):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(
        action_url(alice_ev, "weekly-schedule"),
        week_data(timezone="Mars/Olympus", wed_percentage="-5", sun_deadline="25:00"),
        headers=HTMX,
    )

    assert response.status_code == 422
    assertContains(response, "Choose a time zone from the list", status_code=422)
    assertContains(response, 'value="-5"', status_code=422)
    assertContains(response, 'value="25:00"', status_code=422)
    assert sandbox.writes() == []


def test_copy_monday_fills_the_weekdays_without_saving(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    data = week_data(mon_percentage="90", mon_deadline="06:00") | {"preset": "copy-monday"}

    response = client.post(action_url(alice_ev, "weekly-schedule"), data, headers=HTMX)

    assertContains(response, 'name="fri_percentage" value="90"')
    assertContains(response, 'name="fri_deadline" value="06:00"')
    assertContains(response, 'name="sat_deadline" value="10:00"')
    assert sandbox.writes() == []
