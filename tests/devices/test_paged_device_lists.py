"""My devices when Podero answers a list in pages: every page is shown, and a device on a page the portal could
not read is never taken as removed (device sync deletes the rows of devices missing from a complete list)."""

import logging

import pytest
from django.urls import reverse

from preferences import podero
from preferences.accounts import save_homeowner
from preferences.models import Device
from tests.conftest import PASSWORD, known_device
from tests.helpers import page_url

CAROL = "0c0c0000-0000-4000-8000-000000000003"


@pytest.fixture
def carol_evs(sandbox, db):
    """Carol, with two cars in Podero and both known to the portal."""
    created = sandbox.control(
        "POST", "users", {"id": CAROL, "email": "carol@example.com", "electric_vehicles": 2}
    )
    homeowner, _ = save_homeowner(email="carol@example.com", podero_user_id=CAROL, password=PASSWORD)
    kind = podero.DeviceKind.ELECTRIC_VEHICLE
    return [known_device(homeowner, kind, device["id"], "Tesla Model 3") for device in created["devices"]]


def test_every_page_of_a_paged_list_is_shown(client, sandbox, carol_evs):
    sandbox.reading(list_pages="paginated")
    client.force_login(carol_evs[0].homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    assert response.status_code == 200
    for device in carol_evs:
        assert page_url(device) in response.content.decode()
    assert Device.objects.filter(pk__in=[device.pk for device in carol_evs]).count() == 2


def test_a_car_on_a_page_that_could_not_be_followed_is_kept(client, sandbox, carol_evs, caplog):
    caplog.set_level(logging.WARNING, logger="preferences.podero.answers")
    sandbox.reading(list_pages="next_elsewhere")
    client.force_login(carol_evs[0].homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    assert response.status_code == 200
    assert Device.objects.filter(pk__in=[device.pk for device in carol_evs]).count() == 2
    assert [r.getMessage() for r in caplog.records if "list incomplete" in r.getMessage()] != []
