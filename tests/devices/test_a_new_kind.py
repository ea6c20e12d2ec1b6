"""A kind of device the portal has never seen is served by registering it, with no production file touched:
its state class (as podero/types.py would hold it), one entry in the registry (kinds.py), its German name (as
the catalogue would hold it), and the sandbox's register_kind. My devices, its page, its switch and the admin
then serve it like any other kind."""

from django.urls import reverse
from pytest_django.asserts import assertContains

from preferences.models import Change
from tests.conftest import known_device
from tests.devices.conftest import BATTERY_ID, KIND
from tests.helpers import CONFIRMED, HTMX, action_url, page_url, podero_path
from tests.test_german import GERMAN, untranslated


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

    response = client.post(action_url(battery, "charge-now"), CONFIRMED, headers=HTMX)

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
