"""A homeowner whose Podero user has since been deleted in Podero: the password sign-in explains whom to
contact (in German too) and signs nobody in; a Podero outage at sign-in does not keep anyone out."""

import podero_sandbox as seed
from tests.conftest import PASSWORD


def sign_in(client, email, **headers):
    return client.post("/accounts/login/", {"username": email, "password": PASSWORD}, headers=headers)


def test_a_customer_podero_deleted_gets_a_page_saying_whom_to_contact(client, bob, sandbox, settings):
    settings.CUSTOMER_SERVICE_CONTACT = "service@energy.example"
    sandbox.control("POST", f"users/{seed.BOB_USER_ID}/delete")

    response = sign_in(client, "bob@example.com")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Your account is no longer active" in page
    assert "contact service@energy.example" in page
    assert client.get("/").status_code == 302  # not signed in


def test_the_page_is_in_german_for_a_german_browser(client, bob, sandbox):
    sandbox.control("POST", f"users/{seed.BOB_USER_ID}/delete")

    page = sign_in(client, "bob@example.com", accept_language="de").content.decode()

    assert "Ihr Konto ist nicht mehr aktiv" in page
    assert "Kundenservice Ihres Energieversorgers" in page


def test_an_active_customer_signs_in_with_one_call_to_podero(client, alice, sandbox):
    response = sign_in(client, "alice@example.com")

    assert response.status_code == 302
    assert len(sandbox.requests()) == 1


def test_podero_down_at_sign_in_keeps_nobody_out(client, alice, sandbox):
    sandbox.fault(status=503, count=20)

    assert sign_in(client, "alice@example.com").status_code == 302


def test_a_fresh_list_of_heat_pumps_saves_the_call_at_sign_in(client, alice, sandbox, listable_cache):
    """The sign-in check reads the list My devices reads (devices/overview.device_list): cached, it asks nobody."""
    from preferences.devices.overview import device_list

    device_list(alice, "heat-pumps")
    sandbox.clear_requests()

    assert sign_in(client, "alice@example.com").status_code == 302
    assert sandbox.requests() == []


def test_a_deleted_customer_is_told_even_with_a_list_cached_before(
    client, bob, sandbox, listable_cache, settings
):
    """A stale list never hides a 404: the user list is asked only then."""
    from preferences.devices.overview import device_list

    settings.PODERO_DEVICE_CACHE_SECONDS = 0
    device_list(bob, "heat-pumps")
    sandbox.control("POST", f"users/{seed.BOB_USER_ID}/delete")

    response = sign_in(client, "bob@example.com")

    assert response.status_code == 403
    assert "Your account is no longer active" in response.content.decode()
