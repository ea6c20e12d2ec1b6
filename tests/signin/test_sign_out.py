"""Signing out ends the portal's session and, after a sign-in at the energy company, the provider's session too
(its end_session_endpoint); a password login signs out of the portal only."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from .flow import portal_client, sign_in

pytestmark = pytest.mark.django_db


def test_signing_out_ends_the_portal_session_and_the_providers(idp: Any, sandbox: Any) -> None:
    client = portal_client()
    sign_in(client, "idp-alice")
    assert client.get("/").status_code == 200

    out = client.post("/accounts/logout/")

    assert out.status_code == 302
    to_provider = urlsplit(out["Location"])
    assert f"{to_provider.scheme}://{to_provider.netloc}{to_provider.path}" == f"{idp.url}/end_session"
    query = parse_qs(to_provider.query)
    assert query["post_logout_redirect_uri"] == ["http://127.0.0.1/accounts/login/"]
    assert client.get("/")["Location"].startswith("/accounts/login/")  # the portal's session is over
    back = requests.get(out["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    assert back.headers["Location"] == "http://127.0.0.1/accounts/login/"
    assert [ended["sub"] for ended in idp.ended()] == ["idp-alice"]


def test_a_password_login_signs_out_of_the_portal_only(idp: Any, alice: Any) -> None:
    client = portal_client()
    client.force_login(alice.user)

    out = client.post("/accounts/logout/")

    assert out.status_code == 302
    assert out["Location"] == "/accounts/login/"
    assert idp.ended() == []


def test_signing_out_is_a_post(idp: Any, alice: Any) -> None:
    client = portal_client()
    client.force_login(alice.user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_a_provider_without_end_session_leaves_its_session_alone(idp: Any, sandbox: Any) -> None:
    idp.control("POST", "end_session", {"offered": False})  # its discovery document names none
    client = portal_client()
    sign_in(client, "idp-alice")

    out = client.post("/accounts/logout/")

    assert out["Location"] == "/accounts/login/"
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert idp.ended() == []
