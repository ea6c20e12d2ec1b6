"""Pause and resume smart optimization of a heat pump or an inverter (seed: Heat Pump / Solar Inverter)."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.helpers import HTMX, action_url, page_url, podero_path

TOGGLES = ["alice_heat_pump", "alice_inverter"]


@pytest.mark.parametrize("device_fixture", TOGGLES)
def test_pausing_sends_only_the_optimization_flag_and_shows_the_switch_off(
    client, sandbox, request, device_fixture
):
    device = request.getfixturevalue(device_fixture)
    client.force_login(device.homeowner.user)

    response = client.post(action_url(device, "pause"), headers=HTMX)

    assert response.status_code == 200
    assertContains(response, 'aria-checked="false"')
    assertContains(response, "follows its own built-in schedule")
    assertNotContains(response, "<html")
    [write] = sandbox.writes()
    assert (write["method"], write["path"]) == ("PUT", podero_path(device))
    assert write["json"] == {"is_smart_optimization_active": False}
    assert write["headers"]["content-type"] == "application/json"


@pytest.mark.parametrize("device_fixture", TOGGLES)
def test_resuming_sends_only_the_optimization_flag(client, sandbox, request, device_fixture):
    device = request.getfixturevalue(device_fixture)
    sandbox.set_device(str(device.podero_id), is_smart_optimization_active=False)
    client.force_login(device.homeowner.user)

    response = client.post(action_url(device, "resume"), headers=HTMX)

    assertContains(response, 'aria-checked="true"')
    assert [w["json"] for w in sandbox.writes()] == [{"is_smart_optimization_active": True}]


def test_without_javascript_the_toggle_redirects_to_the_page_which_says_what_happened(
    client, sandbox, alice_heat_pump
):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"))

    assertRedirects(response, page_url(alice_heat_pump), fetch_redirect_response=False)
    page = client.get(page_url(alice_heat_pump))
    assertContains(page, "Smart optimization is paused")
    assertContains(page, 'aria-checked="false"')


def test_podero_down_says_nothing_changed_and_keeps_the_switch_as_it_was(client, sandbox, alice_heat_pump):
    sandbox.fault(status=503, method="PUT")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert response.status_code == 503
    assertContains(response, "Nothing was changed", status_code=503)
    assertContains(response, 'aria-checked="true"', status_code=503)


def test_a_500_on_a_put_may_still_take_effect(client, sandbox, alice_heat_pump):
    sandbox.fault(status=500, method="PUT")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assertContains(response, "may still take effect", status_code=503)


def test_a_put_that_times_out_may_still_take_effect(client, sandbox, alice_heat_pump, settings):
    settings.PODERO_READ_TIMEOUT = 0.3
    sandbox.fault(hang_seconds=1, method="PUT", count=1)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert response.status_code == 503
    assertContains(response, "may still take effect", status_code=503)
    assertNotContains(response, "Nothing was changed", status_code=503)


def test_a_failure_the_page_cannot_explain_is_a_logged_server_error_not_a_friendly_sentence(
    client, sandbox, alice_heat_pump, caplog
):
    sandbox.fault(status=307, method="PUT")  # a wrong PODERO_BASE_URL: ours to fix, not the homeowner's
    client.force_login(alice_heat_pump.homeowner.user)
    client.raise_request_exception = False

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert response.status_code == 500
    assert "Nothing was changed" not in response.content.decode()
    assert any(
        record.levelname == "ERROR" and "PoderoRedirected" in record.exc_text
        for record in caplog.records
        if record.exc_text
    )
