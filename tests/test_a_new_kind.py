"""A kind of device the portal has never seen is served by registering it, with no production file touched:
its state class (as podero/types.py would hold it), one entry in the registry (kinds.py), its German name (as
the catalogue would hold it), and the sandbox's register_kind. My devices, its page, its switch and the admin
then serve it like any other kind."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy, trans_real
from pytest_django.asserts import assertContains

import podero_sandbox as seed
from podero_sandbox.model import Device as SandboxDevice
from podero_sandbox.seed import _common_fields  # the fields every sandbox device has
from podero_sandbox.validation import boolean
from preferences import kinds, podero
from preferences.models import Change
from tests.conftest import known_device
from tests.helpers import HTMX, action_url, page_url, podero_path
from tests.test_german import GERMAN, untranslated

KIND = "home-batteries"
BATTERY_ID = "0a11ce00-ba77-4000-8000-000000000001"


@pytest.fixture
def home_batteries(sandbox: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[kinds.Kind]:
    @dataclass(frozen=True, kw_only=True)
    class HomeBattery(podero.DeviceState):  # registers its parser for "home-batteries"
        kind = KIND

    def key_state(state: podero.DeviceState) -> str:
        return "Storing the sun for the evening"

    kind = kinds.register(kinds.Kind(slug=KIND, name=gettext_lazy("Home battery"), key_state=key_state))
    seed.register_kind(
        KIND,
        writable={"is_smart_optimization_active": boolean},
        build=lambda device_id, owner_id: SandboxDevice(
            kind=KIND, owner_id=owner_id, fields=_common_fields(device_id, seed_model())
        ),
    )
    state = sandbox.server.state
    with state.lock:
        state.devices[BATTERY_ID] = seed.seed.device_of_kind(KIND, BATTERY_ID, seed.ALICE_USER_ID)
    monkeypatch.setitem(trans_real.translation("de")._catalog._catalogs[0], "Home battery", "Heimspeicher")
    yield kind
    kinds.unregister(KIND)
    seed.unregister_kind(KIND)
    podero.types._STATE_CLASSES.pop(KIND, None)


def seed_model() -> Any:
    from podero_sandbox.seed import DeviceModel

    return DeviceModel(
        "battery", "Home Battery", "Sonnen", "eco 10", 2024, "c10d5e00-0000-4000-8000-0000000ba77e"
    )


def test_my_devices_lists_the_new_kind_with_a_link_to_its_page(client, alice, home_batteries):
    client.force_login(alice.user)

    response = client.get(reverse("preferences:dashboard"))

    assertContains(response, "Sonnen eco 10")
    assertContains(response, "Home battery")
    assertContains(response, "Storing the sun for the evening")
    assertContains(response, f'href="/{KIND}/{BATTERY_ID}/"')


def test_its_page_has_the_switch_and_the_switch_pauses_it(client, alice, sandbox, home_batteries):
    battery = known_device(alice, KIND, BATTERY_ID, "Sonnen eco 10")
    client.force_login(alice.user)

    page = client.get(page_url(battery))
    paused = client.post(action_url(battery, "pause"), headers=HTMX)

    assertContains(page, 'role="switch"')
    assertContains(page, f'action="/{KIND}/{BATTERY_ID}/pause/"')
    assertContains(paused, 'aria-checked="false"')
    [write] = sandbox.writes()
    assert (write["method"], write["path"], write["json"]) == (
        "PUT",
        podero_path(battery),
        {"is_smart_optimization_active": False},
    )
    assert Change.objects.get().intent == Change.Intent.PAUSE_OPTIMIZATION


def test_a_control_the_kind_does_not_have_is_a_404(client, alice, sandbox, home_batteries):
    battery = known_device(alice, KIND, BATTERY_ID, "Sonnen eco 10")
    client.force_login(alice.user)

    response = client.post(action_url(battery, "charge-now"), headers=HTMX)

    assert response.status_code == 404
    assert sandbox.writes() == []


def test_staff_see_it_and_pause_it_in_the_admin(client, alice, sandbox, maria, home_batteries):
    client.force_login(maria)
    devices = reverse("admin:preferences_homeowner_devices", args=[alice.pk])

    shown = client.get(devices)
    pause = reverse("admin:preferences_homeowner_pause", args=[alice.pk, BATTERY_ID])
    acted = client.post(pause, {"reason": "Asked by phone"}, follow=True)

    assertContains(shown, "Sonnen eco 10 · Home battery")
    assertContains(acted, "Sonnen eco 10: Smart optimization is paused.")
    assert sandbox.device(BATTERY_ID)["is_smart_optimization_active"] is False


def test_its_page_is_in_german_with_its_german_name(client, alice, home_batteries):
    battery = known_device(alice, KIND, BATTERY_ID, "Sonnen eco 10")
    client.force_login(alice.user)

    response = client.get(page_url(battery), headers=GERMAN)

    assertContains(response, "Heimspeicher")
    assertContains(response, "Intelligente Optimierung")
    assert untranslated(response) == []
