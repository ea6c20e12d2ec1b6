"""Every homeowner page, in every state a person can bring it into, holds up at 390 x 844 and at 1280 x 800, in
English and in German: no sideways scrolling, the main control in the first screen, no text out of its box or
value broken over lines, no API word or status code, no axe violation (tests/browser/layout.py)."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from podero_sandbox import seed
from preferences.away import actions
from preferences.models import Device
from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, INVERTER_PAGE, charge_now

pytestmark = pytest.mark.browser

# Main controls by their place in the page, so that one selector serves both languages.
DEVICE_CARD = "main .tile-name a"
SWITCH = "#optimization button.switch"
CHARGE_NOW = "#boost .button"  # "Charge now…", its "Yes", or "Don't start when plugged in"
TRY_AGAIN = "main a.button"


def _login(page: Page) -> Locator:
    page.goto("/accounts/login/")
    return page.locator("main button[type=submit]")


def _my_devices(page: Page) -> Locator:
    page.goto("/")
    return page.locator(DEVICE_CARD)


def _my_devices_while_away(page: Page) -> Locator:
    homeowner = Device.objects.first().homeowner
    actions.start_absence(
        homeowner=homeowner,
        devices=homeowner.devices.exclude(kind="electric-vehicles"),
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(days=2),
        actor=homeowner.user,
        now=timezone.now(),
    )
    page.goto("/")
    expect(page.locator(".away-summary")).to_be_visible()
    return page.locator(".away-summary a")


def _my_devices_when_podero_is_down(page: Page, portal) -> Locator:
    page.goto("/")  # the portal has seen the devices once
    portal.sandbox.fault(status=503, method="GET")
    from django.core.cache import cache

    cache.clear()
    page.goto("/")
    return page.locator(DEVICE_CARD)


def _heat_pump(page: Page) -> Locator:
    page.goto(HEAT_PUMP_PAGE)
    return page.locator(SWITCH)


def _heat_pump_paused(page: Page) -> Locator:
    page.goto(HEAT_PUMP_PAGE)
    page.locator(SWITCH).click()
    expect(page.locator("#optimization .notice")).to_be_visible()
    return page.locator(SWITCH)


def _heat_pump_pause_fails(page: Page, portal) -> Locator:
    page.goto(HEAT_PUMP_PAGE)
    portal.sandbox.fault(status=503, method="PUT")
    page.locator(SWITCH).click()
    expect(page.locator("#optimization .notice-bad")).to_be_visible()
    return page.locator(SWITCH)


def _heat_pump_when_podero_is_down(page: Page, portal) -> Locator:
    portal.sandbox.fault(status=503, method="GET")
    page.goto(HEAT_PUMP_PAGE)
    expect(page.locator("main .notice-bad")).to_have_count(1)
    return page.locator(TRY_AGAIN)


def _inverter(page: Page) -> Locator:
    page.goto(INVERTER_PAGE)
    return page.locator(SWITCH)


def _ev(page: Page) -> Locator:
    page.goto(EV_PAGE)
    return page.locator(CHARGE_NOW).first


def _ev_charging_now(page: Page) -> Locator:
    """A running charge cannot be stopped here: the card's sentence says so, and it is what the person reads."""
    page.goto(EV_PAGE)
    charge_now(page.locator("#boost"))
    page.evaluate(
        "window.scrollTo(0, 0)"
    )  # the confirm step scrolled to the card: the check is of the first screen
    return page.locator("#boost .status")


def _ev_armed_for_plug_in(page: Page, portal) -> Locator:
    portal.sandbox.ev(seed.ALICE_EV_ID, "unplug")
    page.goto(EV_PAGE)
    charge_now(page.locator("#boost"))
    page.evaluate(
        "window.scrollTo(0, 0)"
    )  # the confirm step scrolled to the card: the check is of the first screen
    return page.locator("#boost form button").last  # "Don't start when plugged in"


def _ev_charge_now_refused(page: Page, portal) -> Locator:
    page.goto(EV_PAGE)
    portal.sandbox.fault(
        status=409, body={"state": "unavailable", "reason": "already_charging"}, method="POST", count=1
    )
    charge_now(page.locator("#boost"))
    page.evaluate(
        "window.scrollTo(0, 0)"
    )  # the confirm step scrolled to the card: the check is of the first screen
    return page.locator(CHARGE_NOW).first


