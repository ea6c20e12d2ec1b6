"""What one click costs: Charge now and saving the charging plan make one write, read Podero at most once after
it, and use fewer SQL queries than before the services returned what they learned (8 and 10 then; 5 and 8 before
the plan save kept what Podero answered).

The figures are what Podero is sent and the queries the portal runs, counted for one click of a logged-in
homeowner (session and login included)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

import podero_sandbox as seed
from tests.audit.test_undo import week_data
from tests.helpers import CONFIRMED, HTMX, action_url


def calls(sandbox):
    """Podero calls since the last clear, as (method, last path segment)."""
    return [(r["method"], r["path"].rstrip("/").rsplit("/", 1)[-1]) for r in sandbox.requests()]


def test_charge_now_writes_once_and_reads_the_car_once_to_tell_started_from_armed(
    client, sandbox, alice_ev, django_assert_max_num_queries
):
    client.force_login(alice_ev.homeowner.user)
    sandbox.clear_requests()

    # Login, the car, the change recorded and completed (the session comes from the cache).
    with django_assert_max_num_queries(4):
        response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 200
    assert "full speed" in response.content.decode()
    assert calls(sandbox) == [("POST", "boost"), ("GET", seed.ALICE_EV_ID)]


@pytest.mark.parametrize("answer", ["object", "no_content", "ok"])
def test_saving_per_day_targets_writes_once_and_reads_nothing_after(
    client, sandbox, alice_ev, django_assert_max_num_queries, answer
):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    sandbox.reading(write_answer=answer)
    client.force_login(alice_ev.homeowner.user)
    sandbox.clear_requests()

    # Login, the car, an active one-off trip target, the change recorded and completed.
    with django_assert_max_num_queries(5):
        response = client.post(action_url(alice_ev, "charging-plan"), week_data(), headers=HTMX)

    assert response.status_code == 200
    assert (
        "Saved. Now in force: Weekdays at least 80 % by 07:00, weekends 50 % by 10:00"
        in response.content.decode()
    )
    assert (
        "You changed the charging plan by day" in response.content.decode()
    )  # Recent changes, from the change
    # What is in force now (fresh: the move depends on it), then the write. The card shows the week the PUT
    # answered with, or the week it sent when Podero answers without one: a 2xx means it holds that week.
    assert calls(sandbox) == [
        ("GET", seed.ALICE_EV_ID),
        ("GET", "charge-policy"),
        ("PUT", "charge-policy"),
    ]


@pytest.mark.parametrize(
    ("answer", "read_after"),
    [("object", []), ("no_content", [("GET", seed.ALICE_EV_ID)]), ("ok", [("GET", seed.ALICE_EV_ID)])],
)
def test_saving_a_daily_target_reads_the_car_again_only_when_the_put_did_not_answer_with_it(
    client, sandbox, alice_ev, django_assert_max_num_queries, answer, read_after
):
    sandbox.reading(write_answer=answer)
    client.force_login(alice_ev.homeowner.user)
    sandbox.clear_requests()
    daily = {"choice": "daily", "timezone": "Europe/Berlin", "ready_by": "07:30", "minimum_charge": "85"}

    with django_assert_max_num_queries(6):
        response = client.post(action_url(alice_ev, "charging-plan"), daily, headers=HTMX)

    assert "Saved. Now in force: Every day at least 85 % by 07:30" in response.content.decode()
    # The week is read back after the daily target (it may or may not have rewritten it), and serves the card.
    assert calls(sandbox) == [
        ("GET", seed.ALICE_EV_ID),
        ("GET", "charge-policy"),
        ("PUT", seed.ALICE_EV_ID),
        ("GET", "charge-policy"),
        *read_after,
    ]


def test_the_switch_writes_once_and_shows_the_state_podero_answered_with(
    client, sandbox, alice_heat_pump, django_assert_max_num_queries
):
    client.force_login(alice_heat_pump.homeowner.user)
    sandbox.clear_requests()

    with django_assert_max_num_queries(4):
        response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert 'aria-checked="false"' in response.content.decode()
    assert calls(sandbox) == [("PUT", seed.ALICE_HEAT_PUMP_ID)]


def test_a_trip_target_writes_once_and_reads_nothing_after(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    sandbox.clear_requests()
    tomorrow = (timezone.now().astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).date()
    trip = {"trip-day": tomorrow.isoformat(), "trip-percentage": "100", "trip-ready_by": "06:00"}

    response = client.post(action_url(alice_ev, "trip-target"), trip, headers=HTMX)

    assert "100 % by 06:00" in response.content.decode()
    assert 'hx-swap-oob="afterbegin:#activity-list"' in response.content.decode()
    # The plan's time zone for the form (from the cache on a page just loaded), what is in force now (fresh: the
    # week is written from it), the write; the card then shows the week the write answered with.
    assert calls(sandbox) == [
        ("GET", seed.ALICE_EV_ID),
        ("GET", "charge-policy"),
        ("GET", seed.ALICE_EV_ID),
        ("GET", "charge-policy"),
        ("PUT", "charge-policy"),
    ]
