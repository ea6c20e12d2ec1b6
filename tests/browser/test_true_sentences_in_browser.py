"""Sentences a homeowner reads that must be true whatever happened, in English and German: a switch turned on for a
device whose manufacturer connection lapsed, "I'm away" while Podero is down, a pause for a while Podero did not
take, a device paused for an absence, and "I'm back" in Recent changes.

With UPDATE_SCREENSHOTS=1 each state is also photographed into docs/screenshots/."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Locator, expect

from podero_sandbox import seed
from preferences.away import actions as away_actions
from preferences.models import Homeowner
from tests.browser.helpers import EV_PAGE, HEAT_PUMP_PAGE, cards_loaded

pytestmark = pytest.mark.browser

BOB_HEAT_PUMP_PAGE = f"/heat-pumps/{seed.BOB_HEAT_PUMP_ID}/"
LANGUAGES = ["en-GB", "de-DE"]
WORDS = {
    "en-GB": {
        "switch": "Smart optimization",
        "lapsed": "the connection to the manufacturer has lapsed, so Podero cannot steer this device yet",
        "steers": "Podero steers this device",
        "undo": "Undo",
        "reconnect": "Reconnect",
        "away": "I'm away",
        "unreachable": "Podero cannot be reached right now, so nothing can be paused for your absence yet.",
        "no_device": "No heat pump or solar inverter is connected",
        "pause_until_back": "Pause until I'm back",
        "three_hours": "For 3 hours",
        "pause_failed": "Pausing for 3 hours did not work.",
        "nothing_changed": "Nothing was changed",
        "paused_away": "Paused because you are away until",
        "back": "I'm back: switch everything on now",
        "recent": "Recent changes",
        "came_back": "You came back early",
        "automatically": "Resumed automatically at the end of an absence",
        "loss": "smart optimization cost you €5.50 more than without it.",
        "past_end": "this page is past the oldest.",
        "newer": "← Newer sessions",
        "no_cookie": "Your browser did not send the portal's cookie",
        "before_login": "opened before you last logged in",
        "not_linked": "Your login is not linked to your account at Podero correctly",
        "last_seen": "unavailable, last seen",
    },
    "de-DE": {
        "switch": "Intelligente Optimierung",
        "lapsed": "die Verbindung zum Hersteller ist abgelaufen, daher kann Podero dieses Gerät noch nicht steuern",
        "steers": "Podero steuert",
        "undo": "Rückgängig machen",
        "reconnect": "Neu verbinden",
        "away": "Abwesenheit",
        "unreachable": "Podero ist gerade nicht erreichbar, daher kann für Ihre Abwesenheit noch nichts pausiert werden.",
        "no_device": "Keine Wärmepumpe",
        "pause_until_back": "Bis zu meiner Rückkehr pausieren",
        "three_hours": "Für 3 Stunden",
        "pause_failed": "Das Pausieren für 3 Stunden hat nicht geklappt.",
        "nothing_changed": "Es wurde nichts geändert",
        "paused_away": "Pausiert, weil Sie bis",
        "back": "Ich bin zurück: jetzt alles einschalten",
        "recent": "Letzte Änderungen",
        "came_back": "Sie sind früher zurückgekommen",
        "automatically": "Am Ende der Abwesenheit automatisch wieder eingeschaltet",
        "loss": "mehr gekostet als ohne sie.",
        "past_end": "diese Seite liegt hinter dem ältesten.",
        "newer": "← Neuere Ladevorgänge",
        "no_cookie": "Ihr Browser hat das Cookie des Portals nicht gesendet",
        "before_login": "vor Ihrer letzten Anmeldung",
        "not_linked": "Ihre Anmeldung ist nicht richtig mit Ihrem Konto bei Podero verknüpft",
        "last_seen": "nicht verfügbar",
    },
}


def photograph(part: Locator, name: str, locale: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        suffix = "-de" if locale.startswith("de") else ""
        part.screenshot(path=folder / f"{name}{suffix}-phone.png", caret="hide")


@pytest.mark.parametrize("locale", LANGUAGES)
def test_switching_on_a_lapsed_device_says_reconnect_first(portal, bob, bob_heat_pump, locale):
    words = WORDS[locale]
    page = portal.logged_in_page(bob, locale=locale)
    page.goto(BOB_HEAT_PUMP_PAGE)
    card = page.locator("section:has(#optimization)")

    card.get_by_role("switch", name=words["switch"]).click()

    note = card.locator("#optimization .notice")
    expect(note).to_contain_text(words["lapsed"])
    expect(note).not_to_contain_text(words["steers"])
    expect(note.get_by_role("button", name=words["undo"])).to_have_count(0)
    expect(note.get_by_role("button", name=words["reconnect"])).to_be_visible()
    photograph(card, "lapsed-switch", locale)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_during_an_outage_i_m_away_says_podero_cannot_be_reached(
    portal, alice, alice_heat_pump, alice_inverter, locale
):
    words = WORDS[locale]
    portal.sandbox.fault(status=503, path_contains="/api/partners/")
    page = portal.logged_in_page(alice, locale=locale)
    page.goto("/")

    away = page.get_by_role("region", name=words["away"])
    expect(away).to_contain_text(words["unreachable"])
    expect(away).not_to_contain_text(words["no_device"])
    expect(away.get_by_role("button", name=words["pause_until_back"])).to_have_count(0)
    photograph(away, "away-during-outage", locale)


@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no javascript"])
def test_a_failed_pause_for_a_while_is_said_on_the_card(portal, alice, alice_heat_pump, locale, javascript):
    words = WORDS[locale]
    page = portal.logged_in_page(alice, locale=locale, javascript=javascript)
    page.goto(HEAT_PUMP_PAGE)
    portal.sandbox.fault(status=503, method="PUT")

    page.get_by_role("button", name=words["three_hours"]).click()

    pause = page.locator("#pause")
    expect(pause.locator(".notice")).to_contain_text(words["pause_failed"])
    expect(pause.locator(".notice")).to_contain_text(words["nothing_changed"])
    expect(pause.get_by_role("button", name=words["three_hours"])).to_be_visible()
    photograph(page.locator("section:has(#optimization)"), "pause-failed", locale)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_away_the_device_page_says_why_it_is_paused_and_i_m_back_is_mine(
    portal, alice, alice_heat_pump, alice_inverter, locale
):
    words = WORDS[locale]
    away_actions.start_absence(
        homeowner=alice,
        devices=[alice_heat_pump],
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(days=2),
        actor=alice.user,
        now=timezone.now(),
    )
    page = portal.logged_in_page(alice, locale=locale)
    page.goto(HEAT_PUMP_PAGE)

    card = page.locator("section:has(#optimization)")
    expect(card.locator(".away-state")).to_contain_text(words["paused_away"])
    photograph(card, "paused-for-absence", locale)

    page.goto("/")
    page.get_by_role("button", name=words["back"]).click()
    page.goto(HEAT_PUMP_PAGE)

    activity = page.get_by_role("region", name=words["recent"])
    expect(activity.get_by_text(words["came_back"])).to_be_visible()
    expect(activity.get_by_text(words["automatically"])).to_have_count(0)
    expect(card.locator(".away-state")).to_have_count(0)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_loss_reads_as_a_loss(portal, alice, alice_heat_pump, locale):
    words = WORDS[locale]
    portal.sandbox.reading(odd_values="negative_savings")
    page = portal.logged_in_page(alice, locale=locale)
    page.goto(HEAT_PUMP_PAGE)
    cards_loaded(page)

    savings = page.locator("#savings")
    expect(savings).to_contain_text(words["loss"])
    expect(savings).not_to_contain_text("-12")
    photograph(savings.locator(".card").first, "savings-loss", locale)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_page_of_sessions_past_the_end_says_so_and_links_back(portal, alice, alice_ev, locale):
    words = WORDS[locale]
    page = portal.logged_in_page(alice, locale=locale)
    page.goto(EV_PAGE + "?sessions=100000")

    history = page.locator("#history")
    expect(history).to_contain_text(words["past_end"])
    history.get_by_role("link", name=words["newer"]).click()
    expect(page.locator("#history")).not_to_contain_text(words["past_end"])


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_click_without_the_portal_s_cookie_says_so(portal, alice, alice_heat_pump, locale):
    words = WORDS[locale]
    page = portal.logged_in_page(alice, locale=locale, javascript=False)
    page.goto(HEAT_PUMP_PAGE)
    session = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(session)  # still logged in; the CSRF cookie is gone, as when cookies are blocked

    page.get_by_role("switch", name=words["switch"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["no_cookie"])
    expect(page.locator("main")).not_to_contain_text(words["before_login"])
    assert portal.sandbox.writes() == []


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_podero_user_podero_does_not_know_is_not_an_outage(portal, alice, alice_heat_pump, locale):
    words = WORDS[locale]
    Homeowner.objects.filter(pk=alice.pk).update(podero_user_id="0badbad0-0000-4000-8000-000000000001")
    page = portal.logged_in_page(alice, locale=locale)
    page.goto("/")

    expect(page.get_by_role("alert")).to_contain_text(words["not_linked"])
    expect(page.locator("main")).not_to_contain_text(words["last_seen"])
    photograph(page.locator("main"), "podero-user-unknown", locale)
