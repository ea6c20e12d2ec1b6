"""A kind with a control of its own is served by what the kind itself brings, with no production file touched:
its registry entry (naming the control), its page part and template, its intent in the one table of intents
(intents.py) with its handler, and its German words. The homeowner's page, the URL, the audit trail, Recent
changes and the admin's action then serve the new intent like any other.

Here a home battery "keeps a reserve": its handler asks Podero to stop steering it, through the one client, and
records the change under the intent's own name.
"""

import importlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.urls import clear_url_caches, reverse
from django.utils.translation import gettext_lazy, trans_real
from pytest_django.asserts import assertContains

from preferences import intents, podero
from preferences.audit import record
from preferences.devices import kinds, notes, pages
from preferences.intents import Answer, Ask, Said
from preferences.models import Change
from tests.conftest import known_device
from tests.devices.conftest import BATTERY_ID, KIND
from tests.helpers import GERMAN, HTMX, page_url, podero_path

RECORDED = "keep_reserve"

TEMPLATE = """{% extends "preferences/device_base.html" %}
{% block device %}{% if live %}
<section class="card"><h2>{{ reserve_title }}</h2>
  <div id="reserve" aria-live="polite">{% partialdef reserve inline %}
    {% include "preferences/includes/note.html" with note=notes.reserve %}
    {% url 'preferences:keep-reserve' device.kind device.podero_id as action %}
    <form method="post" action="{{ action }}" hx-post="{{ action }}" hx-target="#reserve">{% csrf_token %}
      <button type="submit">{{ reserve_button }}</button>
    </form>
    {% include "preferences/includes/around_the_part.html" %}
  {% endpartialdef %}</div>
</section>
{% endif %}{% endblock device %}
"""
GERMAN_WORDS = {
    "Keep a reserve": "Reserve halten",
    "The battery keeps its charge for a power cut.": "Der Speicher hält seine Ladung für einen Stromausfall.",
    "You kept a reserve": "Sie haben eine Reserve gehalten",
}


def keep_reserve(ask: Ask) -> Answer:
    """The intent's handler: one write through the Podero client, recorded in the audit trail."""
    device = ask.device
    call = podero.calls.update_device(
        device.kind,
        user_id=device.homeowner.podero_user_id,
        device_id=device.podero_id,
        changes=podero.DeviceChanges(smart_optimization=False),
    )
    change = record.begin(device, RECORDED, call, ask.actor, ask.now, ask.reason)
    record.run(change, call)
    return Answer(note=notes.done(ask.intent), known={"change": change})


def _reserve_part(page: pages.Page, state: podero.DeviceState) -> dict[str, Any]:
    return {"reserve_title": gettext_lazy("Keep a reserve"), "reserve_button": gettext_lazy("Keep a reserve")}


def _reload_urls() -> None:
    from podero_portal import urls as root
    from preferences import urls

    importlib.reload(urls)
    importlib.reload(root)
    clear_url_caches()


@pytest.fixture
def batteries(
    home_batteries: kinds.Kind, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The home battery (conftest.py), now with a control of its own: its part, its template, its intent."""
    (tmp_path / "batteries").mkdir()
    (tmp_path / "batteries" / "battery.html").write_text(TEMPLATE)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    kinds.register(
        replace(
            home_batteries, parts=("reserve",), template="batteries/battery.html", own_controls=("reserve",)
        )
    )
    pages.register_part("reserve", pages.Part(_reserve_part))
    intents.register(
        intents.Intent(
            verb="keep-reserve",
            control="reserve",
            slot="reserve",
            handler=keep_reserve,
            done=gettext_lazy("The battery keeps its charge for a power cut."),
            records={
                RECORDED: Said(
                    gettext_lazy("Keep a reserve"),
                    gettext_lazy("%(who)s kept a reserve"),
                    gettext_lazy("You kept a reserve"),
                )
            },
            staff_reason="quick",
        )
    )
    _reload_urls()
    catalog = trans_real.translation("de")._catalog._catalogs[0]
    for english, german in GERMAN_WORDS.items():
        monkeypatch.setitem(catalog, english, german)
    yield
    intents.unregister("keep-reserve")
    pages.unregister_part("reserve")
    _reload_urls()


def test_its_page_has_its_own_control(client, alice, batteries):
    battery = known_device(alice, KIND, BATTERY_ID, "Sonnen eco 10")
    client.force_login(alice.user)

    response = client.get(page_url(battery))

    assertContains(response, f'action="/{KIND}/{BATTERY_ID}/keep-reserve/"')
    assertContains(response, "Keep a reserve")
    assert 'role="switch"' not in response.content.decode()  # its parts are its own


def test_its_intent_sends_one_write_records_it_and_says_so(client, alice, sandbox, batteries):
    battery = known_device(alice, KIND, BATTERY_ID, "Sonnen eco 10")
    client.force_login(alice.user)

    response = client.post(f"/{KIND}/{BATTERY_ID}/keep-reserve/", headers=HTMX)

    assertContains(response, "The battery keeps its charge for a power cut.")
    assertContains(response, "You kept a reserve")  # Recent changes comes along with the recorded change
    [write] = sandbox.writes()
    assert (write["method"], write["path"], write["json"]) == (
        "PUT",
        podero_path(battery),
        {"is_smart_optimization_active": False},
    )
    change = Change.objects.get()
    assert (change.intent, change.get_intent_display(), change.outcome) == (
        RECORDED,
        "Keep a reserve",
        Change.Outcome.SUCCEEDED,
    )


def test_its_intent_is_said_in_german(client, alice, sandbox, batteries):
    battery = known_device(alice, KIND, BATTERY_ID, "Sonnen eco 10")
    client.force_login(alice.user)

    done = client.post(f"/{KIND}/{BATTERY_ID}/keep-reserve/", headers={**HTMX, **GERMAN})
    page = client.get(page_url(battery), headers=GERMAN)

    assertContains(done, "Der Speicher hält seine Ladung für einen Stromausfall.")
    assertContains(page, "Sie haben eine Reserve gehalten")
    assertContains(page, "Heimspeicher")


def test_a_kind_without_the_control_answers_404(client, alice, sandbox, alice_heat_pump, batteries):
    client.force_login(alice.user)

    response = client.post(f"/heat-pumps/{alice_heat_pump.podero_id}/keep-reserve/", headers=HTMX)

    assert response.status_code == 404
    assert sandbox.writes() == []


def test_staff_ask_it_in_the_admin_with_their_reason(client, alice, sandbox, maria, batteries):
    battery = known_device(alice, KIND, BATTERY_ID, "Sonnen eco 10")
    client.force_login(maria)
    url = reverse("admin:preferences_homeowner_keep_reserve", args=[alice.pk, BATTERY_ID])

    without_reason = client.post(url, {"reason": ""})
    acted = client.post(url, {"reason": "Storm warning, asked by phone"}, follow=True)

    assert without_reason.status_code == 422
    assertContains(acted, "Sonnen eco 10: The battery keeps its charge for a power cut.")
    [write] = sandbox.writes()
    assert write["path"] == podero_path(battery)
    change = Change.objects.get()
    assert (change.intent, change.actor, change.reason) == (RECORDED, maria, "Storm warning, asked by phone")
