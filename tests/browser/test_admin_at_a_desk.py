"""Customer service at a desk (1280 x 800): the homeowner list and the audit trail show their key columns without
scrolling sideways, the homeowner's email opens their devices, outcomes are in words, and every admin page a
support agent works in holds up (tests/browser/layout.py)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from podero_sandbox import seed
from preferences.devices import timed_pause
from preferences.models import Change
from tests.browser.layout import DESKTOP_SCREEN

pytestmark = pytest.mark.browser

LONG_REASON = (
    "Customer called the hotline because the car did not charge overnight before a long trip to her parents"
)


def staff_page(portal, user, locale: str = "en-GB") -> Page:
    page = portal.new_page(viewport=DESKTOP_SCREEN, locale=locale)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": portal.url}])
    return page


@pytest.fixture
def audit_trail(alice, alice_heat_pump, alice_ev, maria):
    """Changes with every kind of outcome, by the homeowner, by staff with a long reason, and by the portal."""
    now = timezone.now()
    common = {"homeowner": alice, "request_method": "PUT", "request_path": "/api/…"}
    rows = [
        (
            alice.user,
            alice_heat_pump,
            Change.Intent.PAUSE_OPTIMIZATION,
            Change.Outcome.SUCCEEDED,
            {"http_status": 200},
        ),
        (
            maria,
            alice_ev,
            Change.Intent.CHARGE_NOW,
            Change.Outcome.REFUSED,
            {"http_status": 409, "error_kind": "PoderoConflict", "conflict_reason": "already_charging"},
        ),
        (
            maria,
            alice_ev,
            Change.Intent.SET_CHARGE_DEADLINE,
            Change.Outcome.FAILED,
            {"http_status": 503, "error_kind": "PoderoUnavailable"},
        ),
        (
            alice.user,
            alice_ev,
            Change.Intent.SET_CHARGE_DEADLINE,
            Change.Outcome.REJECTED,
            {"http_status": 422, "error_kind": "PoderoRejected"},
        ),
        (
            None,
            None,
            Change.Intent.RESUME_OPTIMIZATION,
            Change.Outcome.UNKNOWN,
            {"error_kind": "PoderoUnavailable"},
        ),
    ]
    for minutes, (actor, device, intent, outcome, extra) in enumerate(rows):
        Change.objects.create(
            created_at=now - timedelta(minutes=minutes),
            finished_at=now - timedelta(minutes=minutes),
            actor=actor,
            reason=LONG_REASON if actor == maria else "",
            device=device,
            device_kind=(device.kind if device else "heat-pumps"),
            device_podero_id=(device.podero_id if device else seed.ALICE_HEAT_PUMP_ID),
            intent=intent,
            outcome=outcome,
            **common,
            **extra,
        )


def column_right_edges(page: Page) -> dict[str, float]:
    """Each column heading of the result list, with where its right edge is on the page."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#result_list thead th')]
            .filter(th => th.textContent.trim())
            .map(th => [th.textContent.trim(), th.getBoundingClientRect().right]))"""
    )


def columns_cut_off(page: Page) -> list[str]:
    """Column headings of the result list whose right edge is beyond what its box shows (clipped, or reached only
    by scrolling the list sideways)."""
    return page.evaluate(
        """() => {
            const box = document.querySelector('#result_list').closest('.results') || document.body;
            const visible = Math.min(box.getBoundingClientRect().right, window.innerWidth);
            const sideways = box.scrollWidth > box.clientWidth + 1;
            return [...document.querySelectorAll('#result_list thead th')]
                .filter(th => th.textContent.trim())
                .filter(th => sideways || th.getBoundingClientRect().right > visible + 1)
                .map(th => th.textContent.trim());
        }"""
    )


def test_the_homeowner_list_shows_its_key_columns_and_the_email_opens_devices_and_actions(
    portal, alice, alice_heat_pump, maria, check_layout
):
    page = staff_page(portal, maria)
    page.goto("/admin/preferences/homeowner/")

    columns = column_right_edges(page)
    for heading in ("Email", "Name", "Podero user id"):
        assert heading in columns, f"no column {heading!r} in {list(columns)}"
        assert columns[heading] <= DESKTOP_SCREEN["width"], f"{heading} is outside 1280 px: {columns}"
    expect(page.get_by_label("Search by email, name or Podero user id")).to_be_visible()
    check_layout(page, screens=["desktop"])

    page.get_by_role("link", name="alice@example.com").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Devices of alice@example.com")


def test_the_audit_trail_shows_when_who_homeowner_what_outcome_and_reason_first_in_words(
    portal, maria, audit_trail, check_layout
):
    page = staff_page(portal, maria)
    page.goto("/admin/preferences/change/")

    columns = column_right_edges(page)
    assert list(columns)[:6] == ["When", "Who", "Homeowner", "What", "Outcome", "Reason"]
    for heading in ("When", "Who", "Homeowner", "What", "Outcome", "Reason"):
        assert columns[heading] <= DESKTOP_SCREEN["width"], f"{heading} is outside 1280 px: {columns}"
    assert columns_cut_off(page) == [], "a column is cut off or needs scrolling sideways"
    expect(page.locator("#result_list")).to_contain_text(LONG_REASON)
    expect(page.get_by_text("5 audit trail entries")).to_be_visible()
    results = page.locator("#result_list")
    expect(results).to_contain_text("Refused: already charging")
    expect(results).to_contain_text("Failed: Podero could not be reached")
    expect(results).not_to_contain_text("PoderoUnavailable")
    expect(results).not_to_contain_text(seed.ALICE_HEAT_PUMP_ID)  # ids are trimmed
    check_layout(page, screens=["desktop"])


# Staff's words for one homeowner's devices page, in each language: (locale, car, heat pump, pause note, resume).
DESK_WORDS = [
    pytest.param(
        "en-GB",
        "Tesla Model 3 · Electric vehicle",
        "Nibe S-Series · Heat pump",
        "The homeowner paused smart optimization until",
        "Resume smart optimization",
        id="English",
    ),
    pytest.param(
        "de-DE",
        "Tesla Model 3 · Elektroauto",
        "Nibe S-Series · Wärmepumpe",
        "Der Kunde hat die intelligente Optimierung bis",
        "Intelligente Optimierung wieder einschalten",
        id="German",
    ),
]


@pytest.mark.parametrize(("locale", "car", "heat_pump_name", "pause_note", "resume"), DESK_WORDS)
def test_a_homeowners_devices_and_actions_fit_a_desk(
    portal,
    alice,
    alice_heat_pump,
    alice_ev,
    alice_inverter,
    maria,
    audit_trail,
    check_layout,
    locale,
    car,
    heat_pump_name,
    pause_note,
    resume,
):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    timed_pause.start_pause(device=alice_heat_pump, length="morning", actor=alice.user, now=timezone.now())
    page = staff_page(portal, maria, locale)
    page.goto(f"/admin/preferences/homeowner/{alice.pk}/devices/")

    expect(page.get_by_role("region", name=car)).to_be_visible()
    expect(page.get_by_text("Charge now button")).to_have_count(0)
    heat_pump = page.get_by_role("region", name=heat_pump_name)
    expect(heat_pump).to_contain_text(pause_note)
    expect(heat_pump.get_by_role("button", name=resume)).to_be_visible()
    check_layout(page, screens=["desktop"])


def test_an_audit_record_fits_a_desk(portal, maria, audit_trail, check_layout):
    page = staff_page(portal, maria)
    page.goto(f"/admin/preferences/change/{Change.objects.filter(outcome='failed').get().pk}/change/")

    expect(page.get_by_text("Failed: Podero could not be reached")).to_be_visible()
    # The record shows the request exactly as sent, field names and all: that is what it is for.
    check_layout(page, screens=["desktop"], api_words=False)


@pytest.mark.parametrize(
    ("locale", "button", "said"),
    [
        ("en-GB", "Pause for 3 hours", "Customer service paused smart optimization until"),
        ("de-DE", "Für 3 Stunden pausieren", "Der Kundenservice hat die intelligente Optimierung bis"),
    ],
    ids=["English", "German"],
)
def test_staff_pause_a_device_for_a_while_at_a_desk(
    portal, alice, alice_heat_pump, alice_inverter, alice_ev, maria, check_layout, locale, button, said
):
    page = staff_page(portal, maria, locale)
    page.goto(f"/admin/preferences/homeowner/{alice.pk}/devices/")
    heat_pump = page.get_by_role("region", name=re.compile("Nibe S-Series"))

    heat_pump.get_by_role("textbox").first.fill("Homeowner asked on the phone")
    heat_pump.get_by_role("button", name=button).click()

    heat_pump = page.get_by_role("region", name=re.compile("Nibe S-Series"))
    expect(heat_pump).to_contain_text(said)
    assert timed_pause.active_pause(alice_heat_pump).created_by == maria
    writes = [(w["method"], w["json"]) for w in portal.sandbox.writes()]
    assert writes == [("PUT", {"is_smart_optimization_active": False})]
    check_layout(page, screens=["desktop"])
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        heat_pump.screenshot(path=folder / f"admin-staff-timed-pause-{locale[:2]}.png")
