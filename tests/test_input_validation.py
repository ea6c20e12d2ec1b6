"""Input is checked where it enters, and refused with a clear message before anything reaches Podero: the
homeowner's time zone and Podero user id in the admin, the list of time zones. (The optimization switch has no
value to check: it posts to pause/ or resume/.)"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains

from preferences.models import Homeowner
from preferences.time_zones import TimeZoneField
from preferences.time_zones import suggested as time_zone_names

# Time zones


def test_the_zone_list_holds_real_places_only():
    names = time_zone_names()

    assert "Europe/Berlin" in names
    assert "America/Argentina/Buenos_Aires" in names
    assert "UTC" in names
    for not_a_place in ("localtime", "Factory", "posixrules", "EST5EDT", "Etc/GMT+1", "GB"):
        assert not_a_place not in names


@pytest.mark.parametrize("typed", ["localtime", "Factory", "posixrules", "Mars/Olympus"])
def test_the_time_zone_field_refuses_what_is_no_place(typed):
    field = TimeZoneField()

    with pytest.raises(ValidationError):
        field.clean(typed)


def test_the_time_zone_field_still_takes_a_city():
    assert TimeZoneField().clean("vienna") == "Europe/Vienna"


# The admin


def change_homeowner(admin_client, homeowner, **fields):
    data = {"podero_user_id": str(homeowner.podero_user_id), "timezone": homeowner.timezone, **fields}
    return admin_client.post(reverse("admin:preferences_homeowner_change", args=[homeowner.pk]), data)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "localtime", "Factory", ""])
def test_the_admin_refuses_a_time_zone_that_is_no_place(admin_client, alice, zone):
    response = change_homeowner(admin_client, alice, timezone=zone)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["timezone"]
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Berlin"


def test_the_admin_suggests_real_zones_only(admin_client, alice):
    response = admin_client.get(reverse("admin:preferences_homeowner_change", args=[alice.pk]))

    assertContains(response, '<option value="Europe/Vienna">')
    assert 'value="localtime"' not in response.content.decode()


def test_the_admin_saves_a_real_time_zone(admin_client, alice):
    response = change_homeowner(admin_client, alice, timezone="Europe/Vienna")

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Vienna"


@pytest.mark.parametrize("user_id", ["not-a-uuid", "0a11ce00-0000-4000-8000", ""])
def test_the_admin_refuses_a_podero_user_id_that_is_not_a_uuid(admin_client, alice, user_id):
    before = Homeowner.objects.get(pk=alice.pk).podero_user_id

    response = change_homeowner(admin_client, alice, podero_user_id=user_id)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["podero_user_id"]
    assert Homeowner.objects.get(pk=alice.pk).podero_user_id == before
