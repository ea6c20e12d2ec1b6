"""Podero's limits as a homeowner meets them, with the sandbox's fault injection: a failing savings read does not stop
Charge now, and a click answered 429 knocks twice, not four times, and says so in plain words."""

from datetime import UTC, datetime

import pytest
from pytest_django.asserts import assertContains

from preferences import podero
from preferences.podero.client import get_client
from tests.helpers import CONFIRMED, HTMX, action_url, podero_path


def read_savings(device):
    return get_client().get_savings(
        device.kind,
        user_id=device.homeowner.podero_user_id,
        device_id=device.podero_id,
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 12, 1, tzinfo=UTC),
    )


def test_savings_failing_five_times_stop_savings_but_not_charge_now(client, sandbox, settings, alice_ev):
    settings.PODERO_BREAKER_FAILURES = 5
    sandbox.fault(status=500, path_contains="/savings")
    for _ in range(5):
        with pytest.raises(podero.PoderoUnavailable):
            read_savings(alice_ev)
    with pytest.raises(podero.PoderoCircuitOpen):
        read_savings(alice_ev)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assertContains(response, "Charging at full speed")
    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [("POST", podero_path(alice_ev, "/boost"))]
    assert get_client().open_breakers() == {"insights": True, "device_reads": False, "writes": False}


def test_a_click_answered_429_is_sent_twice_and_says_nothing_changed(client, sandbox, alice_heat_pump):
    sandbox.fault(status=429, method="PUT")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assertContains(response, "Nothing was changed", status_code=503)
    assertContains(response, 'aria-checked="true"', status_code=503)
    assert len(sandbox.writes()) == 2
    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is True


def test_a_click_answered_429_with_retry_after_waits_once(client, sandbox, alice_heat_pump):
    sandbox.fault(status=429, method="PUT", retry_after="1", count=1)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assertContains(response, 'aria-checked="false"')
    assert len(sandbox.writes()) == 2
    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is False
