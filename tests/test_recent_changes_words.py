"""Recent changes on a device page: an entry only when a change was made, what it changed from and to, and no
offer to put back the weekly schedule that is already in force. And Podero's 422 in our words, at the field."""

import html

from pytest_django.asserts import assertContains, assertNotContains
from tests.test_charge_deadline import form_data
from tests.test_weekly_schedule import week_data

import podero_sandbox as seed
from tests.helpers import HTMX, action_url, page_url

NEW_ENTRY = 'hx-swap-oob="afterbegin:#activity-list"'
PUT_BACK = "Use this schedule again"


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_shortcut_or_an_invalid_value_adds_no_entry_to_recent_changes(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    url = action_url(alice_ev, "weekly-schedule")
    client.post(url, week_data(mon_percentage="90"), headers=HTMX)  # one change: the list now has an entry

    shortcut = client.post(url, week_data() | {"preset": "copy-monday"}, headers=HTMX)
    invalid = client.post(url, week_data(tue_percentage="120"), headers=HTMX)
    nothing = client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="07:00", minimum_charge="80", initial=(True, "07:00", 80)),
        headers=HTMX,
    )

    for response in (shortcut, invalid, nothing):
        assertNotContains(response, NEW_ENTRY, status_code=response.status_code)


def test_a_saved_change_adds_its_entry_at_once(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    url = action_url(alice_ev, "weekly-schedule")
    client.post(url, week_data(mon_percentage="90"), headers=HTMX)

    response = client.post(url, week_data(mon_percentage="70"), headers=HTMX)

    assertContains(response, NEW_ENTRY)


def test_the_schedule_in_force_is_not_offered_again_but_an_earlier_one_is(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    url = action_url(alice_ev, "weekly-schedule")

    client.post(url, week_data(mon_percentage="90"))
    first = client.get(page_url(alice_ev))
    client.post(url, week_data(mon_percentage="70"))
    second = client.get(page_url(alice_ev))

    assert text(first).count(PUT_BACK) == 0
    assert text(second).count(PUT_BACK) == 1


def test_an_entry_says_what_changed_to_what(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)

    client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="06:30", minimum_charge="90", initial=(True, "07:00", 80)),
    )
    client.post(action_url(alice_ev, "weekly-schedule"), week_data(mon_percentage="90", mon_deadline="06:30"))
    page = text(client.get(page_url(alice_ev)))

    assert "at least 80 % by 07:00 → at least 90 % by 06:30" in page
    assert "→ Monday: at least 90 % by 06:30" in page


PODERO_422 = {
    "detail": [
        {
            "type": "less_than_equal",
            "loc": ["body", "minimum_charge_limit"],
            "msg": "Input should be less than or equal to 90",
            "input": 95,
            "ctx": {"le": 90},
        }
    ]
}


def test_podero_refusing_a_value_is_said_at_the_field_with_our_label_and_the_limit_in_one_box(
    client, sandbox, alice_ev
):
    sandbox.fault(status=422, body=PODERO_422, method="PUT", count=1)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="07:00", minimum_charge="95"),
        headers=HTMX,
    )

    body = text(response)
    assert response.status_code == 422
    assert "Minimum charge (%): Podero accepts at most 90 for this device." in body
    assert "minimum_charge_limit" not in body
    assert "Input should be" not in body
    assert body.count("notice-bad") == 1
    assert 'value="95"' in body
