"""The organisation's users: the list (with device counts, onboarding and last sign-in), creating one by the
partner's customer number, and what a duplicate or a bad body gets (podero-api.md §9.1)."""

import pytest
import requests

from podero_sandbox import ALICE_USER_ID, BOB_USER_ID, ORG_ID

from .conftest import TIMEOUT, Control, assert_refused, fetch_token


class Users:
    def __init__(self, url: str) -> None:
        self.url = f"{url}/api/partners/v2.0/org/{ORG_ID}/users"
        self.headers = {"Authorization": f"Bearer {fetch_token(url)}"}

    def list(self, **query: str) -> requests.Response:
        return requests.get(self.url, params=query, headers=self.headers, timeout=TIMEOUT)

    def create(self, body: object) -> requests.Response:
        return requests.post(self.url, json=body, headers=self.headers, timeout=TIMEOUT)


@pytest.fixture
def users(server) -> Users:
    return Users(server.url)


def test_the_list_is_a_plain_array_with_device_counts_onboarding_and_last_sign_in(users):
    response = users.list()

    assert response.status_code == 200
    alice, bob = response.json()
    assert alice["id"] == ALICE_USER_ID
    assert bob["id"] == BOB_USER_ID
    assert alice["organization_id"] == ORG_ID
    assert (alice["num_heat_pumps"], alice["num_electric_vehicles"], alice["num_inverters"]) == (1, 1, 1)
    assert (bob["num_heat_pumps"], bob["num_electric_vehicles"], bob["num_inverters"]) == (1, 1, 0)
    assert alice["num_wallboxes"] == 0
    assert alice["is_onboarded"] is True
    assert alice["last_login"].endswith("Z")
    assert bob["last_login"] is None
    assert alice["external_user_id"] == "portal-alice"


def test_demo_users_without_an_external_id_get_the_customer_number_of_their_place(control, users):
    control("POST", "users", {"email": "carol@example.com", "heat_pumps": 1})
    control("POST", "users", {"email": "dave@example.com", "external_user_id": "K-7"})
    control("POST", "users", {"email": "erin@example.com"})

    numbers = {user["email"]: user["external_user_id"] for user in users.list().json()}

    assert numbers["carol@example.com"] == "C10003"
    assert numbers["dave@example.com"] == "K-7"
    assert numbers["erin@example.com"] == "C10005"


def test_creating_a_user_with_the_customer_number_lists_it_not_onboarded(users):
    response = users.create({"role": "user", "email": "new@example.com", "external_user_id": "C20001"})

    assert response.status_code == 200
    created = response.json()
    assert created["external_user_id"] == "C20001"
    assert created["email"] == "new@example.com"
    assert created["is_onboarded"] is False
    assert created["num_heat_pumps"] == 0
    assert created in users.list().json()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"email": "x@example.com"}, [["role"]]),
        ({"role": "user"}, [["email"]]),
        ({"role": "owner", "email": "x@example.com"}, [["role"]]),
        ({"role": "user", "email": "no-at-sign"}, [["email"]]),
        ({"role": "user", "email": "x@example.com", "language": "de"}, [["language"]]),
        ({"role": "user", "email": "x@example.com", "external_user_id": 42}, [["external_user_id"]]),
    ],
)
def test_a_bad_body_is_refused_field_by_field_and_creates_nobody(users, body, fields):
    response = users.create(body)

    assert_refused(response, *fields)
    assert len(users.list().json()) == 2


@pytest.mark.parametrize(
    ("reading", "status"), [("conflict", 409), ("bad_request", 400), ("unprocessable", 422)]
)
@pytest.mark.parametrize(
    "body",
    [
        {"role": "user", "email": "ALICE@example.com"},
        {"role": "user", "email": "someone@example.com", "external_user_id": "portal-bob"},
    ],
)
def test_a_second_user_with_the_same_email_or_customer_number_is_refused_as_the_reading_says(
    control, users, reading, status, body
):
    control("POST", "readings", {"duplicate_user": reading})

    response = users.create(body)

    assert response.status_code == status
    assert "already exists" in str(response.json()["detail"])
    assert len(users.list().json()) == 2


def test_the_list_in_pages_links_each_next_page_until_the_last(control, users):
    for number in range(150):
        control("POST", "users", {"email": f"u{number}@example.com"})
    control("POST", "readings", {"user_pages": "paginated"})

    first = users.list().json()
    second = requests.get(first["next"], headers=users.headers, timeout=TIMEOUT).json()

    assert first["count"] == 152
    assert len(first["results"]) == 100
    assert len(second["results"]) == 52
    assert second["next"] is None


def test_a_deleted_user_leaves_the_list_and_its_paths_but_stays_with_include_deleted(control, users, api):
    control("POST", f"users/{ALICE_USER_ID}/delete")

    listed = [user["id"] for user in users.list().json()]
    with_deleted = [user["id"] for user in users.list(include_deleted="true").json()]

    assert listed == [BOB_USER_ID]
    assert with_deleted == [ALICE_USER_ID, BOB_USER_ID]
    assert api.get("heat-pumps").status_code == 404


def test_control_sets_onboarding_and_last_sign_in(control: Control, users):
    control("POST", f"users/{BOB_USER_ID}", {"is_onboarded": False, "last_login": "2026-12-01T08:00:00Z"})

    bob = users.list().json()[1]

    assert (bob["is_onboarded"], bob["last_login"]) == (False, "2026-12-01T08:00:00Z")
