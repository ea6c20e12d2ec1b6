"""Cues (podero-api.md §9.4): a device's actions read into cues, and the three cue calls as Podero sees them,
with their refusals as typed errors. The secret travels in the query only, never in a logged path."""

import logging

import pytest

from preferences import podero
from preferences.podero.cues import Cue, CueGone, CueRefused, mark_read, read_cues, report, resolve

from .conftest import Reply

CUE_ID = "c0e00000-0000-4000-8000-000000000002"
INFO_ID = "c0e00000-0000-4000-8001-000000000002"
ACTIONS = [
    {
        "code": "reauthenticate",
        "resolution_link": {
            "url": f"/api/partners/v2.0/cues/{CUE_ID}/resolve?secret=s3cr3t-cue",
            "required_parameters": ["successUrl", "cancelUrl"],
        },
    },
    {
        "code": "information",
        "title": "New prices",
        "message": "Prices change in January.",
        "resolution_link": {"url": f"https://app.podero.com/api/partners/v2.0/cues/{INFO_ID}/x?secret=i"},
    },
    {"code": "information"},  # no link: nothing to act on
    {"code": "something_new", "resolution_link": {"url": "/cues/abc/resolve?secret=x"}},
    "not an action",
]
CUE = Cue(code="reauthenticate", id=CUE_ID, secret="s3cr3t-cue", required=("successUrl", "cancelUrl"))


def cue_path(tail: str, secret: str = "s3cr3t-cue") -> str:  # noqa: S107 - a test cue's
    return f"/api/partners/v2.0/cues/{CUE_ID}/{tail}?secret={secret}"


def test_a_devices_actions_are_read_into_cues_it_can_act_on():
    cues = read_cues(ACTIONS)

    assert cues.reconnect == CUE
    [note] = cues.information
    assert (note.id, note.secret, note.title, note.text) == (
        INFO_ID,
        "i",
        "New prices",
        "Prices change in January.",
    )
    assert read_cues(None).all == ()
    assert read_cues({"actions": 1}).reconnect is None


def test_a_device_state_offers_its_cues():
    state = podero.parse_device(
        "heat-pumps",
        {
            "id": "2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            "is_smart_optimization_active": True,
            "is_authenticated": False,
            "actions": ACTIONS,
        },
    )

    assert state.cues.reconnect == CUE
    assert state.needs_reconnect


def test_resolve_posts_the_camel_case_body_with_the_secret_in_the_query(podero_server, podero_client, caplog):
    caplog.set_level(logging.DEBUG)
    podero_server.script(
        "POST", cue_path("resolve"), Reply(json={"redirect_url": "https://connect.example/x"})
    )

    started = podero_client.send(
        resolve(
            CUE, success_url="https://portal/done?cue=1", cancel_url="https://portal/cancel", language="de"
        )
    )

    assert started is not None
    assert started.redirect_url == "https://connect.example/x"
    [call] = podero_server.calls("POST")
    assert call.json() == {
        "successUrl": "https://portal/done?cue=1",
        "cancelUrl": "https://portal/cancel",
        "language": "de",
    }
    assert call.headers["authorization"].startswith("Bearer ")
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("preferences")]
    assert ours
    assert not [line for line in ours if "s3cr3t-cue" in line]


def test_the_call_records_its_path_without_the_secret():
    call = resolve(CUE, success_url="a", cancel_url="b")

    assert call.path == f"/cues/{CUE_ID}/resolve"
    assert "s3cr3t" not in call.path
    assert call.query == {"secret": "s3cr3t-cue"}


@pytest.mark.parametrize("succeeded", [True, False])
def test_report_says_success_or_fail(podero_server, podero_client, succeeded):
    podero_server.script("POST", cue_path("state"), Reply(json={"action_id": CUE_ID}))

    podero_client.send(report(CUE, succeeded=succeeded))

    [call] = podero_server.calls("POST")
    assert call.json() == {"state": "success" if succeeded else "fail"}


def test_a_404_on_state_is_a_cue_no_longer_active(podero_server, podero_client):
    podero_server.script("POST", cue_path("state"), Reply(status=404, json={"detail": "Not Found"}))

    with pytest.raises(CueGone) as raised:
        podero_client.send(report(CUE, succeeded=True))

    assert isinstance(raised.value, podero.PoderoNotFound)
    assert "s3cr3t" not in str(raised.value)


@pytest.mark.parametrize("status", [400, 403, 405])
def test_refusals_on_any_cue_call_are_cue_refused(podero_server, podero_client, status):
    info = Cue(code="information", id=CUE_ID, secret="s3cr3t-cue")
    for tail in ("resolve", "state", "information/resolve"):
        podero_server.script("POST", cue_path(tail), Reply(status=status, json={"detail": "no"}))

    for call in (
        resolve(CUE, success_url="a", cancel_url="b"),
        report(CUE, succeeded=False),
        mark_read(info),
    ):
        with pytest.raises(CueRefused) as raised:
            podero_client.send(call)
        assert raised.value.status == status


def test_mark_read_posts_to_information_resolve(podero_server, podero_client):
    info = Cue(code="information", id=INFO_ID, secret="i")
    path = f"/api/partners/v2.0/cues/{INFO_ID}/information/resolve?secret=i"
    podero_server.script("POST", path, Reply(json={"action_id": INFO_ID}))

    podero_client.send(mark_read(info))

    assert [call.path for call in podero_server.calls("POST")] == [path]


def test_an_id_that_could_leave_the_path_is_refused_before_any_request():
    with pytest.raises(ValueError, match="not a cue id"):
        report(Cue(code="reauthenticate", id="../users", secret="x"), succeeded=True)
