"""In the browser: a click after the session ended leads to the login page and back to the page; a click from a
page opened before the last login asks, inside the card, to reload; error pages keep the portal's look."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, cards_loaded, charge_now, sent
from tests.conftest import PASSWORD
from tests.helpers import end_every_session

pytestmark = pytest.mark.browser


def test_a_click_after_the_session_ended_goes_to_log_in_and_back_to_the_page(page, portal, alice_heat_pump):
    page.goto(HEAT_PUMP_PAGE)
    cards_loaded(page)
    end_every_session()

    page.get_by_role("switch", name="Smart optimization").click()

    expect(page).to_have_url(
        re.compile(r"/accounts/login/\?next=" + re.escape(HEAT_PUMP_PAGE.replace("/", "%2F")))
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_text("Your session had ended, so nothing was sent or changed.")).to_be_visible()
    assert sent(portal.sandbox) == []

    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(portal.url + HEAT_PUMP_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nibe S-Series")
    expect(page.get_by_role("switch", name="Smart optimization")).to_have_attribute("aria-checked", "true")
    assert sent(portal.sandbox) == []


def test_a_click_with_a_stale_token_asks_to_reload_inside_the_card_and_reloading_works(
    page, portal, alice_heat_pump
):
    page.goto(HEAT_PUMP_PAGE)
    # Logging in again elsewhere gives the browser a new CSRF secret; this page still sends the old token.
    page.context.add_cookies([{"name": settings.CSRF_COOKIE_NAME, "value": "a" * 32, "url": portal.url}])
    section = page.get_by_role("region", name="Smart optimization")

    section.get_by_role("switch", name="Smart optimization").click()

    expect(section.get_by_role("alert")).to_contain_text("This page is out of date")
    expect(section.get_by_role("alert")).to_contain_text("Nothing was sent or changed.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nibe S-Series")  # the portal is still there
    assert sent(portal.sandbox) == []

    section.get_by_role("link", name="Reload the page").click()
    page.get_by_role("switch", name="Smart optimization").click()

    expect(page.get_by_role("switch", name="Smart optimization")).to_have_attribute("aria-checked", "false")
    assert len(sent(portal.sandbox)) == 1


def test_a_page_that_does_not_exist_looks_like_the_portal(page, portal, alice, assert_accessible):
    response = page.goto("/electric-vehicles/00000000-0000-4000-8000-000000000000/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to My devices")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.card')).borderRadius") != "0px"
    assert_accessible(page)


def test_a_boost_poll_after_the_session_ended_goes_to_log_in(page, portal, alice_ev):
    portal.sandbox.control("POST", "config", {"boost_start_delay": 30})
    page.goto(EV_PAGE)
    charge_now(page)
    expect(page.get_by_role("region", name="Charge now").locator(".status")).to_have_text(
        "Charging is about to start."
    )
    end_every_session()

    expect(page).to_have_url(
        re.compile(r"/accounts/login/\?next=" + re.escape(EV_PAGE.replace("/", "%2F"))), timeout=8_000
    )
