"""The sandbox's readings: one switch per answer shape the docs leave open, by control call or command line."""

import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from podero_sandbox import ALICE_EV_ID, ALICE_HEAT_PUMP_ID, ALICE_USER_ID, ORG_ID, SandboxServer
from podero_sandbox.readings import QUESTIONS

USER = f"/api/partners/v2.0/org/{ORG_ID}/users/{ALICE_USER_ID}"


@pytest.fixture
def server():
    with SandboxServer(port=0, boost_start_delay=0) as running:
        yield running


def api(server, method, path, token, **kwargs):
    return requests.request(
        method,
        f"{server.url}{USER}/{path}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
        **kwargs,
    )


@pytest.fixture
def token(server):
    response = requests.post(
        f"{server.url}/oauth2/token/",
        auth=("sandbox-client", "sandbox-secret"),
        json={"grant_type": "client_credentials"},
        timeout=5,
    )
    return response.json()["access_token"]


def choose(server, **chosen):
    response = requests.post(f"{server.url}/_sandbox/readings", json=chosen, timeout=5)
    response.raise_for_status()
    return response.json()


def test_every_question_lists_its_answers_the_default_first_and_the_current_one(server):
    listed = requests.get(f"{server.url}/_sandbox/readings", timeout=5).json()

    assert set(listed) == set(QUESTIONS)
    for name, question in QUESTIONS.items():
        assert listed[name]["current"] == question.default == next(iter(listed[name]["answers"]))


def test_an_unknown_question_or_answer_is_refused_naming_it(server):
    for body, named in [({"colour": "blue"}, "colour"), ({"times": "sundial"}, "sundial")]:
        response = requests.post(f"{server.url}/_sandbox/readings", json=body, timeout=5)
        assert response.status_code == 400
        assert named in response.json()["detail"]


def test_a_reset_goes_back_to_the_readings_it_was_started_with():
    with SandboxServer(port=0, readings={"times": "hh_mm_ss"}) as server:
        choose(server, times="date_time")
        requests.post(f"{server.url}/_sandbox/reset", timeout=5)

        assert (
            requests.get(f"{server.url}/_sandbox/readings", timeout=5).json()["times"]["current"]
            == "hh_mm_ss"
        )


def test_fractions_times_extra_fields_and_nulls_change_only_the_answer(server, token):
    choose(server, numbers="fractions", times="date_time", extra_fields="unknown")

    ev = api(server, "GET", f"electric-vehicles/{ALICE_EV_ID}", token).json()

    assert ev["driving_range"] == pytest.approx(265.4)
    assert ev["minimum_charge_limit"] == 80.0
    assert isinstance(ev["minimum_charge_limit"], float)
    deadline = datetime.fromisoformat(ev["charge_deadline_at"])  # 07:00 in Berlin, as the moment it names
    assert (deadline.tzinfo, deadline.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M")) == (
        UTC,
        "07:00",
    )
    assert ev["energy_flex_index"] == 0.7
    stored = requests.get(f"{server.url}/_sandbox/devices/{ALICE_EV_ID}", timeout=5).json()
    assert (stored["driving_range"], stored["charge_deadline_at"]) == (265, "07:00")

    choose(server, nulls="optional")
    ev = api(server, "GET", f"electric-vehicles/{ALICE_EV_ID}", token).json()
    assert {name for name, value in ev.items() if value is not None} == {
        "id",
        "is_smart_optimization_active",
        "is_authenticated",
    }


def test_a_charge_policy_is_null_or_missing_until_a_weekly_schedule_is_put(server, token):
    choose(server, charge_policy="data_null")
    assert api(server, "GET", f"electric-vehicles/{ALICE_EV_ID}/charge-policy", token).json()["data"] is None

    choose(server, charge_policy="not_found")
    assert api(server, "GET", f"electric-vehicles/{ALICE_EV_ID}/charge-policy", token).status_code == 404

    week = {day: {"charge_percentage": 60, "charge_deadline": "08:00"} for day in QUESTIONS_DAYS}
    api(
        server,
        "PUT",
        f"electric-vehicles/{ALICE_EV_ID}/charge-policy",
        token,
        json={"timezone": "UTC", **week},
    )
    policy = api(server, "GET", f"electric-vehicles/{ALICE_EV_ID}/charge-policy", token).json()
    assert policy["data"]["mon"] == {"charge_percentage": 60, "charge_deadline": "08:00"}


QUESTIONS_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize(
    ("answer", "status", "content_type", "body"),
    [
        ("no_content", 204, None, b""),
        ("ok", 200, "application/json", b'"OK"'),
        ("ok_text", 200, "text/plain", b"OK"),
    ],
)
def test_a_put_answers_204_ok_or_text_and_is_applied_all_the_same(
    server, token, answer, status, content_type, body
):
    choose(server, write_answer=answer)

    response = api(
        server, "PUT", f"heat-pumps/{ALICE_HEAT_PUMP_ID}", token, json={"is_smart_optimization_active": False}
    )

    assert (response.status_code, response.headers.get("Content-Type"), response.content) == (
        status,
        content_type,
        body,
    )
    stored = requests.get(f"{server.url}/_sandbox/devices/{ALICE_HEAT_PUMP_ID}", timeout=5).json()
    assert stored["is_smart_optimization_active"] is False


def test_one_unreadable_device_joins_each_list_of_electric_vehicles(server, token):
    choose(server, device_list="one_unreadable")

    listed = api(server, "GET", "electric-vehicles", token).json()

    assert [ev["id"] for ev in listed] == [ALICE_EV_ID, "ev-from-the-future"]
    assert "is_authenticated" not in listed[1]
    assert len(api(server, "GET", "heat-pumps", token).json()) == 1


def test_the_command_line_takes_readings_and_refuses_unknown_ones():
    refused = subprocess.run(
        [sys.executable, "-m", "podero_sandbox", "--port", "0", "--reading", "times=sundial"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert refused.returncode == 2
    assert "reading 'times' has no answer 'sundial'" in refused.stderr
    assert "numbers=integers|fractions" in subprocess.run(
        [sys.executable, "-m", "podero_sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.replace("\n", " ").replace("  ", " ")
