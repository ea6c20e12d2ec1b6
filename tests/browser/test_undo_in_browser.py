"""Undo in the browser: the confirmation offers Undo, and one click sends back exactly what was replaced."""

import pytest
from playwright.sync_api import expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, podero_path, sent

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_undo_after_pausing_sends_the_previous_value_back(portal, alice, alice_heat_pump, javascript):
    page = portal.logged_in_page(alice, javascript=javascript)
    page.goto(HEAT_PUMP_PAGE)
    section = page.get_by_role("region", name="Smart optimization")
    section.get_by_role("switch", name="Smart optimization").click()
    expect(section.get_by_text("Smart optimization is paused")).to_be_visible()

    section.get_by_role("button", name="Undo").click()

    expect(section.get_by_text("Undone: back to how it was before.")).to_be_visible()
    expect(section.get_by_role("switch", name="Smart optimization")).to_have_attribute("aria-checked", "true")
    path = podero_path("heat-pumps", seed.ALICE_HEAT_PUMP_ID)
    assert sent(portal.sandbox) == [
        ("PUT", path, {"is_smart_optimization_active": False}),
        ("PUT", path, {"is_smart_optimization_active": True}),
    ]


def test_undo_after_changing_the_daily_target_restores_the_exact_earlier_values(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    card = page.get_by_role("region", name="Charging plan")
    card.get_by_label("Ready by", exact=True).fill("06:15")
    card.get_by_label("Minimum charge (%)", exact=True).fill("65")
    card.get_by_role("button", name="Save plan").click()
    expect(card.get_by_text("Saved. Now in force: Every day at least 65 % by 06:15")).to_be_visible()

    card.get_by_role("button", name="Undo").click()

    expect(card.get_by_text("Undone: back to how it was before.")).to_be_visible()
    expect(card.get_by_label("Ready by", exact=True)).to_have_value("07:00")
    path = podero_path("electric-vehicles", seed.ALICE_EV_ID)
    assert sent(portal.sandbox) == [
        ("PUT", path, {"charge_deadline_at": "06:15", "minimum_charge_limit": 65}),
        ("PUT", path, {"charge_deadline_at": "07:00", "minimum_charge_limit": 80}),
    ]
