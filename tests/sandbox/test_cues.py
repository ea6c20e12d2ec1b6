"""The sandbox's cues (podero-api.md §9.4), served statefully: a reauthenticate cue is started, signed in at the
manufacturer's stand-in and reported; an information cue is marked read; refusals as the real API would."""

from urllib.parse import parse_qs, urlsplit

import requests

from podero_sandbox import ALICE_HEAT_PUMP_ID, BOB_HEAT_PUMP_ID

from .conftest import TIMEOUT, PartnerApi


def cues_of(api: PartnerApi, device_id: str) -> dict[str, dict]:
    device = api.get(f"heat-pumps/{device_id}").json()
    return {action["code"]: action for action in device["actions"]} | {"_device": device}


def post(api: PartnerApi, url: str, tail: str = "", **kwargs):
    """POST to an action's link (its path with `tail` in place of its last part, its secret kept)."""
    parts = urlsplit(url)
    path = parts.path if not tail else parts.path.rsplit("/", 1)[0] + "/" + tail
    return api.session.post(f"{api.url}{path}?{parts.query}", timeout=TIMEOUT, **kwargs)


def lapsed(server) -> PartnerApi:
    requests.post(f"{server.url}/_sandbox/readings", json={"heat_pump_cues": "lapsed"}, timeout=TIMEOUT)
    return PartnerApi(server.url)


def test_under_the_reading_every_heat_pump_has_lapsed_with_two_cues(server):
    api = lapsed(server)

    cues = cues_of(api, ALICE_HEAT_PUMP_ID)

    assert cues["_device"]["is_authenticated"] is False
    assert cues["_device"]["action_needed"] is True
    assert set(cues) == {"reauthenticate", "information", "_device"}
    assert cues["reauthenticate"]["resolution_link"]["required_parameters"] == ["successUrl", "cancelUrl"]


def test_a_reconnect_through_the_cue_round_trip(server):
    api = lapsed(server)
    link = cues_of(api, ALICE_HEAT_PUMP_ID)["reauthenticate"]["resolution_link"]["url"]
    body = {"successUrl": "https://portal.example/done", "cancelUrl": "https://portal.example/cancelled"}

    started = post(api, link, json=body)
    assert started.status_code == 200
    redirect = started.json()["redirect_url"]
    session_id = parse_qs(urlsplit(redirect).query)["session_id"][0]
    assert requests.get(redirect, timeout=TIMEOUT).status_code == 200
    back = requests.post(
        redirect.split("?")[0],
        data={"session_id": session_id, "decision": "approve"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert back.headers["Location"] == "https://portal.example/done"
    signed_in = cues_of(api, ALICE_HEAT_PUMP_ID)
    assert signed_in["_device"]["is_authenticated"] is True
    assert "reauthenticate" in signed_in  # in progress until its outcome is reported

    reported = post(api, link, "state", json={"state": "success"})

    assert reported.status_code == 200
    assert "reauthenticate" not in cues_of(api, ALICE_HEAT_PUMP_ID)
    assert post(api, link, "state", json={"state": "success"}).status_code == 404  # no longer active


def test_a_failed_outcome_leaves_the_cue_to_try_again(server):
    api = PartnerApi(server.url, user_id="0b0b0000-0000-4000-8000-000000000002")
    link = cues_of(api, BOB_HEAT_PUMP_ID)["reauthenticate"]["resolution_link"]["url"]
    post(api, link, json={"successUrl": "https://p/d", "cancelUrl": "https://p/c"})

    assert post(api, link, "state", json={"state": "fail"}).status_code == 200

    assert "reauthenticate" in cues_of(api, BOB_HEAT_PUMP_ID)
    assert post(api, link, "state", json={"state": "fail"}).status_code == 404  # not started again


def test_an_information_cue_marked_read_is_gone(server):
    api = lapsed(server)
    link = cues_of(api, ALICE_HEAT_PUMP_ID)["information"]["resolution_link"]["url"]

    assert post(api, link, json={}).status_code == 200

    assert "information" not in cues_of(api, ALICE_HEAT_PUMP_ID)
    assert post(api, link, json={}).status_code == 404


def test_refusals(server):
    api = lapsed(server)
    cues = cues_of(api, ALICE_HEAT_PUMP_ID)
    reconnect = cues["reauthenticate"]["resolution_link"]["url"]
    information = cues["information"]["resolution_link"]["url"]
    wrong_secret = reconnect.replace("secret=sandbox", "secret=guess")

    assert (
        post(api, wrong_secret, json={"successUrl": "https://p/d", "cancelUrl": "https://p/c"}).status_code
        == 403
    )
    assert post(api, reconnect, json={"successUrl": "https://p/d"}).json()["detail"][0]["loc"] == [
        "body",
        "payload",
        "cancelUrl",
    ]
    info_as_reconnect = information.replace("/information/resolve", "/resolve")
    assert (
        post(
            api, info_as_reconnect, json={"successUrl": "https://p/d", "cancelUrl": "https://p/c"}
        ).status_code
        == 400
    )
    wrong_code = reconnect.rsplit("/", 1)[0] + "/information/resolve?secret=sandbox"
    assert post(api, wrong_code, json={}).status_code == 400
    assert post(api, reconnect, "state", json={"state": "maybe"}).status_code == 422
