"""A Podero user id is checked when staff link it: the user must be one of the organisation's users in Podero
(its documented list, podero-api.md §9.1). A wrong one says so in the admin and in `create_homeowner`; a login
linked to a user Podero does not know says so on My devices, instead of looking like an outage."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

import podero_sandbox as seed
from preferences.models import Homeowner

UNKNOWN = "0badbad0-0000-4000-8000-000000000001"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def login(db):
    return get_user_model().objects.create_user("new@example.com", "new@example.com", "pw-12345678")


def add_homeowner(admin_client, login, podero_user_id):
    return admin_client.post(
        reverse("admin:preferences_homeowner_add"),
        {"user": login.pk, "podero_user_id": podero_user_id, "timezone": "Europe/Berlin"},
    )


def test_staff_linking_an_unknown_podero_user_are_told_so(admin_client, sandbox, login):
    response = add_homeowner(admin_client, login, UNKNOWN)

    assert response.status_code == 200
    assert "Podero has no user with this id in your organisation." in text(response)
    assert not Homeowner.objects.exists()


def test_staff_linking_a_user_podero_knows_save_it(admin_client, sandbox, login):
    response = add_homeowner(admin_client, login, seed.BOB_USER_ID)

    assert response.status_code == 302
    assert str(Homeowner.objects.get().podero_user_id) == seed.BOB_USER_ID


def test_while_podero_cannot_be_asked_nothing_is_saved(admin_client, sandbox, login):
    sandbox.fault(status=503, path_contains="/users")

    response = add_homeowner(admin_client, login, seed.BOB_USER_ID)

    assert "Podero could not be asked right now whether this user exists." in text(response)
    assert not Homeowner.objects.exists()


def test_create_homeowner_refuses_an_unknown_podero_user(db, sandbox):
    with pytest.raises(CommandError, match="Podero has no user with this id"):
        call_command("create_homeowner", "x@example.com", "--podero-user-id", UNKNOWN)

    assert not Homeowner.objects.exists()


def test_a_login_linked_to_a_user_podero_does_not_know_says_so_not_an_outage(
    client, sandbox, alice_heat_pump
):
    homeowner = alice_heat_pump.homeowner
    Homeowner.objects.filter(pk=homeowner.pk).update(podero_user_id=UNKNOWN)
    client.force_login(homeowner.user)

    page = text(client.get(reverse("preferences:dashboard")))

    assert "Your login is not linked to your account at Podero correctly" in page
    assert "customer service" in page
    assert "unavailable, last seen" not in page
    assert "We couldn't reach Podero" not in page
