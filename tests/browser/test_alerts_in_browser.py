"""Alerts in the browser, on a phone, in English and German: each event the worker meets (an away period that
ended, a switch-back Podero refused, a trip target it would not put back, a lapsed manufacturer connection) is
e-mailed once and listed under "Needs you" on My devices; dismissing one takes it off; a kind turned off on the
alert settings page is neither e-mailed nor listed. With UPDATE_SCREENSHOTS=1 the list and the settings page are
photographed into docs/screenshots/ (README.md)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from podero_sandbox import seed
from preferences import sweeper
from preferences.alerts import actions, connections
from preferences.models import Absence, Alert, TimedPause
from tests.sweeper.setups import away_until, paused_for_three_hours, trip_past_its_deadline
from tests.worker import run_worker

pytestmark = pytest.mark.browser

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LANGUAGES = {"en": "en-GB", "de": "de-DE"}
WORDS = {
    "en": {
        "region": "Needs you",
        "titles": [
            "Welcome back: your away period has ended",
            "Nibe S-Series was not switched back on",
            "The charging plan of Tesla Model 3 was not put back after the trip",
            "Reconnect Fronius Symo GEN24 10.0 Plus",
        ],
        "dismiss": "Dismiss",
        "settings": "Choose which alerts you get",
        "away_kind": "Your away period has ended",
        "save": "Save alert settings",
        "saved": "Alert settings saved.",
    },
    "de": {
        "region": "Braucht Sie",
        "titles": [
            "Willkommen zurück: Ihre Abwesenheit ist vorbei",
            "Nibe S-Series wurde nicht wieder eingeschaltet",
            "Der Ladeplan von Tesla Model 3 wurde nach der Fahrt nicht zurückgesetzt",
            "Fronius Symo GEN24 10.0 Plus neu verbinden",
        ],
        "dismiss": "Ausblenden",
        "settings": "Wählen, welche Meldungen Sie bekommen",
        "away_kind": "Ihre Abwesenheit vorbei ist",
        "save": "Einstellungen speichern",
        "saved": "Einstellungen für Meldungen gespeichert.",
    },
}


def every_event_once(sandbox, heat_pump, inverter, ev):
    """Meet each event the way the worker does: its sweep, with Podero refusing where it must."""
    absence = away_until(timezone.now() + timedelta(days=1), inverter)
    Absence.objects.filter(pk=absence.pk).update(returns_at=timezone.now() - timedelta(minutes=5))
    sweeper.sweep()

    pause = paused_for_three_hours(heat_pump)
    TimedPause.objects.filter(pk=pause.pk).update(ends_at=timezone.now() - timedelta(minutes=5))
    sandbox.fault(
        status=409, body={"state": "unavailable", "reason": "device_offline"}, method="PUT", count=1
    )
    sweeper.sweep()

    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    trip_past_its_deadline(ev)
    sandbox.fault(status=422, body={"detail": "charge_deadline invalid"}, method="PUT", count=1)
    sweeper.sweep()

    sandbox.set_device(seed.ALICE_INVERTER_ID, is_authenticated=False)
    cache.clear()
    connections.check(ev.homeowner, timezone.now())


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_event_is_e_mailed_once_and_listed_until_dismissed(
    portal, alice, alice_heat_pump, alice_inverter, alice_ev, check_layout, language
):
    words = WORDS[language]
    actions.save_preferences(homeowner=alice, heard=list(Alert.Kind.values), language=language)

    every_event_once(portal.sandbox, alice_heat_pump, alice_inverter, alice_ev)
    run_worker()
    sweeper.sweep()
    run_worker()

    assert sorted(m.subject for m in mail.outbox) == sorted(words["titles"]), "each event once"
    assert all(m.to == ["alice@example.com"] for m in mail.outbox)
    page = portal.logged_in_page(alice, locale=LANGUAGES[language])
    page.goto("/")
    needs_you = page.get_by_role("region", name=words["region"])
    for title in words["titles"]:
        expect(needs_you.get_by_text(title)).to_be_visible()
    check_layout(page, screens=("phone",))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        needs_you.screenshot(path=README_SCREENSHOTS / f"alerts-needs-you-{language}.png", caret="hide")

    needs_you.get_by_role("listitem").filter(has_text=words["titles"][0]).get_by_role(
        "button", name=words["dismiss"]
    ).click()

    expect(needs_you.get_by_role("listitem")).to_have_count(3)
    page.reload()
    expect(page.get_by_role("region", name=words["region"]).get_by_role("listitem")).to_have_count(3)
    assert len(mail.outbox) == 4


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_kind_turned_off_is_neither_e_mailed_nor_listed(
    portal, alice, alice_inverter, check_layout, language
):
    words = WORDS[language]
    actions.save_preferences(homeowner=alice, heard=list(Alert.Kind.values), language=language)
    actions.raise_alert(
        homeowner=alice, kind=Alert.Kind.CONNECTION_LAPSED, key="lapsed:x:1", now=timezone.now()
    )
    page = portal.logged_in_page(alice, locale=LANGUAGES[language])
    page.goto("/")

    page.get_by_role("link", name=words["settings"]).click()
    page.get_by_label(words["away_kind"]).uncheck()
    check_layout(page, screens=("phone",))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(
            path=README_SCREENSHOTS / f"alerts-settings-{language}.png", full_page=True, caret="hide"
        )
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["saved"])).to_be_visible()
    absence = away_until(timezone.now() + timedelta(days=1), alice_inverter)
    Absence.objects.filter(pk=absence.pk).update(returns_at=timezone.now() - timedelta(minutes=5))
    mail.outbox.clear()
    sweeper.sweep()
    run_worker()

    assert Absence.objects.get(pk=absence.pk).status == Absence.Status.ENDED
    assert [m for m in mail.outbox if "away" in m.subject.lower() or "Abwesenheit" in m.subject] == []
    page.goto("/")
    expect(page.get_by_text(words["titles"][0])).to_have_count(0)
