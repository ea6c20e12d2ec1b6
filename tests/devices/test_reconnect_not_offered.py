"""A reconnect Podero does not offer for a device (405 on its auth_session: heat pumps document none,
podero-api.md §9.4) is no server error: the homeowner and staff are told to reconnect in the manufacturer's app,
not to try again later."""

import html

import pytest

import podero_sandbox as seed
from tests.admin.test_admin_support import REASON, admin_action_url
from tests.helpers import HTMX, action_url

NOT_OFFERED = "Podero does not offer reconnecting this device from here."


@pytest.fixture(autouse=True)
def no_cue(sandbox):
    """Bob's lapsed heat pump without its reauthenticate cue: Reconnect asks auth_session (with one, a 405 on
    the cue's /resolve says the same: test_reconnect_through_a_cue.py)."""
    sandbox.set_device(seed.BOB_HEAT_PUMP_ID, actions=[])


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no javascript", "htmx"])
def test_a_405_on_reconnect_says_reconnect_in_the_manufacturer_s_app(client, sandbox, bob_heat_pump, headers):
    sandbox.fault(status=405, path_contains="/auth_session")
    client.force_login(bob_heat_pump.homeowner.user)

    response = client.post(action_url(bob_heat_pump, "reconnect"), headers=headers)

    assert response.status_code != 500
    page = html.unescape(response.content.decode())
    assert NOT_OFFERED in page
    assert "manufacturer's app" in page
    assert "try again later" not in page


def test_staff_asking_for_a_reconnect_link_are_told_the_same(client, sandbox, maria, bob_heat_pump):
    sandbox.fault(status=405, path_contains="/auth_session")
    client.force_login(maria)

    response = client.post(admin_action_url(bob_heat_pump, "reconnect_link"), {"reason": REASON}, follow=True)

    assert response.status_code == 200
    assert NOT_OFFERED in html.unescape(response.content.decode())
