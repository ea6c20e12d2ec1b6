"""What a homeowner sees when Podero describes one device in a way the portal cannot read, in a real browser."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("viewport", "locale", "sentence"),
    [
        (PHONE, "en-GB", "1 device could not be shown."),
        (DESKTOP, "de-DE", "1 Gerät konnte nicht angezeigt werden."),
    ],
    ids=["phone, English", "desktop, German"],
)
def test_an_unreadable_device_is_left_out_with_a_note_and_the_others_show(
    portal, alice, check_layout, viewport, locale, sentence
):
    portal.sandbox.reading(device_list="one_unreadable")
    page = portal.logged_in_page(alice, viewport=viewport, locale=locale)

    page.goto("/")

    expect(page.get_by_role("status").filter(has_text=sentence)).to_be_visible()
    expect(page.get_by_role("link", name="Tesla Model 3")).to_be_visible()
    expect(page.get_by_role("link", name="Nibe S-Series")).to_be_visible()
    check_layout(page)
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/unreadable-{locale}.png", full_page=True)
