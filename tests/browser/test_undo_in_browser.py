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


def test_undo_after_changing_the_deadline_restores_the_exact_earlier_values(page, portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    section = page.get_by_role("region", name="Charge deadline")
    section.get_by_label("Ready by").fill("06:15")
    section.get_by_label("Minimum charge (%)").fill("65")
    section.get_by_role("button", name="Save deadline").click()
    expect(page.get_by_text("Charge deadline saved.")).to_be_visible()

    page.get_by_role("region", name="Charge deadline").get_by_role("button", name="Undo").click()

    expect(page.get_by_text("Undone: back to how it was before.")).to_be_visible()
    expect(page.get_by_role("region", name="Charge deadline").get_by_label("Ready by")).to_have_value("07:00")
    path = podero_path("electric-vehicles", seed.ALICE_EV_ID)
    assert sent(portal.sandbox) == [
        ("PUT", path, {"charge_deadline_at": "06:15", "minimum_charge_limit": 65}),
        ("PUT", path, {"charge_deadline_at": "07:00", "minimum_charge_limit": 80}),
    ]
