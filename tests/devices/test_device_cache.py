"""Device state cached briefly in the shared cache, forgotten after our own writes, and pages whose number of
database queries does not grow with the number of devices."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from preferences.accounts import save_homeowner
from preferences.devices import cache as device_cache
from preferences.podero import DeviceKind
from tests.helpers import HTMX, action_url, page_url, podero_path


def reads(sandbox) -> list[str]:
    return [r["path"] for r in sandbox.requests() if r["method"] == "GET"]


def test_a_device_page_seen_again_within_the_cache_time_asks_podero_nothing(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    client.get(page_url(alice_heat_pump))
    sandbox.clear_requests()

    response = client.get(page_url(alice_heat_pump))

    assert response.status_code == 200
    assert sandbox.requests() == []


def test_my_devices_seen_again_within_the_cache_time_asks_podero_nothing(client, sandbox, alice):
    client.force_login(alice.user)
    client.get(reverse("preferences:dashboard"))
    sandbox.clear_requests()

    response = client.get(reverse("preferences:dashboard"))

    assert "Nibe" in response.content.decode()
    assert sandbox.requests() == []


def test_a_change_made_elsewhere_shows_once_the_cache_time_is_over(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    client.get(page_url(alice_heat_pump))
    sandbox.set_device(str(alice_heat_pump.podero_id), is_smart_optimization_active=False)

    cached = client.get(page_url(alice_heat_pump))
    cache.delete(device_cache.device_key(alice_heat_pump.podero_id))  # as if 30 s had passed
    fresh = client.get(page_url(alice_heat_pump))

    assert 'aria-checked="true"' in cached.content.decode()
    assert 'aria-checked="false"' in fresh.content.decode()


def test_our_own_write_is_visible_at_once_on_the_device_page_and_on_my_devices(
    client, sandbox, alice_heat_pump
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.get(reverse("preferences:dashboard"))
    client.get(page_url(alice_heat_pump))

    client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    sandbox.clear_requests()
    page = client.get(page_url(alice_heat_pump))
    dashboard = client.get(reverse("preferences:dashboard"))

    assert 'aria-checked="false"' in page.content.decode()
    assert "Paused" in dashboard.content.decode()
    # Only what the write touched is fetched again: the heat pump, and the list of heat pumps.
    assert reads(sandbox) == [podero_path(alice_heat_pump), podero_path(alice_heat_pump).rsplit("/", 1)[0]]


def test_a_write_with_an_unknown_outcome_also_forgets_the_cached_state(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    client.get(page_url(alice_heat_pump))
    sandbox.fault(status=504, method="PUT", count=4)
    sandbox.clear_requests()

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert "may still take effect" in response.content.decode()
    assert reads(sandbox) == [podero_path(alice_heat_pump)]  # the part is drawn from what Podero says now


def test_the_weekly_schedule_is_cached_with_the_car_and_fetched_again_after_a_change(
    client, sandbox, alice_ev
):
    sandbox.set_device(str(alice_ev.podero_id), is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    client.get(page_url(alice_ev))
    sandbox.clear_requests()

    client.get(page_url(alice_ev))
    cached_reads = reads(sandbox)
    client.post(action_url(alice_ev, "cancel-boost"), headers=HTMX)
    client.get(page_url(alice_ev))

    assert cached_reads == []
    # The Charge now part reads the car again; the page after it, the weekly schedule.
    assert reads(sandbox) == [podero_path(alice_ev), podero_path(alice_ev, "/charge-policy")]


def test_a_cache_time_of_zero_always_asks_podero(client, sandbox, settings, alice_heat_pump):
    settings.PODERO_DEVICE_CACHE_SECONDS = 0
    client.force_login(alice_heat_pump.homeowner.user)
    client.get(page_url(alice_heat_pump))
    sandbox.clear_requests()

    client.get(page_url(alice_heat_pump))

    assert len(reads(sandbox)) == 1


def test_a_failing_cache_only_makes_pages_ask_podero(client, sandbox, alice_heat_pump, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    client.force_login(alice_heat_pump.homeowner.user)
    monkeypatch.setattr(device_cache.cache, "get_many", broken)
    monkeypatch.setattr(device_cache.cache, "set_many", broken)

    response = client.get(page_url(alice_heat_pump))

    assert response.status_code == 200
    assert reads(sandbox).count(podero_path(alice_heat_pump)) == 1


# Queries per page do not grow with the number of devices.

QUERY_BUDGET = 20


def homeowner_with(sandbox, email: str, *, per_kind: int):
    user = sandbox.control(
        "POST", "users", {"heat_pumps": per_kind, "electric_vehicles": per_kind, "inverters": per_kind}
    )
    homeowner, _ = save_homeowner(email=email, podero_user_id=user["id"])
    return homeowner


def dashboard_queries(client, homeowner, django_assert_max_num_queries) -> list[int]:
    """Queries for My devices on a first visit (rows created), and again with the device cache cleared."""
    client.force_login(homeowner.user)
    counts = []
    for _ in range(2):
        cache.delete_many([device_cache.list_key(homeowner.podero_user_id, kind) for kind in DeviceKind])
        with django_assert_max_num_queries(QUERY_BUDGET) as captured:
            response = client.get(reverse("preferences:dashboard"))
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    return counts


@pytest.mark.django_db
def test_my_devices_makes_as_many_queries_for_12_devices_as_for_3(
    client, sandbox, django_assert_max_num_queries
):
    three = homeowner_with(sandbox, "three@example.com", per_kind=1)
    twelve = homeowner_with(sandbox, "twelve@example.com", per_kind=4)

    with_three = dashboard_queries(client, three, django_assert_max_num_queries)
    with_twelve = dashboard_queries(client, twelve, django_assert_max_num_queries)

    assert with_twelve == with_three
    assert twelve.devices.count() == 12


@pytest.mark.django_db
def test_a_device_page_makes_as_many_queries_for_a_homeowner_with_12_devices_as_with_3(
    client, sandbox, django_assert_max_num_queries
):
    counts = []
    for email, per_kind in (("three@example.com", 1), ("twelve@example.com", 4)):
        homeowner = homeowner_with(sandbox, email, per_kind=per_kind)
        client.force_login(homeowner.user)
        client.get(reverse("preferences:dashboard"))
        device = (
            homeowner.devices.get(kind=DeviceKind.HEAT_PUMP)
            if per_kind == 1
            else homeowner.devices.filter(kind=DeviceKind.HEAT_PUMP).first()
        )
        with django_assert_max_num_queries(QUERY_BUDGET) as captured:
            assert client.get(page_url(device)).status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]


def test_a_boost_that_is_starting_is_cached_only_a_moment_so_the_next_poll_sees_it_start(
    client, sandbox, alice_ev, monkeypatch
):
    monkeypatch.setattr(device_cache, "SETTLING_FRESH_SECONDS", 1)
    sandbox.control("POST", "config", {"boost_start_delay": 60})
    sandbox.set_device(str(alice_ev.podero_id), is_plugged_in=True, boost_state="requested")
    client.force_login(alice_ev.homeowner.user)
    client.get(reverse("preferences:dashboard"))
    client.get(page_url(alice_ev))
    time.sleep(1.1)  # the next poll comes after the moment the starting boost is kept for
    sandbox.clear_requests()

    client.get(f"{page_url(alice_ev)}?part=boost", headers=HTMX)
    client.get(reverse("preferences:dashboard"))

    assert podero_path(alice_ev) in reads(sandbox)
    assert podero_path(alice_ev).rsplit("/", 1)[0] in reads(sandbox)
