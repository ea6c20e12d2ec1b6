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
