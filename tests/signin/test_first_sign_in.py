"""Signing in with the energy company's account: the first sign-in links the homeowner Podero knows by the
customer number and shows the devices, no staff step; later ones find the homeowner by that number."""

from typing import Any

import pytest

import podero_sandbox as seed
from preferences.models import Homeowner

from .flow import portal_client, sign_in

pytestmark = pytest.mark.django_db

ALICE = "idp-alice"


def by_ext_id_calls(sandbox: Any) -> list[dict[str, Any]]:
    return [r for r in sandbox.requests() if "/users/by-ext-id/" in r["path"]]


def test_a_new_customer_is_linked_to_their_podero_user_and_sees_their_devices(idp: Any, sandbox: Any) -> None:
    client = portal_client()
    answer = sign_in(client, ALICE)

    assert answer.status_code == 302
    assert answer["Location"] == "/"
    homeowner = Homeowner.objects.get(customer_number="portal-alice")
    assert str(homeowner.podero_user_id) == seed.ALICE_USER_ID
    assert homeowner.user.email == "alice@example.com"
    assert not homeowner.user.has_usable_password()
    assert [r["path"].rsplit("/", 1)[-1] for r in by_ext_id_calls(sandbox)] == ["portal-alice"]
    page = client.get("/")
    assert page.status_code == 200
    assert "Nibe" in page.content.decode()  # Alice's heat pump, from Podero


def test_a_later_sign_in_finds_the_homeowner_by_the_customer_number(idp: Any, sandbox: Any) -> None:
    sign_in(portal_client(), ALICE)
    sandbox.clear_requests()

    again = portal_client()
    answer = sign_in(again, ALICE)

    assert answer.status_code == 302
    assert Homeowner.objects.count() == 1
    assert by_ext_id_calls(sandbox) == []  # found by the stored number, Podero not asked
    assert again.get("/").status_code == 200


def test_a_homeowner_staff_linked_before_gets_the_customer_number(idp: Any, sandbox: Any, alice: Any) -> None:
    answer = sign_in(portal_client(), ALICE)

    assert answer.status_code == 302
    alice.refresh_from_db()
    assert alice.customer_number == "portal-alice"
    assert Homeowner.objects.count() == 1


def test_the_login_page_offers_what_the_setting_says(idp: Any, settings: Any) -> None:
    client = portal_client()
    both = client.get("/accounts/login/").content.decode()
    assert "Sign in with your energy company account" in both
    assert 'name="password"' in both

    settings.SIGN_IN_METHODS = "oidc"
    only_oidc = client.get("/accounts/login/").content.decode()
    assert "Sign in with your energy company account" in only_oidc
    assert 'name="password"' not in only_oidc
    assert client.post("/accounts/login/", {"username": "a@example.com", "password": "x"}).status_code == 405

    settings.SIGN_IN_METHODS = "password"
    only_password = client.get("/accounts/login/").content.decode()
    assert "energy company account" not in only_password
    assert 'name="password"' in only_password
    assert client.get("/accounts/signin/start/").status_code == 404


def test_the_login_page_in_german(idp: Any) -> None:
    page = portal_client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Mit dem Konto Ihres Energieversorgers anmelden" in page


def test_a_password_login_never_waits_for_the_provider(settings: Any, alice: Any) -> None:
    from tests.conftest import PASSWORD

    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    settings.SIGN_IN_METHODS = "both"
    client = portal_client()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]

    answer = client.post("/accounts/login/", {"username": "alice@example.com", "password": PASSWORD})

    assert answer.status_code == 302
    assert client.get("/").status_code == 200
