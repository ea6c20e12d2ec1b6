"""Every page, message and e-mail in German too: for a browser that asks for German, or after choosing Deutsch
in the footer. The catalog (locale/de) must translate every message of our own code, and be compiled:

    DEBUG=true .venv/bin/python manage.py makemessages -l de --ignore=.venv --ignore=staticfiles --ignore=bench \
        --ignore=tests
    (translate what is new or fuzzy in locale/de/LC_MESSAGES/django.po)
    DEBUG=true .venv/bin/python manage.py compilemessages --ignore=.venv
"""

import ast
import gettext
import html
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from podero_sandbox import seed
from preferences import dates
from tests.helpers import GERMAN, HTMX, action_url, page_url

CATALOG = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"
WOCHENTAGE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONATE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober"]
MONATE += ["November", "Dezember"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%s|%d")


@dataclass
class Entry:
    """One message of a .po file: its fields (msgctxt, msgid, msgid_plural, msgstr, msgstr[n]) and flags."""

    fields: dict[str, str]
    flags: set[str] = field(default_factory=set)

    @property
    def msgid(self) -> str:
        return self.fields["msgid"]

    @property
    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]


def read_catalog(path: Path = CATALOG) -> list[Entry]:
    """Every entry of a .po file, the header first. PO strings are written as Python string literals."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = Entry({}), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                entry.fields[key] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                key, _, value = line.partition(" ")
                entry.fields[key] = ast.literal_eval(value)
        if "msgid" in entry.fields:
            entries.append(entry)
    return entries


def messages() -> list[Entry]:
    return read_catalog()[1:]


def visible_text(response) -> str:
    """The page as one line: entities decoded, runs of white space (also no-break spaces) made one space."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def untranslated(response) -> list[str]:
    """English sentences of our catalog on the page: every run of three or more words of a message between its
    placeholders (shorter runs, like device names or "ECO", could be the same in both languages)."""
    page = visible_text(response)
    found = []
    for entry in messages():
        if entry.translations == [entry.msgid]:
            continue  # the same in German (e.g. "Podero Portal")
        for english in (entry.msgid, entry.fields.get("msgid_plural", "")):
            for fragment in PLACEHOLDER.split(re.sub(r"\s+", " ", english)):
                fragment = fragment.strip(" .,:;()·")
                if len(fragment.split()) >= 3 and fragment in page:
                    found.append(fragment)
    return found


@pytest.fixture
def alices_devices(alice_heat_pump, alice_ev, alice_inverter, sandbox):
    """Her three devices, the EV with a charge deadline so that its weekly schedule is on the page."""
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)


@pytest.fixture
def german_client(client, alice):
    client.force_login(alice.user)
    return client


# The catalog


def test_the_german_catalog_translates_every_message_and_none_is_fuzzy():
    header, *entries = read_catalog()

    assert "fuzzy" not in header.flags
    assert "Language: de\n" in header.fields["msgstr"]
    assert len(entries) > 250
    assert [entry.msgid for entry in entries if not all(entry.translations)] == []
    assert [entry.msgid for entry in entries if "fuzzy" in entry.flags] == []


def test_every_translation_keeps_the_placeholders_of_its_message():
    for entry in messages():
        for translation_ in entry.translations:
            assert sorted(PLACEHOLDER.findall(translation_)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


def test_no_message_holds_an_escape_sequence_that_xgettext_left_unread():
    # xgettext reads "\u00a0" in a Python string as six characters, so such a message is never found at run time.
    assert [entry.msgid for entry in messages() if "\\u" in entry.msgid or "\\N" in entry.msgid] == []


def test_the_compiled_catalog_matches_the_po_file():
    """CI machines may lack gettext: the .mo in the repository must be compiled from this very .po."""
    with CATALOG.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)

    for entry in messages():
        context = entry.fields.get("msgctxt")
        if "msgid_plural" in entry.fields:
            for n, index in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                plural = entry.fields["msgid_plural"]
                compiled_text = (
                    catalog.npgettext(context, entry.msgid, plural, n)
                    if context
                    else catalog.ngettext(entry.msgid, plural, n)
                )
                assert compiled_text == entry.fields[index], entry.msgid
        else:
            compiled_text = (
                catalog.pgettext(context, entry.msgid) if context else catalog.gettext(entry.msgid)
            )
            assert compiled_text == entry.fields["msgstr"], entry.msgid


# Pages in German


def test_the_login_page_is_in_german_for_a_german_browser(client):
    response = client.get(reverse("login"), headers=GERMAN)

    assertContains(response, '<html lang="de">')
    assertContains(response, "<h1>Anmelden</h1>", html=True)
    assertContains(response, "E-Mail")
    assertContains(response, "Passwort vergessen?")
    assert response["Content-Language"] == "de"
    assert untranslated(response) == []


