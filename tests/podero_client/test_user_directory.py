"""The organisation's users: the list as the docs show it, in pages or wrapped, creating one with the
customer number, and whether Podero still knows a user (podero-api.md §9.1)."""

from uuid import UUID

import pytest

import podero_sandbox as seed
from preferences import podero
from preferences.podero.client import get_client
from preferences.podero.user_directory import Standing, create_user, list_users, standing

from .conftest import ORG_ID, Reply

USERS_PATH = f"/api/partners/v2.0/org/{ORG_ID}/users"
ANN = "a7a7a7a7-0000-4000-8000-000000000001"


def test_the_list_gives_each_user_with_customer_number_device_counts_onboarding_and_last_sign_in(sandbox):
    alice, bob = list_users(get_client())

    assert alice.id == UUID(seed.ALICE_USER_ID)
    assert alice.customer_number == "portal-alice"
    assert (alice.heat_pumps, alice.electric_vehicles, alice.inverters, alice.wallboxes) == (1, 1, 1, 0)
    assert alice.is_onboarded is True
    assert alice.last_login is not None
    assert bob.last_login is None


def test_a_list_in_pages_is_read_to_its_end_one_call_a_page(sandbox):
    for number in range(250):
        sandbox.control("POST", "users", {"email": f"u{number}@example.com"})
    sandbox.reading(user_pages="paginated")
    sandbox.clear_requests()

    users = list_users(get_client())

    assert len(users) == 252
    assert users.incomplete is False
    assert [r["query"] for r in sandbox.requests()] == ["", "page=2", "page=3"]
    assert users[-1].customer_number == "C10252"


def test_a_wrapped_list_leaves_out_and_counts_a_user_it_cannot_read(podero_server, podero_client):
    podero_server.script(
        "GET",
        USERS_PATH,
        Reply(
            json={"data": [{"id": ANN, "email": "Ann@Example.com", "external_user_id": 10042}, {"id": "x"}]}
        ),
    )

    users = list_users(podero_client)

    assert [(user.email, user.customer_number) for user in users] == [("ann@example.com", "10042")]
    assert users.unreadable == 1
    assert users[0].is_onboarded is None


def test_a_next_page_elsewhere_is_not_followed_and_the_list_is_incomplete(podero_server, podero_client):
    podero_server.script(
        "GET",
        USERS_PATH,
        Reply(
            json={"results": [{"id": ANN, "email": "a@example.com"}], "next": "https://evil.example/users"}
        ),
    )

    users = list_users(podero_client)

    assert len(users) == 1
    assert users.incomplete is True
    assert [r.path for r in podero_server.received if "users" in r.path] == [USERS_PATH]


def test_creating_a_user_sends_role_email_and_the_customer_number(sandbox):
    created = create_user(get_client(), email="new@example.com", customer_number="C20001", first_name="Nia")

    assert created is not None
    assert created.customer_number == "C20001"
    [request] = sandbox.writes()
    assert request["json"] == {
        "role": "user",
        "email": "new@example.com",
        "external_user_id": "C20001",
        "first_name": "Nia",
    }


@pytest.mark.parametrize(
    ("reading", "error"),
    [
        ("conflict", podero.PoderoConflict),
        ("bad_request", podero.PoderoRefused),
        ("unprocessable", podero.PoderoRejected),
    ],
)
def test_a_taken_customer_number_is_a_typed_refusal_under_each_reading(sandbox, reading, error):
    sandbox.reading(duplicate_user=reading)

    with pytest.raises(error):
        create_user(get_client(), email="other@example.com", customer_number="portal-bob")


def test_a_user_creation_that_timed_out_may_exist(sandbox):
    sandbox.fault(method="POST", path_contains="/users", status=504)

    with pytest.raises(podero.PoderoUnavailable) as raised:
        create_user(get_client(), email="other@example.com", customer_number="C30000")

    assert raised.value.outcome_unknown is True
    assert len(sandbox.writes()) == 1


def test_standing_tells_an_active_a_deleted_and_an_unknown_user_apart(sandbox):
    sandbox.control("POST", f"users/{seed.BOB_USER_ID}/delete")
    client = get_client()

    assert standing(client, UUID(seed.ALICE_USER_ID)) is Standing.ACTIVE
    assert standing(client, UUID(seed.BOB_USER_ID)) is Standing.DELETED
    assert standing(client, UUID(ANN)) is Standing.UNKNOWN
