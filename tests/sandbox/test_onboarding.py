"""Device onboarding sessions in the sandbox (podero-api.md §9.3): POST and GET /device-onboarding, the Connect page
that adds the device, expiry, and the readings where the docs are silent."""

from datetime import UTC, datetime, timedelta

import pytest
import requests

from podero_sandbox import ALICE_USER_ID

from .conftest import TIMEOUT, assert_refused

BODY = {
    "user_id": ALICE_USER_ID,
    "device_type": "hp",
    "language": "de",
    "price_zone_default": "DE_LU",
    "is_smart_optimization_active_default": True,
    "success_url": "https://portal.example/done",
    "cancel_url": "https://portal.example/cancelled",
}


def today():
    return datetime.now(UTC).date()  # the sandbox's days are UTC's


def onboarding(api, method="POST", tail="", **kwargs):
    url = f"{api.url}/api/partners/v2.0/device-onboarding{tail}"
    return api.session.request(method, url, timeout=TIMEOUT, **kwargs)


def test_a_session_answers_the_documented_shape_valid_until_the_end_of_the_next_day(api):
    response = onboarding(api, json=BODY)

    assert response.status_code == 200
    session = response.json()
    assert set(session) == {
        "authentication_url", "id", "user", "success_url", "cancel_url", "expiration_date", "object_id",
        "external_metadata",
    }  # fmt: skip
    assert session["authentication_url"].endswith(
        f"/connect/onboarding?onboarding_session_id={session['id']}"
    )
    assert (session["user"], session["object_id"]) == (ALICE_USER_ID, None)
    assert datetime.fromisoformat(session["expiration_date"]).date() >= today()
    assert onboarding(api, "GET", f"/{session['id']}").json() == session


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"language": "fr"}, "language"),
        ({"price_zone_default": "DE"}, "price_zone_default"),
        ({"device_type": "car"}, "device_type"),
        ({"success_url": "x" * 8001}, "success_url"),
        ({"user_id": "not-a-uuid"}, "user_id"),
        ({"cancel_url": None}, "cancel_url"),
    ],
)
def test_a_bad_field_is_a_422_in_django_ninjas_shape(api, control, change, field):
    response = onboarding(api, json=BODY | change)

    assert_refused(response, [field])
    assert control("GET", "device-onboarding") == []


def test_an_unknown_user_is_a_404(api):
    assert onboarding(api, json=BODY | {"user_id": "0a11ce00-0000-4000-8000-00000000ffff"}).status_code == 404


def test_connecting_adds_a_device_of_the_type_and_names_it_in_object_id(api, control):
    session = onboarding(api, json=BODY).json()
    before = {device["id"] for device in api.get("heat-pumps").json()}

    answer = connect(session)

    assert (answer.status_code, answer.headers["Location"]) == (303, BODY["success_url"])
    added = {device["id"] for device in api.get("heat-pumps").json()} - before
    assert [onboarding(api, "GET", f"/{session['id']}").json()["object_id"]] == list(added)
    assert requests.get(session["authentication_url"], timeout=TIMEOUT).status_code == 410  # used once


def test_under_the_null_reading_object_id_stays_null(api, control):
    control("POST", "readings", {"onboarding_object_id": "null"})
    session = onboarding(api, json=BODY).json()
    requests.post(
        session["authentication_url"].split("?")[0],
        data={"onboarding_session_id": session["id"], "decision": "connect"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )

    assert onboarding(api, "GET", f"/{session['id']}").json()["object_id"] is None


@pytest.mark.parametrize(("reading", "status"), [("readable", 200), ("not_found", 404)])
def test_an_expired_session_says_so_on_its_page_and_reads_back_per_reading(api, control, reading, status):
    control("POST", "readings", {"onboarding_expired": reading})
    session = onboarding(api, json=BODY).json()

    control("POST", f"device-onboarding/{session['id']}/expire")

    page = requests.get(session["authentication_url"], timeout=TIMEOUT)
    assert page.status_code == 410
    assert "Dieser Link ist abgelaufen" in page.text  # in the session's language
    assert BODY["cancel_url"] in page.text
    read = onboarding(api, "GET", f"/{session['id']}")
    assert read.status_code == status
    if status == 200:
        assert datetime.fromisoformat(read.json()["expiration_date"]).date() == today() - timedelta(days=1)


def connect(session):
    return requests.post(
        session["authentication_url"].split("?")[0],
        data={"onboarding_session_id": session["id"], "decision": "connect"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def test_a_wallbox_is_added_through_the_kind_registered_for_it(api):
    before = {wallbox["id"] for wallbox in api.get("wallboxes").json()}
    session = onboarding(api, json=BODY | {"device_type": "wb"}).json()

    assert connect(session).status_code == 303
    [wallbox] = [found for found in api.get("wallboxes").json() if found["id"] not in before]
    assert onboarding(api, "GET", f"/{session['id']}").json()["object_id"] == wallbox["id"]


def test_faults_apply_to_onboarding_like_any_api_call(api, control):
    control("POST", "faults", {"status": 503, "path_contains": "/device-onboarding", "count": 1})

    assert onboarding(api, json=BODY).status_code == 503
    assert onboarding(api, json=BODY).status_code == 200
