"""The stand-in identity provider speaks OpenID Connect as a real one does: what a client can see of it."""

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests

from podero_idp import CLIENT_ID, CLIENT_SECRET

CALLBACK = "http://127.0.0.1:8000/accounts/signin/callback/"


@pytest.fixture
def provider(idp_server: Any) -> Any:
    requests.post(f"{idp_server.url}/_idp/reset", timeout=5)
    return idp_server


def authorize(url: str, *, verifier: str | None, customer: str = "idp-alice", nonce: str = "") -> Any:
    nonce = nonce or secrets.token_urlsafe(8)
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid email profile",
        "state": "s-1",
        "nonce": nonce,
    }
    if verifier is not None:
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        query |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return requests.post(
        f"{url}/authorize?{urlencode(query)}", data={"customer": customer}, allow_redirects=False, timeout=5
    )


def code_of(answer: Any) -> str:
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    query = parse_qs(back.query)
    assert query["state"] == ["s-1"]
    return query["code"][0]


def token(url: str, code: str, verifier: str, secret: str = CLIENT_SECRET) -> Any:
    return requests.post(
        f"{url}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
        auth=(CLIENT_ID, secret),
        timeout=5,
    )


def test_discovery_names_every_endpoint_under_the_issuer(provider: Any) -> None:
    found = requests.get(f"{provider.url}/.well-known/openid-configuration", timeout=5).json()
    assert found["issuer"] == provider.url
    for name in (
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ):
        assert found[name].startswith(provider.url + "/")
    assert found["code_challenge_methods_supported"] == ["S256"]


def test_the_code_flow_with_pkce_gives_an_rs256_id_token_the_jwks_verifies(provider: Any) -> None:
    verifier = secrets.token_urlsafe(48)
    answer = token(provider.url, code_of(authorize(provider.url, verifier=verifier, nonce="n-1")), verifier)

    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    jwks = jwt.PyJWKClient(f"{provider.url}/jwks")
    key = jwks.get_signing_key_from_jwt(tokens["id_token"])
    claims = jwt.decode(
        tokens["id_token"], key.key, algorithms=["RS256"], audience=CLIENT_ID, issuer=provider.url
    )
    assert (claims["sub"], claims["nonce"], claims["customer_number"]) == ("idp-alice", "n-1", "portal-alice")
    info = requests.get(
        f"{provider.url}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=5
    )
    assert info.json()["customer_number"] == "portal-alice"
    assert info.json()["sub"] == "idp-alice"


def test_an_authorization_without_a_code_challenge_is_refused(provider: Any) -> None:
    answer = authorize(provider.url, verifier=None)
    assert answer.status_code == 400
    assert "requires PKCE" in answer.text


def test_a_wrong_verifier_a_wrong_secret_and_a_used_code_are_refused(provider: Any) -> None:
    verifier = secrets.token_urlsafe(48)
    code = code_of(authorize(provider.url, verifier=verifier))
    assert token(provider.url, code, secrets.token_urlsafe(48)).json()["error"] == "invalid_grant"
    code = code_of(authorize(provider.url, verifier=verifier))
    assert token(provider.url, code, verifier, secret="guessed").status_code == 401
    assert token(provider.url, code, verifier).status_code == 200
    assert token(provider.url, code, verifier).json()["error"] == "invalid_grant"


def test_userinfo_without_a_valid_token_is_401(provider: Any) -> None:
    answer = requests.get(f"{provider.url}/userinfo", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert answer.status_code == 401


def test_a_nonce_used_before_is_refused_as_a_replay(provider: Any) -> None:
    code_of(authorize(provider.url, verifier=secrets.token_urlsafe(48), nonce="same"))
    again = authorize(provider.url, verifier=secrets.token_urlsafe(48), nonce="same")
    assert again.status_code == 400
    assert "Replay" in again.text


def test_an_unknown_fault_is_refused(provider: Any) -> None:
    answer = requests.post(f"{provider.url}/_idp/fault", json={"fault": "everything"}, timeout=5)
    assert answer.status_code == 400
