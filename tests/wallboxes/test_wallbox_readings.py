"""The wallbox under every reading the sandbox offers of what Podero's docs leave open (podero_sandbox/readings.py):
My devices lists it, its page renders with the true sentence, and Charge now, Stop and the switch each leave Podero
in the state asked for."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

import podero_sandbox as seed
from tests.helpers import CONFIRMED, HTMX, action_url, page_url
from tests.test_readings_contract import VARIANTS


@pytest.mark.parametrize("chosen", VARIANTS.values(), ids=VARIANTS.keys())
def test_the_wallbox_holds_up_under_every_reading(client, sandbox, bob_wallbox, chosen):
    sandbox.reading(**chosen)
    client.force_login(bob_wallbox.homeowner.user)

    devices = client.get(reverse("preferences:dashboard"))
    page = client.get(page_url(bob_wallbox))
    started = client.post(action_url(bob_wallbox, "wallbox-charge-now"), CONFIRMED, headers=HTMX)
    charging = sandbox.device(seed.BOB_WALLBOX_ID)["is_charging"]
    stopped = client.post(action_url(bob_wallbox, "wallbox-stop-charging"), headers=HTMX)
    paused = client.post(action_url(bob_wallbox, "pause"), headers=HTMX)

    if chosen == {"nulls": "optional"}:  # Podero's optional fields null: its name and plug state unknown
        assertContains(devices, f'href="/wallboxes/{seed.BOB_WALLBOX_ID}/">Wallbox</a>')
        assertContains(page, "Podero does not say whether a car is plugged in.")
    else:
        assertContains(devices, "Easee Charge")
        assertContains(page, "A car is plugged in. Charge now charges it straight away at full power")
    assert (started.status_code, stopped.status_code, paused.status_code) == (200, 200, 200)
    assert charging is True
    state = sandbox.device(seed.BOB_WALLBOX_ID)
    assert (state["is_charging"], state["is_smart_optimization_active"]) == (False, False)
    assertContains(stopped, "Charging at full power is stopped.")
