"""Invitations in the browser: staff at a desk find a customer in Podero's user list and invite them; the
customer, on a phone, opens the set-password link from the mail, sets a password, signs in and sees their
devices (English and German); the link then says it was used.

With UPDATE_SCREENSHOTS=1 each state is photographed into docs/screenshots/.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from preferences.models import Homeowner
from tests.browser.helpers import DESKTOP, PHONE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CAROL = "ca001000-0000-4000-8000-000000000003"
NEW_PASSWORD = "a long new password 42"
WORDS = {
    "en": {
        "locale": "en-GB",
        "language": "English",
        "heading": "Choose your password",
        "save": "Save password",
        "saved": "Password saved",
        "log_in": "Log in",
        "devices": "My devices",
        "used": "This invitation link was already used: your password is set.",
    },
    "de": {
        "locale": "de-DE",
        "language": "Deutsch",
        "heading": "Ihr Passwort wählen",
        "save": "Passwort speichern",
        "saved": "Passwort gespeichert",
        "log_in": "Anmelden",
        "devices": "Meine Geräte",
        "used": "Dieser Einladungslink wurde bereits verwendet: Ihr Passwort ist gesetzt.",
    },
}


def photograph(page, name):
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, caret="hide")


@pytest.mark.parametrize("language", ["en", "de"])
def test_staff_invite_a_customer_who_sets_a_password_signs_in_and_sees_their_devices(
    portal, check_layout, language
):
    words = WORDS[language]
    portal.sandbox.control(
        "POST",
        "users",
        {
            "id": CAROL,
            "email": "carol@example.com",
            "first_name": "Carol",
            "last_name": "Customer",
            "heat_pumps": 1,
            "electric_vehicles": 1,
            "is_onboarded": True,
        },
    )
    get_user_model().objects.create_superuser("staff@example.com", "staff@example.com", PASSWORD)
    staff = portal.new_page(viewport=DESKTOP)

    staff.goto("/admin/")
    staff.get_by_label("Username").fill("staff@example.com")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.get_by_role("link", name="Homeowners", exact=True).click()
    staff.get_by_role("link", name="Invite a customer").click()
    staff.get_by_label("E-mail or customer number").fill("C10003")
    staff.get_by_role("button", name="Search").click()

    row = staff.get_by_role("row").filter(has_text="carol@example.com")
    expect(row).to_contain_text("C10003")
    expect(row).to_contain_text("heat pumps: 1, cars: 1, inverters: 0, wallboxes: 0")
    expect(row).to_contain_text("never")
    check_layout(staff, screens=("desktop",), api_words=False)
    photograph(staff, f"invite-search-desktop-{language}")
    row.get_by_label("Language").select_option(label=words["language"])
    row.get_by_role("button", name="Invite").click()

    expect(staff.get_by_text("Invitation sent to carol@example.com")).to_be_visible()
    expect(staff.get_by_role("row").filter(has_text="carol@example.com")).to_contain_text("Invited")
    photograph(staff, f"invite-sent-desktop-{language}")
    assert Homeowner.objects.get(podero_user_id=CAROL).language == language
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/invitation/\S+", message.body).group(0)

    customer = portal.new_page(viewport=PHONE, locale=words["locale"])
    customer.goto(link)
    expect(customer.get_by_role("heading", level=1)).to_have_text(words["heading"])
    check_layout(customer, screens=("phone",))
    photograph(customer, f"invite-set-password-phone-{language}")
    customer.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    customer.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    customer.get_by_role("button", name=words["save"]).click()
    expect(customer.get_by_role("heading", level=1)).to_have_text(words["saved"])
    customer.get_by_role("link", name=words["log_in"]).click()
    customer.locator("input[name=username]").fill("carol@example.com")
    customer.locator("input[name=password]").fill(NEW_PASSWORD)
    customer.get_by_role("button", name=words["log_in"]).click()

    expect(customer.get_by_role("heading", level=1)).to_have_text(words["devices"])
    expect(customer.locator(".tile-name a")).to_have_text(["Nibe S-Series", "Tesla Model 3"])
    check_layout(customer, screens=("phone",))
    photograph(customer, f"invite-signed-in-phone-{language}")

    reused = portal.new_page(viewport=PHONE, locale=words["locale"])
    reused.goto(link)
    expect(reused.get_by_role("alert")).to_have_text(words["used"])
    check_layout(reused, screens=("phone",))
    photograph(reused, f"invite-link-used-phone-{language}")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_customer_podero_deleted_signs_in_and_reads_whom_to_contact(
    portal, bob, check_layout, settings, language
):
    settings.CUSTOMER_SERVICE_CONTACT = "service@energy.example"
    portal.sandbox.control("POST", f"users/{bob.podero_user_id}/delete")
    page = portal.new_page(viewport=PHONE, locale=WORDS[language]["locale"])

    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("bob@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=WORDS[language]["log_in"]).click()

    heading = {"en": "Your account is no longer active", "de": "Ihr Konto ist nicht mehr aktiv"}[language]
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_text("service@energy.example")).to_be_visible()
    check_layout(page, screens=("phone",))
    photograph(page, f"deleted-in-podero-sign-in-phone-{language}")


def test_staff_see_a_homeowner_podero_deleted_as_such(portal, bob, check_layout):
    portal.sandbox.control("POST", f"users/{bob.podero_user_id}/delete")
    get_user_model().objects.create_superuser("staff@example.com", "staff@example.com", PASSWORD)
    staff = portal.new_page(viewport=DESKTOP)
    staff.goto("/admin/")
    staff.get_by_label("Username").fill("staff@example.com")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()

    staff.goto(f"/admin/preferences/homeowner/{bob.pk}/devices/")

    expect(staff.get_by_role("alert")).to_contain_text("has been deleted in Podero")
    expect(staff.get_by_text("Podero did not answer")).to_have_count(0)
    check_layout(staff, screens=("desktop",), api_words=False)
    photograph(staff, "deleted-in-podero-admin-desktop")
