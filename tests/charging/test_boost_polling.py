"""While Podero starts a charge (boost `requested`), the Charge now card asks again less and less often, stops after
about three minutes saying so, and many polls of one car within a moment make one call to Podero."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from podero_sandbox import seed
from tests.helpers import CONFIRMED, HTMX, action_url, page_url, podero_path

POLL = re.compile(r'hx-get="[^"]*\?part=boost&amp;poll=(\d+)" hx-trigger="load delay:(\d+)s"')
TOO_LONG = "Podero is taking longer than usual to start charging."


@pytest.fixture
def starting(client, sandbox, alice_ev):
    sandbox.control("POST", "config", {"boost_start_delay": 600})
    client.force_login(alice_ev.homeowner.user)
    client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)
    assert sandbox.device(seed.ALICE_EV_ID)["boost_state"] == "requested"
    return alice_ev


def poll(client, ev, number):
    query = "?part=boost" if number is None else f"?part=boost&poll={number}"
    return client.get(page_url(ev) + query, headers=HTMX)


def test_the_polls_back_off_and_stop_after_about_three_minutes(client, starting):
    seen, number, waited = [], None, 0
    while True:
        response = poll(client, starting, number)
        found = POLL.search(response.content.decode())
        if found is None:
            break
        number, delay = found.group(1), int(found.group(2))
        seen.append(delay)
        waited += delay
        assert len(seen) < 20, "polling never stops"

    assert seen == sorted(seen)
    assert seen[0] == 3
    assert seen[-1] <= 30
    assert 120 <= waited <= 240
    assertContains(response, TOO_LONG)


def test_the_first_poll_comes_after_three_seconds(client, starting):
    response = poll(client, starting, None)

    assert POLL.search(response.content.decode()).group(2) == "3"
    assertNotContains(response, TOO_LONG)


def test_polls_of_one_car_within_a_moment_make_one_call_to_podero(client, sandbox, starting):
    sandbox.clear_requests()

    for number in range(3):
        poll(client, starting, number)

    reads = [r for r in sandbox.requests() if r["path"] == podero_path(starting)]
    assert len(reads) == 1


def test_the_charge_now_click_itself_starts_polling(client, sandbox, alice_ev):
    sandbox.control("POST", "config", {"boost_start_delay": 600})
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assertContains(response, "Charging is about to start.")
    assert POLL.search(response.content.decode()).group(2) == "3"
    assertNotContains(response, TOO_LONG)
