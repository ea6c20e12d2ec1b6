"""What one click costs: Charge now and saving the weekly schedule make one write, read Podero at most once after
it, and use fewer SQL queries than before the services returned what they learned (8 and 10 then)."""

import podero_sandbox as seed
from tests.helpers import HTMX, action_url
from tests.test_undo import week_data


def calls(sandbox):
    """Podero calls since the last clear, as (method, last path segment)."""
    return [(r["method"], r["path"].rstrip("/").rsplit("/", 1)[-1]) for r in sandbox.requests()]


def test_charge_now_writes_once_and_reads_the_car_once_to_tell_started_from_armed(
    client, sandbox, alice_ev, django_assert_max_num_queries
):
    client.force_login(alice_ev.homeowner.user)
    sandbox.clear_requests()

    with django_assert_max_num_queries(7):
        response = client.post(action_url(alice_ev, "charge-now"), headers=HTMX)

    assert response.status_code == 200
    assert "full speed" in response.content.decode()
    assert calls(sandbox) == [("POST", "boost"), ("GET", seed.ALICE_EV_ID)]


def test_saving_per_day_targets_writes_once(client, sandbox, alice_ev, django_assert_max_num_queries):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    sandbox.clear_requests()

    # Two more than the switch: an active one-off trip target is looked up for the move and for the card.
    with django_assert_max_num_queries(9):
        response = client.post(action_url(alice_ev, "charging-plan"), week_data(), headers=HTMX)

    assert response.status_code == 200
    assert "Saved. Now in force" in response.content.decode()
    # What is in force now (fresh: the move depends on it), the write, then the card again as Podero has it.
    assert calls(sandbox) == [
        ("GET", seed.ALICE_EV_ID),
        ("GET", "charge-policy"),
        ("PUT", "charge-policy"),
        ("GET", seed.ALICE_EV_ID),
        ("GET", "charge-policy"),
    ]


def test_the_switch_writes_once_and_shows_the_state_podero_answered_with(
    client, sandbox, alice_heat_pump, django_assert_max_num_queries
):
    client.force_login(alice_heat_pump.homeowner.user)
    sandbox.clear_requests()

    with django_assert_max_num_queries(7):
        response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert 'aria-checked="false"' in response.content.decode()
    assert calls(sandbox) == [("PUT", seed.ALICE_HEAT_PUMP_ID)]
