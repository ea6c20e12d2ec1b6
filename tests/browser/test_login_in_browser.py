"""Logging in with email and password, seeing My devices, and logging out, in the browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_homeowner_logs_in_sees_her_three_devices_and_logs_out(portal, alice):
    page = portal.new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))

    page.get_by_label("Email").fill("Alice@Example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My devices")
    cards = page.locator("li.tile")
    expect(cards).to_have_count(3)
    expect(cards.get_by_role("heading", level=2).get_by_role("link")).to_have_text(
        ["Nibe S-Series", "Tesla Model 3", "Fronius Symo GEN24 10.0 Plus"]
    )
    expect(cards.nth(0).get_by_text("Heat pump")).to_be_visible()

    page.get_by_role("button", name="Log out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_device_card_opens_its_device_page(portal, alice):
    page = portal.logged_in_page(alice)
    page.goto("/")

    page.get_by_role("link", name="Tesla Model 3", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tesla Model 3")
    expect(page.get_by_role("link", name="Charge now…")).to_be_visible()


def test_a_wrong_password_is_refused_and_the_email_stays(portal, alice):
    page = portal.new_page()
    page.goto("/accounts/login/")

    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_have_text("Please enter a correct email and password.")
    expect(page.get_by_label("Email")).to_have_value("alice@example.com")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
