"""Finding a Podero user by the customer number (podero-api.md §9.1, by-ext-id), read tolerantly."""

from uuid import UUID

import pytest

from preferences import podero
from preferences.podero.user_lookup import find_user_call

from .conftest import ORG_ID, USER_ID, Reply


def by_ext_id(number: str) -> str:
    return f"/api/partners/v2.0/org/{ORG_ID}/users/by-ext-id/{number}"


DOCUMENTED = {
    "id": str(USER_ID),
    "organization_id": ORG_ID,
    "role": "user",
    "email": "dora@example.com",
    "num_inverters": 0,
    "num_heat_pumps": 1,
    "num_electric_vehicles": 1,
    "num_wallboxes": 0,
    "external_user_id": "C10042",
    "first_name": "Dora",
    "last_name": None,
}


def test_the_documented_answer_is_read(podero_server, podero_client):
    podero_server.script("GET", by_ext_id("C10042"), Reply(json=DOCUMENTED))

    found = podero_client.send(find_user_call("C10042"))

    assert found.id == USER_ID
    assert (found.customer_number, found.email, found.first_name, found.last_name) == (
        "C10042",
        "dora@example.com",
        "Dora",
        None,
    )


@pytest.mark.parametrize(
    "body",
    [
        {"data": DOCUMENTED},
        {"id": str(USER_ID)},  # only what we need
        {**DOCUMENTED, "email": 42, "first_name": ["odd"], "unknown_field": {"x": 1}},
    ],
)
def test_other_plausible_shapes_are_read_for_the_user_id(podero_server, podero_client, body):
    podero_server.script("GET", by_ext_id("C10042"), Reply(json=body))

    assert podero_client.send(find_user_call("C10042")).id == UUID(str(USER_ID))


def test_an_answer_without_a_user_id_is_a_bad_response(podero_server, podero_client):
    podero_server.script("GET", by_ext_id("C10042"), Reply(json={"email": "dora@example.com"}))

    with pytest.raises(podero.PoderoBadResponse):
        podero_client.send(find_user_call("C10042"))


def test_a_customer_number_stays_one_path_segment(podero_server, podero_client):
    podero_server.script("GET", by_ext_id("a%2F..%3Fx"), Reply(json=DOCUMENTED))

    podero_client.send(find_user_call("a/..?x"))

    assert [call.path for call in podero_server.calls("GET")] == [by_ext_id("a%2F..%3Fx")]


def test_an_unknown_customer_is_not_found(podero_server, podero_client):
    podero_server.script("GET", by_ext_id("C99999"), Reply(status=404, json={"detail": "Not Found"}))

    with pytest.raises(podero.PoderoNotFound):
        podero_client.send(find_user_call("C99999"))
