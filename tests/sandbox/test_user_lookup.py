"""The sandbox finds a user by the partner's customer number (podero-api.md §9.1, by-ext-id)."""

import requests

import podero_sandbox as seed
from podero_sandbox.user_lookup import customer_number


def by_ext_id(sandbox, number, **params):
    token = requests.post(
        f"{sandbox.url}/oauth2/token/",
        data={"grant_type": "client_credentials"},
        auth=(seed.CLIENT_ID, seed.CLIENT_SECRET),
        timeout=5,
    ).json()["access_token"]
    return requests.get(
        f"{sandbox.url}/api/partners/v2.0/org/{seed.ORG_ID}/users/by-ext-id/{number}",
        headers={"Authorization": f"Bearer {token}"},
        params=params,
        timeout=5,
    )


def test_a_seeded_user_is_found_with_the_documented_fields(sandbox):
    answer = by_ext_id(sandbox, "portal-alice")

    assert answer.status_code == 200
    user = answer.json()
    assert user["id"] == seed.ALICE_USER_ID
    assert user["organization_id"] == seed.ORG_ID
    assert (user["role"], user["email"], user["external_user_id"]) == (
        "user",
        "alice@example.com",
        "portal-alice",
    )
    assert (user["num_heat_pumps"], user["num_electric_vehicles"], user["num_inverters"]) == (1, 1, 1)
    assert user["num_wallboxes"] == 0


def test_an_unknown_customer_number_is_404(sandbox):
    answer = by_ext_id(sandbox, "C99999")

    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not Found"}


def test_a_user_created_without_a_customer_number_gets_the_one_of_its_place(sandbox):
    created = sandbox.control("POST", "users", {"email": "dora@example.com", "heat_pumps": 1})

    assert created["external_id"] == customer_number(3) == "C10003"  # after Alice and Bob
    assert by_ext_id(sandbox, "C10003").json()["id"] == created["id"]


def test_without_a_token_it_is_401(sandbox):
    answer = requests.get(
        f"{sandbox.url}/api/partners/v2.0/org/{seed.ORG_ID}/users/by-ext-id/portal-alice", timeout=5
    )
    assert answer.status_code == 401
