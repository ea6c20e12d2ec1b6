"""The same flows in a browser with JavaScript turned off: plain forms, a redirect back to the device page
after each change, and the outcome shown once, next to the control it is about."""

import pytest
from playwright.sync_api import Locator, Page, expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, INVERTER_PAGE, charge_now, podero_path, sent

pytestmark = pytest.mark.browser

EV = podero_path("electric-vehicles", seed.ALICE_EV_ID)
BOOST = podero_path("electric-vehicles", seed.ALICE_EV_ID, "/boost")
CHARGE_POLICY = podero_path("electric-vehicles", seed.ALICE_EV_ID, "/charge-policy")


def region(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name)


def day(page: Page, name: str) -> Locator:
    return region(page, "Weekly schedule").get_by_role("group", name=name)


def test_javascript_is_really_off(no_js_page, alice_heat_pump):
    no_js_page.goto(HEAT_PUMP_PAGE)

    assert no_js_page.evaluate("() => typeof window.htmx") == "undefined"


@pytest.mark.parametrize(
    ("device_fixture", "url", "kind", "device_id"),
    [
        pytest.param(
            "alice_heat_pump", HEAT_PUMP_PAGE, "heat-pumps", seed.ALICE_HEAT_PUMP_ID, id="heat pump"
        ),
        pytest.param("alice_inverter", INVERTER_PAGE, "inverters", seed.ALICE_INVERTER_ID, id="inverter"),
    ],
)
def test_pausing_and_resuming_without_javascript(
    no_js_page, portal, request, device_fixture, url, kind, device_id
):
    page = no_js_page
    request.getfixturevalue(device_fixture)
    page.goto(url)
    switch = page.get_by_role("switch", name="Smart optimization")

    switch.click()

    expect(page.get_by_text("Smart optimization is paused.")).to_have_count(1)
    expect(region(page, "Smart optimization").get_by_text("Smart optimization is paused.")).to_be_visible()
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(page).to_have_url(portal.url + url)

    switch.click()

    expect(page.get_by_text("Smart optimization is on. Podero steers")).to_have_count(1)
    expect(switch).to_have_attribute("aria-checked", "true")
    assert sent(portal.sandbox) == [
        ("PUT", podero_path(kind, device_id), {"is_smart_optimization_active": False}),
        ("PUT", podero_path(kind, device_id), {"is_smart_optimization_active": True}),
    ]


def test_charge_now_on_an_idle_car_without_javascript(no_js_page, portal, alice_ev):
    page = no_js_page
    page.goto(EV_PAGE)

    charge_now(region(page, "Charge now"))

    expect(region(page, "Charge now").locator(".status")).to_contain_text("full speed")
    expect(page).to_have_url(portal.url + EV_PAGE)
    assert sent(portal.sandbox) == [("POST", BOOST, None)]


def test_charge_now_armed_then_cancelled_without_javascript(no_js_page, portal, alice_ev):
    page = no_js_page
    portal.sandbox.ev(seed.ALICE_EV_ID, "unplug")
    page.goto(EV_PAGE)
    section = region(page, "Charge now")

    charge_now(section)

    expect(section.locator(".status")).to_have_text(
        "Charging at full speed will start as soon as the car is plugged in."
    )
    section.get_by_role("button", name="Don't start when plugged in").click()

    expect(section.get_by_text("It will not start charging when plugged in")).to_be_visible()
    expect(section.get_by_role("button", name="Don't start when plugged in")).to_have_count(0)
    assert sent(portal.sandbox) == [("POST", BOOST, None), ("DELETE", BOOST, None)]


@pytest.mark.parametrize(
    ("since_the_page_loaded", "sentence"),
    [
        pytest.param({"is_charging": True}, "The car is already charging", id="already charging"),
        pytest.param(
            {"battery_level": 100, "is_fully_charged": True}, "The battery is already full", id="full"
        ),
        pytest.param({"has_active_session": False}, "no active charging session", id="no active session"),
    ],
)
def test_charge_now_refused_by_podero_without_javascript(
    no_js_page, portal, alice_ev, since_the_page_loaded, sentence
):
    page = no_js_page
    page.goto(EV_PAGE)
    portal.sandbox.set_device(seed.ALICE_EV_ID, **since_the_page_loaded)

    charge_now(region(page, "Charge now"))

    expect(region(page, "Charge now").locator(".notice-warn")).to_contain_text(sentence)
    assert [(w["method"], w["path"], w["status"]) for w in portal.sandbox.writes()] == [("POST", BOOST, 409)]


def test_bad_input_without_javascript_shows_the_page_again_with_the_errors_and_what_was_typed(
    no_js_page, portal, alice_ev
):
    page = no_js_page
    page.goto(EV_PAGE)
    plan = region(page, "Charging plan")

    plan.get_by_label("Same every day").check()
    plan.get_by_label("Minimum charge (%)", exact=True).fill("120")
    plan.get_by_role("button", name="Save plan").click()

    expect(plan.get_by_text("Enter a whole number from 0 to 100.")).to_be_visible()
    expect(plan.get_by_label("Minimum charge (%)", exact=True)).to_have_value("120")
    expect(plan.get_by_label("Same every day")).to_be_checked()
    assert sent(portal.sandbox) == []


def test_podero_down_without_javascript_explains_it_and_keeps_the_form(no_js_page, portal, alice_ev):
    page = no_js_page
    portal.sandbox.fault(status=503, method="PUT")
    page.goto(EV_PAGE)
    plan = region(page, "Charging plan")

    plan.get_by_label("Same every day").check()
    plan.get_by_label("Ready by", exact=True).fill("06:15")
    plan.get_by_role("button", name="Save plan").click()

    expect(page.get_by_text("Nothing was changed. Please try again in a minute.")).to_have_count(1)
    expect(plan.get_by_role("alert")).to_contain_text("We couldn't reach your device's service right now.")
    expect(plan.get_by_label("Ready by", exact=True)).to_have_value("06:15")
    expect(plan.get_by_label("Same every day")).to_be_checked()
