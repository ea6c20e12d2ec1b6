"""The time-zone control in the browser: the region's zones come with the page, every zone arrives on first focus,
the rest of the form is untouched, and a city typed by hand is saved as its time zone."""

import pytest
from playwright.sync_api import expect

from podero_sandbox import seed
from tests.browser.helpers import EV_PAGE, podero_path, sent

pytestmark = pytest.mark.browser

CHARGE_POLICY = podero_path("electric-vehicles", seed.ALICE_EV_ID, "/charge-policy")


def test_every_zone_is_suggested_after_the_first_focus_and_a_city_is_saved_as_its_zone(
    page, portal, alice_ev
):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    page.goto(EV_PAGE)
    schedule = page.get_by_role("region", name="Weekly schedule")
    zone = schedule.get_by_label("Time zone")
    suggestions = page.locator("#id_timezone-zones option")
    on_the_page = suggestions.count()

    zone.focus()

    expect(page.locator('#id_timezone-zones option[value="America/New_York"]')).to_have_count(1)
    assert on_the_page < 100 < suggestions.count()
    zone.fill("new york")
    schedule.get_by_role("button", name="Save weekly schedule").click()
    expect(schedule.get_by_text("Weekly schedule saved.")).to_be_visible()
    assert sent(portal.sandbox)[0][2]["timezone"] == "America/New_York"
    expect(schedule.get_by_label("Time zone")).to_have_value("America/New_York")
