"""Pause and resume smart optimization of a heat pump and an inverter in the browser (seed: Heat Pump, Solar
Inverter). With htmx only the switch's part of the page changes, and a double click sends one request."""

import pytest
from playwright.sync_api import Locator, Page, expect

from podero_sandbox import seed
from tests.browser.helpers import HEAT_PUMP_PAGE, INVERTER_PAGE, podero_path, sent

pytestmark = pytest.mark.browser

DEVICES = [
    pytest.param("alice_heat_pump", HEAT_PUMP_PAGE, "heat-pumps", seed.ALICE_HEAT_PUMP_ID, id="heat pump"),
    pytest.param("alice_inverter", INVERTER_PAGE, "inverters", seed.ALICE_INVERTER_ID, id="inverter"),
]
PAUSED = "Smart optimization is paused. The device follows its own built-in schedule."
RESUMED = "Smart optimization is on. Podero steers this device to the cheapest hours again."


def switch_of(page: Page) -> Locator:
    return page.get_by_role("switch", name="Smart optimization")


@pytest.mark.parametrize(("device_fixture", "url", "kind", "device_id"), DEVICES)
def test_pausing_then_resuming_sends_the_seed_calls_and_swaps_only_the_switch(
    page, portal, request, device_fixture, url, kind, device_id
):
    request.getfixturevalue(device_fixture)
    page.goto(url)
    heading = page.locator("h1").element_handle()
    section = page.get_by_role("region", name="Smart optimization")
    expect(switch_of(page)).to_have_attribute("aria-checked", "true")

    switch_of(page).click()

    expect(section.get_by_text(PAUSED)).to_be_visible()
    expect(switch_of(page)).to_have_attribute("aria-checked", "false")
    expect(section.get_by_text("Paused", exact=True)).to_be_visible()
    assert sent(portal.sandbox) == [
        ("PUT", podero_path(kind, device_id), {"is_smart_optimization_active": False})
    ]
    assert portal.sandbox.writes()[0]["headers"]["content-type"] == "application/json"

    switch_of(page).click()

    expect(section.get_by_text(RESUMED)).to_be_visible()
    expect(switch_of(page)).to_have_attribute("aria-checked", "true")
    assert sent(portal.sandbox) == [
        ("PUT", podero_path(kind, device_id), {"is_smart_optimization_active": False}),
        ("PUT", podero_path(kind, device_id), {"is_smart_optimization_active": True}),
    ]
    assert heading.evaluate("h1 => h1.isConnected"), (
        "the page's <h1> was replaced: more than the switch swapped"
    )


def test_after_a_toggle_the_status_line_agrees_with_the_switch(page, portal, alice_heat_pump):
    page.goto(HEAT_PUMP_PAGE)
    status = page.locator("#status-line")
    expect(status).to_have_text("Running in Comfort mode")

    switch_of(page).click()

    expect(page.get_by_text("Paused", exact=True)).to_be_visible()
    expect(status).to_have_text("Not optimizing: following its own schedule")
    # The details below do not say again what the status line and the switch say.
    expect(page.get_by_role("region", name="Right now")).not_to_contain_text("Smart optimization")


def test_a_double_click_sends_one_request_and_the_switch_is_disabled_until_podero_answers(
    page, portal, alice_heat_pump
):
    portal.sandbox.fault(latency_ms=500, method="PUT", count=1)
    page.goto(HEAT_PUMP_PAGE)

    switch_of(page).dblclick()

    expect(switch_of(page)).to_be_disabled()
    expect(page.get_by_text(PAUSED)).to_be_visible()
    expect(switch_of(page)).to_be_enabled()
    page.wait_for_load_state("networkidle")
    assert sent(portal.sandbox) == [
        ("PUT", podero_path("heat-pumps", seed.ALICE_HEAT_PUMP_ID), {"is_smart_optimization_active": False})
    ]


def test_when_podero_is_down_the_switch_says_nothing_changed_and_stays_on(page, portal, alice_inverter):
    portal.sandbox.fault(status=503, method="PUT")
    page.goto(INVERTER_PAGE)
    section = page.get_by_role("region", name="Smart optimization")

    switch_of(page).click()

    expect(section.get_by_role("alert")).to_have_text(
        "We couldn't reach your device's service right now. Nothing was changed. Please try again in a minute."
    )
    expect(switch_of(page)).to_have_attribute("aria-checked", "true")
    expect(switch_of(page)).to_be_enabled()


def test_when_podero_does_not_answer_in_time_the_switch_says_the_change_may_still_happen(
    page, portal, settings, alice_heat_pump
):
    settings.PODERO_READ_TIMEOUT = 0.5
    portal.sandbox.fault(hang_seconds=1.5, method="PUT", count=1)
    page.goto(HEAT_PUMP_PAGE)
    section = page.get_by_role("region", name="Smart optimization")

    switch_of(page).click()

    expect(
        section.get_by_text("We did not get a clear answer from Podero. Your change may still take effect")
    ).to_be_visible()
    expect(section.get_by_text("Nothing was changed")).to_have_count(0)