def test_my_devices_is_in_german(german_client, alices_devices):
    response = german_client.get(reverse("preferences:dashboard"), headers=GERMAN)

    assertContains(response, "<h1>Meine Geräte</h1>", html=True)
    assertContains(response, "Wärmepumpe")
    assertContains(response, "Elektroauto")
    assertContains(response, "Wechselrichter")
    assertContains(response, "Intelligente Optimierung")
    assertContains(response, "Abwesenheit")
    assert untranslated(response) == []


def test_the_heat_pump_page_is_in_german(german_client, alices_devices, alice_heat_pump):
    response = german_client.get(page_url(alice_heat_pump), headers=GERMAN)

    assertContains(response, "Aktueller Stand")
    assertContains(response, "Solange die intelligente Optimierung an ist")
    assertContains(response, "Letzte Änderungen")
    assert untranslated(response) == []


def test_the_ev_page_with_its_charging_plan_is_in_german(german_client, alices_devices, alice_ev):
    response = german_client.get(page_url(alice_ev), headers=GERMAN)

    assertContains(response, "Warum lädt das Auto (nicht)?")
    assertContains(response, "Jetzt laden")
    assertContains(response, "Ladeplan")
    assertContains(response, "An manchen Tagen anders")
    assertContains(response, "Mo–So")
    assertContains(response, "Plan speichern")
    assertContains(response, "Jeden Tag mindestens 80 % bis 07:00 Uhr, Europe/Berlin")
    assertContains(response, "Nur für die nächste Fahrt")
    assert untranslated(response) == []


def test_the_inverter_page_is_in_german_with_a_decimal_comma(german_client, alices_devices, alice_inverter):
    response = german_client.get(page_url(alice_inverter), headers=GERMAN)

    assert re.search(r"Erzeugt \d+,\d kW · Batterie 68 %", visible_text(response))
    assert untranslated(response) == []


def test_a_page_without_a_german_browser_stays_english(german_client, alices_devices):
    response = german_client.get(reverse("preferences:dashboard"))

    assertContains(response, '<html lang="en">')
    assertContains(response, "<h1>My devices</h1>", html=True)


# Dates and times as each language writes them


def test_the_return_date_reads_as_germans_write_dates(german_client, alices_devices, alice):
    berlin = ZoneInfo(alice.timezone)
    back = (timezone.now().astimezone(berlin) + timedelta(days=3)).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    german_client.post(
        reverse("preferences:away-start"),
        {
            "returns_at": back.strftime("%Y-%m-%dT%H:%M"),
            "devices": [str(alice.devices.get(kind="heat-pumps").podero_id)],
        },
        headers=GERMAN,
    )

    german = german_client.get(reverse("preferences:dashboard"), headers=GERMAN)
    english = german_client.get(reverse("preferences:dashboard"))

    date = f"{WOCHENTAGE[back.weekday()]}, {back.day}. {MONATE[back.month - 1]} {back.year}, 07:00"
    assertContains(german, f"Sie sind bis {date} abwesend.")
    assertContains(german, "Pausiert bis zu Ihrer Rückkehr")
    assertContains(english, f"You are away until {back:%A} {back.day} {back:%B %Y}, 07:00.")


def test_a_return_more_than_a_week_away_reads_as_germans_write_dates(db, alice):
    from preferences.away import actions
    from preferences.devices.dashboard import away_summary

    now = timezone.now()
    back = (now.astimezone(ZoneInfo(alice.timezone)) + timedelta(days=10)).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    absence = actions.start_absence(
        homeowner=alice, devices=[], pause_charge_deadlines=False, returns_at=back, actor=alice.user, now=now
    )

    with translation.override("de"):
        german = away_summary(absence, now=now)
    with translation.override("en"):
        english = away_summary(absence, now=now)

    short_day = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")[back.weekday()]
    assert german == f"Abwesend bis {short_day} {back.day}. {MONATE[back.month - 1]}, 07:00"
    assert english == f"Away until {back:%a} {back.day} {back:%B}, 07:00"


def test_the_next_deadlines_read_as_germans_write_dates(german_client, alices_devices, alice_ev):
    response = german_client.get(page_url(alice_ev), headers=GERMAN)

    weekday, month = "|".join(WOCHENTAGE), "|".join(MONATE)
    assert re.search(
        rf"({weekday}), \d{{1,2}}\. ({month}), 07:00 \(CES?T\): mindestens 80 %", visible_text(response)
    )


