"""What a page view and a click cost in SQL queries, whatever the number of devices (issue 13's budgets: My devices
with a warm device cache at most 3, a switch at most 5). The time they take is measured by `make bench`."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from preferences.accounts import save_homeowner
from preferences.away import actions as away_actions
from tests.helpers import CONFIRMED, HTMX, action_url

# The login with its homeowner (which says whether an absence is in progress); the session comes from the cache.
# Then one for what the portal knows of all the devices' tiles (pauses for a while, trip targets, Charge now).
MY_DEVICES_QUERIES = 2
# The login, the device, and the change: recorded before the call, completed after it; switching back on also
# ends a timed pause if there is one, asked in the write's turn (another tab may have just started one).
SWITCH_QUERIES = 5


def homeowner_with(sandbox, email: str, *, heat_pumps: int, electric_vehicles: int, inverters: int):
    spec = {"heat_pumps": heat_pumps, "electric_vehicles": electric_vehicles, "inverters": inverters}
    user = sandbox.control("POST", "users", spec)
    homeowner, _ = save_homeowner(email=email, podero_user_id=user["id"])
    return homeowner


def warm_my_devices_queries(
    client, homeowner, django_assert_max_num_queries, *, budget: int = MY_DEVICES_QUERIES
) -> tuple[int, str]:
    client.force_login(homeowner.user)
    client.get(reverse("preferences:dashboard"))  # the device lists are cached, the rows stored
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(reverse("preferences:dashboard"))
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.django_db
def test_my_devices_with_a_warm_cache_makes_2_queries_for_1_device_and_for_50(
    client, sandbox, django_assert_max_num_queries
):
    one = homeowner_with(sandbox, "one@example.com", heat_pumps=1, electric_vehicles=0, inverters=0)
    fifty = homeowner_with(sandbox, "fifty@example.com", heat_pumps=17, electric_vehicles=17, inverters=16)

    queries_one, page_one = warm_my_devices_queries(client, one, django_assert_max_num_queries)
    queries_fifty, page_fifty = warm_my_devices_queries(client, fifty, django_assert_max_num_queries)

    assert queries_one == queries_fifty == MY_DEVICES_QUERIES  # not fewer either: then tighten the budget
    assert page_one.count('<li class="tile') == 1
    assert page_fifty.count('<li class="tile') == 50
    # The "I'm away" form is on the page, without JavaScript, with every heat pump and inverter to choose.
    assert page_one.count('name="devices"') == 1
    assert page_fifty.count('name="devices"') == 33
    assert 'name="pause_charge_deadlines"' in page_fifty


@pytest.mark.django_db
def test_my_devices_while_away_reads_the_absence_too(client, sandbox, django_assert_max_num_queries):
    homeowner = homeowner_with(sandbox, "away@example.com", heat_pumps=1, electric_vehicles=0, inverters=0)
    away_actions.start_absence(
        homeowner=homeowner,
        devices=[],
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(days=3),
        actor=homeowner.user,
        now=timezone.now(),
    )

    # Besides the session and the login: the absence, and what it paused (prefetched).
    queries, page = warm_my_devices_queries(client, homeowner, django_assert_max_num_queries, budget=5)

    assert queries > MY_DEVICES_QUERIES
    assert "Away until" in page
    assert 'name="devices"' not in page


def test_a_switch_costs_5_queries(client, sandbox, alice_heat_pump, django_assert_num_queries):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)

    # Pausing has no timed pause to end: one query fewer. Exact counts, so a query that comes back fails.
    with django_assert_num_queries(SWITCH_QUERIES - 1):
        response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    with django_assert_num_queries(SWITCH_QUERIES):
        resumed = client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)

    assert 'aria-checked="false"' in response.content.decode()
    # The newest entry of Recent changes, from what the write recorded.
    assert "You paused smart optimization" in response.content.decode()
    assert "You resumed smart optimization" in resumed.content.decode()


def test_a_change_gets_its_outcome_once(sandbox, alice_heat_pump):
    from django.utils import timezone

    from preferences.audit import record as audit_record
    from preferences.devices import actions as device_actions

    result = device_actions.pause_optimization(
        device=alice_heat_pump, actor=alice_heat_pump.homeowner.user, now=timezone.now()
    )

    with pytest.raises(ValueError, match="audit trail"):
        audit_record.finish(result.change, "failed", status=500)
    result.change.refresh_from_db()
    assert result.change.outcome == "succeeded"


# The login, the car (which says whether a trip target is active), the recent changes (which tell
# an armed Charge now).
EV_PAGE_QUERIES = 3


@pytest.mark.parametrize("changes_since", [0, 12], ids=["among the recent changes", "older than them"])
def test_the_ev_page_tells_an_armed_charge_from_its_recent_changes(
    client, sandbox, alice_ev, django_assert_max_num_queries, changes_since
):
    from podero_sandbox import seed
    from preferences.models import Change
    from tests.audit.test_activity import record
    from tests.helpers import page_url

    sandbox.ev(seed.ALICE_EV_ID, "unplug")
    client.force_login(alice_ev.homeowner.user)
    client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)
    for _ in range(changes_since):
        record(alice_ev, Change.Intent.SET_CHARGE_DEADLINE, actor=alice_ev.homeowner.user)
    client.get(page_url(alice_ev))  # the car and its plan are cached

    # Only when the recent changes do not reach back to it is the last Charge now looked up on its own.
    with django_assert_max_num_queries(EV_PAGE_QUERIES + (1 if changes_since else 0)):
        page = client.get(page_url(alice_ev))

    assert "Don&#x27;t start when plugged in" in page.content.decode()


def test_recent_changes_by_staff_the_portal_and_the_homeowner_cost_no_query_of_their_own(
    client, sandbox, alice_ev, maria, django_assert_max_num_queries
):
    from preferences.models import Change
    from tests.audit.test_activity import record
    from tests.helpers import page_url

    week = {"mon": {"charge_percentage": 80, "charge_deadline": "07:00"}, "timezone": "Europe/Berlin"}
    record(
        alice_ev, Change.Intent.SET_WEEKLY_SCHEDULE, actor=maria, reason="Asked by phone", request_body=week
    )
    record(alice_ev, Change.Intent.CANCEL_BOOST, actor=None, outcome=Change.Outcome.REFUSED)
    record(alice_ev, Change.Intent.SET_CHARGE_DEADLINE, actor=alice_ev.homeowner.user, previous_values={})
    client.force_login(alice_ev.homeowner.user)
    client.get(page_url(alice_ev))  # the car and its plan are cached

    with django_assert_max_num_queries(EV_PAGE_QUERIES):
        page = client.get(page_url(alice_ev))

    for line in ("Maria from customer service", "Asked by phone", "The portal", "You "):
        assert line in page.content.decode()
