"""Every page type passes an axe-core scan and runs under the Content Security Policy without a violation
(no inline scripts or styles, no style="" attributes, no eval)."""

import pytest
from playwright.sync_api import expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, INVERTER_PAGE, charge_now

pytestmark = pytest.mark.browser

PAGES = [
    pytest.param("/accounts/login/", "Log in", False, id="login"),
    pytest.param("/", "My devices", True, id="my devices"),
    pytest.param(HEAT_PUMP_PAGE, "Nibe S-Series", True, id="heat pump"),
    pytest.param(EV_PAGE, "Tesla Model 3", True, id="electric vehicle"),
    pytest.param(INVERTER_PAGE, "Fronius Symo GEN24 10.0 Plus", True, id="inverter"),
]


@pytest.fixture
def alices_devices(alice_heat_pump, alice_ev, alice_inverter, sandbox) -> None:
    """Her three devices, the EV with a charge deadline."""
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)


@pytest.mark.parametrize(("url", "heading", "logged_in"), PAGES)
def test_the_page_has_no_axe_violations_and_no_csp_violations(
    portal, alice, alices_devices, assert_accessible, url, heading, logged_in
):
    page = portal.logged_in_page(alice) if logged_in else portal.new_page()

    page.goto(url)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if url == EV_PAGE:
        expect(page.get_by_role("region", name="Charging plan")).to_be_visible()
    assert_accessible(page)
    assert portal.console.csp_violations() == []
    assert portal.console.page_errors == []
    assert [message for message in portal.console.messages if message.startswith("error")] == []


def test_the_ev_page_with_errors_and_notes_swapped_in_by_htmx_has_no_axe_violations(
    portal, page, alices_devices, assert_accessible
):
    page.goto(EV_PAGE)
    charge_now(page.get_by_role("region", name="Charge now"))
    expect(page.get_by_role("region", name="Charge now").locator(".status")).to_contain_text("full speed")
    plan = page.get_by_role("region", name="Charging plan")
    plan.get_by_label("Different on some days").check()
    plan.get_by_label("Minimum charge (%), Monday to Sunday").fill("120")

    plan.get_by_role("button", name="Save plan").click()

    expect(plan.get_by_text("Enter a whole number from 0 to 100 for Monday to Sunday.")).to_be_visible()
    assert_accessible(page)
    assert portal.console.csp_violations() == []


def test_the_csp_watch_catches_an_inline_style(portal, page, alice_heat_pump):
    """The CSP checks are only worth something if a violation would be seen: provoke one on purpose."""
    page.goto(HEAT_PUMP_PAGE)

    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')"""
        )

    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")  # let the event reach the test

    assert any("style-src" in message for message in portal.console.messages)
    assert any(event.startswith("style-src") for event in portal.console.policy_events)
    portal.console.messages.clear()  # provoked here, so not a failure of the page
    portal.console.policy_events.clear()