def test_a_trip_day_reads_as_germans_write_dates():
    from datetime import date, datetime

    from preferences.charging.forms import TripTargetForm
    from preferences.dates import weekday_and_day

    friday = date(2026, 11, 27)
    now_there = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))

    with translation.override("de"):
        german = [
            label for _value, label in TripTargetForm(today=friday, now_there=now_there).fields["day"].choices
        ]
        assert weekday_and_day(date(2026, 11, 28)) == "Samstag, 28. November"
    with translation.override("en"):
        english = weekday_and_day(date(2026, 11, 28))

    assert german[:3] == ["Heute (Freitag)", "Morgen (Samstag)", "Sonntag, 29. November"]
    assert english == "Saturday, 28 November"


def test_ago_uses_the_dative_that_german_needs_after_vor():
    now = timezone.now()

    with translation.override("de"):
        assert dates.ago(now - timedelta(days=3), now) == "vor 3\xa0Tagen"
        assert dates.ago(now - timedelta(minutes=5), now) == "vor 5\xa0Minuten"
    with translation.override("en"):
        assert dates.ago(now - timedelta(days=3), now) == "3\xa0days ago"


# Messages after an action


def test_the_note_after_pausing_is_in_german_with_and_without_htmx(
    german_client, alices_devices, alice_heat_pump
):
    fragment = german_client.post(action_url(alice_heat_pump, "pause"), headers={**GERMAN, **HTMX})
    page = german_client.post(action_url(alice_heat_pump, "resume"), headers=GERMAN, follow=True)

    assertContains(fragment, "Die intelligente Optimierung ist pausiert.")
    assertContains(page, "Die intelligente Optimierung ist an.")
    assertContains(page, "Sie haben die intelligente Optimierung pausiert")
    assert untranslated(page) == []


def test_a_form_error_is_in_german(german_client, alices_devices, alice_ev):
    response = german_client.post(
        action_url(alice_ev, "charging-plan"),
        {"choice": "daily", "ready_by": "7 Uhr", "minimum_charge": "120"},
        headers=GERMAN,
    )
    per_day = german_client.post(
        action_url(alice_ev, "charging-plan"),
        {"choice": "weekly", "timezone": "Europe/Berlin", "starts": "mon,sat", "mon_percentage": "80"}
        | {"mon_deadline": "07:00", "sat_percentage": "50", "sat_deadline": ""},
        headers=GERMAN,
    )

    assert response.status_code == 422
    assertContains(response, "Geben Sie eine Uhrzeit als HH:MM im 24-Stunden-Format ein", status_code=422)
    assertContains(response, "Geben Sie eine ganze Zahl von 0 bis 100 ein.", status_code=422)
    assertContains(per_day, "Wählen Sie eine Uhrzeit für Samstag bis Sonntag.", status_code=422)


# The password-reset e-mail


def test_the_password_reset_email_is_in_german_for_a_german_browser(client, alice):
    client.post(reverse("password_reset"), {"email": "alice@example.com"}, headers=GERMAN)

    [message] = mail.outbox
    assert "Passwort" in message.subject
    assert "Zurücksetzen des Passworts" in message.body
    assert "You're receiving this email" not in message.body


# The language switch in the footer


def test_every_page_has_a_labelled_language_switch_that_returns_to_it(client):
    response = client.get(reverse("login") + "?next=/", headers=GERMAN)

    assertContains(response, '<label for="language-switch">Sprache</label>', html=True)
    assertContains(
        response, f'<form method="post" action="{reverse("set_language")}" class="language-switch">'
    )
    assertContains(response, '<input type="hidden" name="next" value="/accounts/login/?next=/">', html=True)
    assertContains(response, '<option value="de" lang="de" selected>Deutsch</option>', html=True)
    assertContains(response, '<option value="en" lang="en">English</option>', html=True)
    assertContains(response, '<button type="submit" class="button button-secondary">Sprache ändern</button>')


def test_choosing_deutsch_switches_the_language_and_returns_to_the_page(german_client, alices_devices):
    response = german_client.post(reverse("set_language"), {"language": "de", "next": "/"})

    assertRedirects(response, "/", fetch_redirect_response=False)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assertContains(german_client.get("/"), "<h1>Meine Geräte</h1>", html=True)  # no Accept-Language sent

    german_client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assertContains(german_client.get("/", headers=GERMAN), "<h1>My devices</h1>", html=True)


def test_the_language_switch_never_redirects_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "https://evil.example/"})

    assertRedirects(response, "/", fetch_redirect_response=False)


def test_the_language_switch_needs_a_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)

    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})

    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_after_a_form_post_the_switch_returns_to_the_page_the_form_was_on(german_client, alices_devices):
    response = german_client.post(
        reverse("preferences:away-start"),
        {"returns_at": ""},
        headers={**GERMAN, "referer": "http://testserver/"},
    )

    assert response.status_code == 422
    assertContains(
        response, '<input type="hidden" name="next" value="http://testserver/">', html=True, status_code=422
    )
    assertNotContains(response, 'value="/away/', status_code=422)
