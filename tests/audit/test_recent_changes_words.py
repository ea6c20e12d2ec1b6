"""Recent changes on a device page: an entry only when a change was made, what it changed from and to, and no
offer to put back the weekly schedule that is already in force."""

import html

from pytest_django.asserts import assertNotContains

from tests.charging.test_charging_plan_views import COMMUTER_ROWS
from tests.helpers import HTMX, action_url, page_url

NEW_ENTRY = 'hx-swap-oob="afterbegin:#activity-list"'
PUT_BACK = "Use this schedule again"
MONDAY_90 = (
    COMMUTER_ROWS
    | {"starts": "mon,tue,sat", "mon_percentage": "90", "tue_percentage": "80"}
    | {"tue_deadline": "07:00"}
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_splitting_a_row_or_an_invalid_value_adds_no_entry_to_recent_changes(alice_in, sandbox, alice_ev):
    url = action_url(alice_ev, "charging-plan")
    alice_in.post(url, COMMUTER_ROWS, headers=HTMX)  # one change: the list now has an entry

    split = alice_in.post(url, COMMUTER_ROWS | {"split": "wed"}, headers=HTMX)
    invalid = alice_in.post(url, COMMUTER_ROWS | {"mon_deadline": ""}, headers=HTMX)

    for response in (split, invalid):
        assertNotContains(response, NEW_ENTRY, status_code=response.status_code)


def test_the_schedule_in_force_is_not_offered_again_but_an_earlier_one_is(alice_in, sandbox, alice_ev):
    url = action_url(alice_ev, "charging-plan")

    alice_in.post(url, COMMUTER_ROWS)
    first = text(alice_in.get(page_url(alice_ev)))
    alice_in.post(url, MONDAY_90)
    second = text(alice_in.get(page_url(alice_ev)))

    assert first.count(PUT_BACK) == 0
    assert second.count(PUT_BACK) == 1


def test_an_entry_says_what_changed_to_what(alice_in, sandbox, alice_ev):
    url = action_url(alice_ev, "charging-plan")
    alice_in.post(url, COMMUTER_ROWS)
    alice_in.post(url, MONDAY_90)

    page = text(alice_in.get(page_url(alice_ev)))

    assert "→ Monday at least 90 % by 07:00, Tue–Fri 80 % by 07:00" in page
