"""Values Podero may send that no sentence can state as they are (the sandbox's odd_values reading): the device
pages say something true or say plainly that Podero sent something that cannot be shown, never a 500."""

import html

import pytest

from preferences import podero
from tests.helpers import page_url


def text(response) -> str:
    return html.unescape(response.content.decode())


def with_every_card(client, sandbox, device, odd: str) -> str:
    """The device's page with its savings and history cards in it, under the odd_values reading `odd`."""
    sandbox.reading(odd_values=odd)
    client.force_login(device.homeowner.user)
    response = client.get(page_url(device) + "?cards=all")
    assert response.status_code == 200
    return text(response)


def test_a_page_of_sessions_past_the_end_says_so_and_links_back(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev) + "?sessions=100000")

    assert response.status_code == 200
    page = text(response)
    assert "No charging sessions in the last year" not in page
    assert "this page is past the oldest" in page
    assert "?sessions=" in page.split("this page is past the oldest")[1]


@pytest.mark.parametrize("odd", ["far_dates", "huge"])
def test_sessions_podero_sent_oddly_are_left_out_and_said_so(client, sandbox, alice_ev, odd):
    page = with_every_card(client, sandbox, alice_ev, odd)

    assert "Podero sent some details of these sessions that cannot be shown" in page
    assert "9999" not in page
    assert "e+300" not in page


def test_a_loss_is_said_as_a_loss(client, sandbox, alice_heat_pump):
    page = with_every_card(client, sandbox, alice_heat_pump, "negative_savings")

    assert "smart optimization cost you €5.50 more than without it." in page
    assert "-12" not in page
    assert "less than without it" not in page


def test_savings_in_another_currency_are_not_shown_in_euros(client, sandbox, alice_heat_pump):
    page = with_every_card(client, sandbox, alice_heat_pump, "other_currency")

    assert "Podero reported the savings in CHF, not in euros, so the portal cannot show them here." in page
    assert "saved you €" not in page


def test_a_battery_out_of_range_is_not_shown_as_is(client, sandbox, alice_ev, alice_inverter):
    sandbox.reading(odd_values="battery_out_of_range")
    client.force_login(alice_ev.homeowner.user)

    ev = text(client.get(page_url(alice_ev)))
    inverter = text(client.get(page_url(alice_inverter)))

    assert "Podero sent a battery level that cannot be right" in ev
    assert "-20" not in ev
    assert "battery level not shown: Podero sent one that cannot be right" in inverter
    assert "120" not in inverter


def test_a_session_s_charge_levels_outside_0_to_100_are_unknown():
    session = podero.ChargingSession.from_json(
        {"id": "s1", "initial_soc_pct": -5, "final_soc_pct": 150, "target_soc_pct": 80}
    )

    assert (session.initial_soc, session.final_soc, session.target_soc) == (None, None, 80)