def _ev_plan_refused_by_podero(page: Page, portal) -> Locator:
    """Podero names a limit (422): the words and the limit at the field, one error box, what was typed kept;
    Charge now stays the page's main control in the first screen."""
    detail = [
        {
            "type": "less_than_equal",
            "loc": ["body", "payload", "minimum_charge_limit"],
            "msg": "Input should be less than or equal to 90",
        }
    ]
    portal.sandbox.fault(
        method="PUT", path_contains="/electric-vehicles/", status=422, body={"detail": detail}, count=1
    )
    portal.sandbox.set_device(seed.ALICE_EV_ID, charge_target_max=None)  # else the portal refuses 95 itself
    page.goto(EV_PAGE)
    plan = page.locator("section.plan-card")
    plan.locator("fieldset.plan-choices input[type=radio]").nth(1).check()
    plan.locator("input[name$=minimum_charge]").fill("95")
    plan.locator("button.button[name=save]").click()
    expect(plan.locator(".field-invalid")).to_have_count(1)
    expect(plan.locator("input[name$=minimum_charge]")).to_have_value("95")
    return page.locator(CHARGE_NOW).first


def _ev_charge_now_fails(page: Page, portal) -> Locator:
    page.goto(EV_PAGE)
    portal.sandbox.fault(status=503, method="POST", path_contains="/boost")
    charge_now(page.locator("#boost"))
    expect(page.locator("#boost .notice-bad").first).to_be_visible()
    return page.locator(CHARGE_NOW).first


def _ev_when_podero_is_down(page: Page, portal) -> Locator:
    portal.sandbox.fault(status=503, method="GET")
    page.goto(EV_PAGE)
    expect(page.locator("main .notice-bad")).to_have_count(1)
    return page.locator(TRY_AGAIN)


def _ev_charge_now_when_podero_is_down(page: Page, portal) -> Locator:
    """Podero goes down after the page was shown: one note in the card, and Charge now stays to try again."""
    page.goto(EV_PAGE)
    portal.sandbox.fault(status=503, path_contains="/api/")
    from django.core.cache import cache

    cache.clear()
    charge_now(page.locator("#boost"))
    expect(page.locator("#boost .notice-bad")).to_have_count(1)
    expect(page.locator(CHARGE_NOW).first).to_be_enabled()
    return page.locator(CHARGE_NOW).first


def _heat_pump_pause_when_podero_is_down(page: Page, portal) -> Locator:
    page.goto(HEAT_PUMP_PAGE)
    portal.sandbox.fault(status=503, path_contains="/api/")
    from django.core.cache import cache

    cache.clear()
    page.locator(SWITCH).click()
    expect(page.locator("#optimization .notice-bad")).to_have_count(1)
    return page.locator("#optimization .button")


STATES: dict[str, Callable[..., Locator]] = {
    "login": _login,
    "my devices": _my_devices,
    "my devices, away": _my_devices_while_away,
    "my devices, Podero down": _my_devices_when_podero_is_down,
    "heat pump": _heat_pump,
    "heat pump, paused": _heat_pump_paused,
    "heat pump, pausing failed": _heat_pump_pause_fails,
    "heat pump, Podero down": _heat_pump_when_podero_is_down,
    "inverter": _inverter,
    "EV": _ev,
    "EV, charging now": _ev_charging_now,
    "EV, armed for the next plug-in": _ev_armed_for_plug_in,
    "EV, charge now refused (409)": _ev_charge_now_refused,
    "EV, charge now failed (503)": _ev_charge_now_fails,
    "EV, plan refused by Podero (422)": _ev_plan_refused_by_podero,
    "EV, Podero down": _ev_when_podero_is_down,
    "EV, charge now while Podero is down": _ev_charge_now_when_podero_is_down,
    "heat pump, pausing while Podero is down": _heat_pump_pause_when_podero_is_down,
}


@pytest.mark.parametrize("locale", ["en-GB", "de-DE"], ids=["English", "German"])
@pytest.mark.parametrize("state", STATES)
def test_the_page_holds_up_on_a_phone_and_at_a_desk(
    portal, alice, alice_heat_pump, alice_ev, alice_inverter, check_layout, state, locale
):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)  # the weekly schedule shows
    page = portal.new_page(locale=locale) if state == "login" else portal.logged_in_page(alice, locale=locale)
    setup = STATES[state]
    main_control = setup(page, portal) if setup.__code__.co_argcount == 2 else setup(page)

    check_layout(page, main_control=main_control)
