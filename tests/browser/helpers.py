"""Small helpers shared by the browser tests: alice's device pages and what Podero received."""

import json
from collections.abc import Callable
from typing import Any

from podero_sandbox import seed

HEAT_PUMP_PAGE = f"/heat-pumps/{seed.ALICE_HEAT_PUMP_ID}/"
EV_PAGE = f"/electric-vehicles/{seed.ALICE_EV_ID}/"
INVERTER_PAGE = f"/inverters/{seed.ALICE_INVERTER_ID}/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sent(sandbox: Any) -> list[tuple[str, str, Any]]:
    """What Podero received that may change something, in order: (method, path, JSON body or None)."""
    return [(w["method"], w["path"], json.loads(w["body"]) if w["body"] else None) for w in sandbox.writes()]


def podero_path(kind: str, device_id: str, suffix: str = "") -> str:
    """The Partner API path of one of alice's devices, e.g. podero_path("heat-pumps", id)."""
    return f"/api/partners/v2.0/org/{seed.ORG_ID}/users/{seed.ALICE_USER_ID}/{kind}/{device_id}{suffix}"


def cards_loaded(page: Any) -> None:
    """Wait until the cards a page loads right after itself (htmx) are in place."""
    from playwright.sync_api import expect

    expect(page.locator('[aria-busy="true"]')).to_have_count(0)


def charge_now(scope: Any, at_the_confirmation: Callable[[], None] | None = None) -> None:
    """Charge now's two steps, an EV's or a wallbox's, in any language: "Charge now…" (which sends nothing), then
    "Yes, charge now" below what it will do; returns once Podero's answer has replaced the confirmation (an htmx
    post leaves the page's load state alone, so "network idle" says nothing about it). `at_the_confirmation` runs
    while the confirmation shows (a layout check, a screenshot)."""
    from playwright.sync_api import expect

    scope.locator("a.button[href*='confirm=charge-now']").click()
    expect(scope.locator("#charge-now-confirm")).to_be_visible()
    if at_the_confirmation is not None:
        at_the_confirmation()
    scope.locator("button.confirm-yes").click()
    expect(scope.locator("#charge-now-confirm")).to_have_count(0, timeout=15_000)
