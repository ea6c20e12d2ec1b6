"""The request journal: every API call, as received, with the status it got; control calls left out."""

import time

from podero_sandbox import ALICE_HEAT_PUMP_ID

from .conftest import fetch_token


def test_the_journal_records_every_api_request_oldest_first_with_its_status(server, api, control):
    api.put(f"heat-pumps/{ALICE_HEAT_PUMP_ID}", json={"comment": "hello"}, params={"dry": "no"})
    api.get("inverters")

    token_request, put, get = control.requests()

    assert (token_request["method"], token_request["path"], token_request["status"]) == (
        "POST",
        "/oauth2/token/",
        200,
    )
    assert token_request["headers"]["authorization"].startswith("Basic ")
    assert token_request["json"] == {"grant_type": "client_credentials"}
    assert put.pop("at") <= time.time()
    assert put == {
        "method": "PUT",
        "path": api.path(f"heat-pumps/{ALICE_HEAT_PUMP_ID}"),
        "query": "dry=no",
        "headers": {
            "authorization": api.session.headers["Authorization"],
            "content-type": "application/json",
        },
        "body": '{"comment": "hello"}',
        "json": {"comment": "hello"},
        "status": 200,
    }
    assert (get["method"], get["path"], get["body"], get["json"], get["status"]) == (
        "GET",
        api.path("inverters"),
        "",
        None,
        200,
    )


def test_the_journal_records_refused_requests_too(api, control):
    api.put(f"heat-pumps/{ALICE_HEAT_PUMP_ID}", data="{oops", headers={"Content-Type": "application/json"})

    last = control.requests()[-1]

    assert (last["body"], last["json"], last["status"]) == ("{oops", None, 422)


def test_control_calls_are_not_journaled(server, control):
    control("GET", "faults")
    control.device(ALICE_HEAT_PUMP_ID)

    assert control.requests() == []


def test_the_journal_can_be_cleared(server, control):
    fetch_token(server.url)

    control("DELETE", "requests")

    assert control.requests() == []
