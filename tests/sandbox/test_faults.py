"""Fault rules: status (with Retry-After and a count), latency, hang, malformed, dropped connections."""

import time

import pytest
import requests

from podero_sandbox import ALICE_EV_ID, ALICE_HEAT_PUMP_ID, SandboxServer

from .conftest import TIMEOUT, PartnerApi

HEAT_PUMP = f"heat-pumps/{ALICE_HEAT_PUMP_ID}"


def elapsed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_a_status_fault_answers_with_that_status_and_retry_after_for_count_requests(api, control):
    control.fault(status=503, count=2, retry_after="1")

    first, second, third = (api.get(HEAT_PUMP) for _ in range(3))

    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.headers["Retry-After"] == "1"
    assert first.headers["Content-Type"] == "application/json"
    assert "detail" in first.json()
    assert control("GET", "faults") == []


def test_a_status_fault_without_a_count_lasts_until_cleared(api, control):
    control.fault(status=500)
    assert [api.get(HEAT_PUMP).status_code for _ in range(3)] == [500, 500, 500]

    control("DELETE", "faults")

    assert api.get(HEAT_PUMP).status_code == 200


def test_a_faulted_write_is_not_applied_and_is_journaled_with_the_fault_status(api, control):
    control.fault(status=502, method="PUT")

    api.put(HEAT_PUMP, json={"comment": "lost"})

    assert control.device(ALICE_HEAT_PUMP_ID)["comment"] == ""
    assert control.requests()[-1]["status"] == 502


def test_a_status_fault_can_carry_its_own_body(api, control):
    control.fault(status=409, body={"state": "unavailable", "reason": "internal_error"}, count=1)

    response = api.post(f"electric-vehicles/{ALICE_EV_ID}/boost")

    assert (response.status_code, response.json()) == (
        409,
        {"state": "unavailable", "reason": "internal_error"},
    )


def test_a_fault_can_be_limited_to_a_method(api, control):
    control.fault(status=503, method="PUT")

    assert api.get(HEAT_PUMP).status_code == 200
    assert api.put(HEAT_PUMP, json={}).status_code == 503


def test_a_fault_can_be_limited_to_paths_containing_a_string(api, control):
    control.fault(status=503, path_contains="/boost")

    assert api.get(f"electric-vehicles/{ALICE_EV_ID}").status_code == 200
    assert api.post(f"electric-vehicles/{ALICE_EV_ID}/boost").status_code == 503


def test_a_fault_can_hit_the_token_endpoint(server, control):
    control.fault(status=503, path_contains="/oauth2/token/", count=1)

    with pytest.raises(requests.HTTPError):
        PartnerApi(server.url)

    assert PartnerApi(server.url).get(HEAT_PUMP).status_code == 200


def test_a_latency_fault_slows_matching_requests_and_answers_normally(api, control):
    control.fault(latency_ms=300, count=1)

    response, seconds = elapsed(lambda: api.get(HEAT_PUMP))

    assert response.status_code == 200
    assert seconds >= 0.3
    assert control("GET", "faults") == []


def test_latencies_of_every_matching_rule_add_up_and_the_first_deciding_rule_answers(api, control):
    control.fault(latency_ms=150, count=1)
    control.fault(latency_ms=150, status=504, count=1)
    control.fault(status=500, count=1)

    response, seconds = elapsed(lambda: api.get(HEAT_PUMP))

    assert response.status_code == 504
    assert seconds >= 0.3
    assert control("GET", "faults") == []


def test_a_hang_fault_answers_late_and_the_write_still_happens(api, control):
    control.fault(hang_seconds=0.4, method="PUT", count=1)

    with pytest.raises(requests.Timeout):
        api.put(HEAT_PUMP, json={"comment": "slow"}, timeout=0.1)

    time.sleep(0.5)
    assert control.device(ALICE_HEAT_PUMP_ID)["comment"] == "slow"


def test_a_hang_fault_waits_before_answering_normally(api, control):
    control.fault(hang_seconds=0.3, count=1)

    response, seconds = elapsed(lambda: api.get(HEAT_PUMP))

    assert response.status_code == 200
    assert seconds >= 0.3


def test_a_hanging_request_is_dropped_if_the_sandbox_is_reset_meanwhile(api, control):
    control.fault(hang_seconds=0.3, method="PUT", count=1)
    with pytest.raises(requests.Timeout):
        api.put(HEAT_PUMP, json={"comment": "from an old test"}, timeout=0.1)

    control("POST", "reset")

    time.sleep(0.4)
    assert control.device(ALICE_HEAT_PUMP_ID)["comment"] == ""
    assert control.requests() == []


def test_a_malformed_fault_answers_200_with_a_body_that_is_not_json(api, control):
    control.fault(malformed=True, count=1)

    response = api.get(HEAT_PUMP)

    assert response.status_code == 200
    with pytest.raises(requests.JSONDecodeError):
        response.json()


def test_a_drop_connection_fault_closes_the_socket_without_answering(api, control):
    control.fault(drop_connection=True, count=1)

    with pytest.raises(requests.ConnectionError):
        api.get(HEAT_PUMP)

    assert api.get(HEAT_PUMP).status_code == 200
    dropped = control.requests()[-2]
    assert (dropped["method"], dropped["status"]) == ("GET", None)


def test_the_global_latency_slows_every_api_request():
    with SandboxServer(port=0, latency_ms=200) as slow:
        _, seconds = elapsed(lambda: requests.get(f"{slow.url}/api/partners/v2.0/", timeout=TIMEOUT))

    assert seconds >= 0.2


def test_the_global_latency_can_be_changed_at_run_time(api, control):
    control.config(latency_ms=200)

    _, seconds = elapsed(lambda: api.get(HEAT_PUMP))

    assert seconds >= 0.2


def test_control_calls_are_never_faulted(server, control):
    control.fault(status=500)

    assert control("GET", "faults")[0]["status"] == 500


def test_the_fault_list_shows_each_rule_with_what_is_left_of_its_count(api, control):
    control.fault(status=503, count=3, method="get")
    api.get(HEAT_PUMP)

    [rule] = control("GET", "faults")

    assert (rule["status"], rule["count"], rule["method"]) == (503, 2, "get")


@pytest.mark.parametrize(
    "rule", [{"stauts": 500}, {"status": "500"}, {"count": 0}, {"malformed": "yes"}, [1]]
)
def test_a_fault_rule_that_makes_no_sense_is_refused(server, rule):
    response = requests.post(f"{server.url}/_sandbox/faults", json=rule, timeout=TIMEOUT)

    assert response.status_code == 400
    assert response.json()["detail"]
