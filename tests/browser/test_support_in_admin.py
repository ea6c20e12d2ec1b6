"""Customer service in the browser: a support agent finds a homeowner in the admin and pauses their heat pump
with a reason; the homeowner then reads on their device page who did it and why."""

import os
import re

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures must still be allowed.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest
from playwright.sync_api import expect

from podero_sandbox import seed
from preferences.accounts import save_support_user
from preferences.admin.roles import SUPPORT_ACT, support_group
from preferences.models import Change
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
HEAT_PUMP_PAGE = f"/heat-pumps/{seed.ALICE_HEAT_PUMP_ID}/"
HEAT_PUMP_PATH = (
    f"/api/partners/v2.0/org/{seed.ORG_ID}/users/{seed.ALICE_USER_ID}/heat-pumps/{seed.ALICE_HEAT_PUMP_ID}"
)


def test_support_pauses_a_heat_pump_with_a_reason_and_the_homeowner_sees_who_and_why(portal, alice):
    maria = save_support_user(
        email="support@example.com", first_name="Maria", group=support_group(SUPPORT_ACT), password=PASSWORD
    )
    staff = portal.new_page(viewport=DESKTOP)

    staff.goto("/admin/")
    staff.get_by_label("Username").fill("support@example.com")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.get_by_role("link", name="Homeowners", exact=True).click()
    staff.locator("#searchbar").fill("alice@example.com")
    staff.locator("#searchbar").press("Enter")
    staff.get_by_role("link", name="alice@example.com").click()  # the email opens Devices and actions
    heat_pump = staff.get_by_role("region", name="Nibe S-Series · Heat pump")
    heat_pump.get_by_label("Reason").fill("Customer is away")
    heat_pump.get_by_role("button", name="Pause smart optimization").click()

    expect(staff.get_by_text("Nibe S-Series: Smart optimization is paused.")).to_be_visible()
    expect(
        staff.get_by_role("region", name="Nibe S-Series · Heat pump").get_by_text("Paused")
    ).to_be_visible()
    writes = portal.sandbox.writes()
    assert [(w["method"], w["path"], w["json"]) for w in writes] == [
        ("PUT", HEAT_PUMP_PATH, {"is_smart_optimization_active": False})
    ]
    change = Change.objects.get()
    assert (change.actor, change.reason) == (maria, "Customer is away")

    homeowner = portal.logged_in_page(alice)
    homeowner.goto(HEAT_PUMP_PAGE)

    activity = homeowner.get_by_role("region", name="Recent changes")
    expect(activity).to_contain_text(
        "Maria from customer service paused smart optimization: “Customer is away”"
    )
    expect(activity).to_contain_text("Done")
    expect(activity).not_to_contain_text("support@example.com")


def test_a_reason_is_required_before_anything_is_sent(portal, alice):
    save_support_user(
        email="support@example.com", first_name="Maria", group=support_group(SUPPORT_ACT), password=PASSWORD
    )
    staff = portal.new_page(viewport=DESKTOP)
    staff.goto("/admin/")
    staff.get_by_label("Username").fill("support@example.com")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"/admin/preferences/homeowner/{alice.pk}/devices/")

    staff.get_by_role("region", name="Nibe S-Series · Heat pump").get_by_role(
        "button", name="Pause smart optimization"
    ).click()

    expect(
        staff.get_by_role("region", name="Nibe S-Series · Heat pump").get_by_label("Reason")
    ).to_be_focused()
    assert portal.sandbox.writes() == []


def test_support_copies_a_reconnect_link_to_send_to_the_homeowner(portal, bob, bob_heat_pump, tmp_path):
    save_support_user(
        email="support@example.com", first_name="Maria", group=support_group(SUPPORT_ACT), password=PASSWORD
    )
    staff = portal.new_page(viewport=DESKTOP)
    staff.context.grant_permissions(["clipboard-read", "clipboard-write"])
    staff.goto("/admin/")
    staff.get_by_label("Username").fill("support@example.com")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"/admin/preferences/homeowner/{bob.pk}/devices/")
    heat_pump = staff.get_by_role("region", name=f"{bob_heat_pump.name} · Heat pump")
    heat_pump.get_by_label("Reason").fill("Asked on the phone")
    heat_pump.get_by_role("button", name="Create a link to reconnect").click()

    link = staff.get_by_role("textbox", name=f"Link to reconnect {bob_heat_pump.name}")
    expect(link).to_have_value(re.compile(rf"^{re.escape(portal.sandbox.url)}/connect/reauthenticate\?"))
    staff.get_by_role("button", name="Copy link").click()

    expect(staff.get_by_role("button", name="Copied")).to_be_visible()
    assert staff.evaluate("navigator.clipboard.readText()") == link.input_value()
    staff.screenshot(path=tmp_path / "admin-reconnect-link.png")
