"""The OAuth2 client-credentials token endpoint, and bearer tokens on every API call."""

import time

import pytest
import requests

from podero_sandbox import CLIENT_ID, CLIENT_SECRET

from .conftest import TIMEOUT, PartnerApi, fetch_token


def post_token(url, *, auth=(CLIENT_ID, CLIENT_SECRET), **kwargs):
    return requests.post(f"{url}/oauth2/token/", auth=auth, timeout=TIMEOUT, **kwargs)


def test_the_token_endpoint_issues_a_bearer_token_for_the_sandbox_client(server):
    response = post_token(server.url, json={"grant_type": "client_credentials"})

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["access_token"]
    assert (body["expires_in"], body["token_type"], body["scope"]) == (36000, "Bearer", "read write")


def test_the_token_endpoint_also_accepts_a_form_encoded_grant(server):
    response = post_token(server.url, data={"grant_type": "client_credentials"})

    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer"


def test_every_token_is_different(server):
    assert fetch_token(server.url) != fetch_token(server.url)


@pytest.mark.parametrize("auth", [(CLIENT_ID, "wrong-secret"), ("someone-else", CLIENT_SECRET), None])
def test_the_token_endpoint_refuses_wrong_or_missing_credentials(server, auth):
    response = post_token(server.url, auth=auth, json={"grant_type": "client_credentials"})

    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client"}


@pytest.mark.parametrize("body", [{"grant_type": "password"}, {}])
def test_the_token_endpoint_refuses_any_grant_but_client_credentials(server, body):
    response = post_token(server.url, json=body)

    assert response.status_code == 400
    assert response.json() == {"error": "unsupported_grant_type"}


def test_the_token_endpoint_lives_at_the_host_root_not_under_the_api(server):
    response = requests.post(
        f"{server.url}/api/partners/v2.0/oauth2/token/",
        auth=(CLIENT_ID, CLIENT_SECRET),
        json={"grant_type": "client_credentials"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 401
    assert "access_token" not in response.json()


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token-we-issued", f"Basic {CLIENT_ID}"])
def test_an_api_call_without_a_valid_bearer_token_is_unauthorized(api, authorization):
    api.session.headers.pop("Authorization")
    headers = {"Authorization": authorization} if authorization else {}

    response = api.get("heat-pumps", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_expiring_the_tokens_makes_the_next_call_unauthorized(api, control):
    assert api.get("heat-pumps").status_code == 200

    control("POST", "tokens/expire")

    assert api.get("heat-pumps").status_code == 401


def test_a_token_stops_working_once_its_lifetime_is_over(server, control):
    control.config(token_expires_in=0.2)
    api = PartnerApi(server.url)
    assert api.get("heat-pumps").status_code == 200

    time.sleep(0.3)

    assert api.get("heat-pumps").status_code == 401


def test_the_configured_lifetime_is_what_the_token_endpoint_reports(server, control):
    control.config(token_expires_in=5)

    response = post_token(server.url, json={"grant_type": "client_credentials"})

    assert response.json()["expires_in"] == 5


def test_a_fresh_token_works_again_after_the_old_ones_expired(server, api, control):
    control("POST", "tokens/expire")

    fresh = PartnerApi(server.url)

    assert fresh.get("heat-pumps").status_code == 200
