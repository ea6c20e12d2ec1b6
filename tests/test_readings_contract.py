"""The pages and actions under every reading the sandbox offers of what Podero's docs leave open.

For each reading (podero_sandbox/readings.py): My devices, each device page, pause and resume, Charge now, saving
the same target every day and saving targets for each day, through the Django test client against the sandbox in a
thread. Every page renders (no 500, no whole-page outage for one odd field), the homeowner reads the sentence that
is true, Podero ends up in the state asked for, and the log names what was unusual about Podero's answer, in one
line per answer, without a token or a body.
"""

import html
import logging
import re

import pytest
import requests
from django.urls import reverse

import podero_sandbox as seed
from podero_sandbox.readings import QUESTIONS
from tests.helpers import CONFIRMED, HTMX, action_url, page_url

OUTAGE = "We couldn't"
ANSWERS_LOG = "preferences.podero.answers"

# Every answer of every question but the defaults, each on its own; and the defaults. A question added to the
# sandbox is covered here at once; add its log lines to CAUSES.
VARIANTS = {"default": {}} | {
    f"{name}={answer}": {name: answer}
    for name, question in QUESTIONS.items()
    for answer in question.answers
    if answer != question.default
}

# What the one log line of an answer says under a reading, and which scenarios meet that answer.
NO_POLICY_200 = (
    "charge-policy answered 200: no weekly charge policy",
    {"ev page", "weekly schedule", "admin"},
)
NO_POLICY_404 = (
    "charge-policy answered 404: no weekly charge policy",
    {"ev page", "weekly schedule", "admin"},
)
EVERY_SCENARIO = {
    "my devices",
    "ev page",
    "device page",
    "pause and resume",
    "charge now",
    "charge deadline",
    "weekly schedule",
    "admin",
}
CAUSES = {
    # Each test has a new client, so each one asks for a token.
    "token_expiry=absent": [("token without a usable expires_in, kept for 3600 s", EVERY_SCENARIO)],
    "charge_policy=data_null": [NO_POLICY_200],
    "charge_policy=not_found": [NO_POLICY_404],
    "write_answer=no_content": [
        (
            "answered 204: applied, answered without the device",
            {"pause and resume", "charge deadline", "admin"},
        ),
        ("charge-policy answered 204: applied, answered without the policy", {"weekly schedule"}),
    ],
    "write_answer=ok": [
        (
            "answered 200: applied, but the answer is not the device",
            {"pause and resume", "charge deadline", "admin"},
        ),
        ("charge-policy answered 200: applied, but the answer is not the policy", {"weekly schedule"}),
    ],
    "write_answer=ok_text": [
        (
            "answered 200: applied, but the answer is not the device (the body is not JSON)",
            {"pause and resume", "charge deadline", "admin"},
        ),
        (
            "charge-policy answered 200: applied, but the answer is not the policy (the body is not JSON)",
            {"weekly schedule"},
        ),
    ],
    # Values no sentence can state as they are: read as unknown (logged), each page saying so or leaving them out.
    "odd_values=battery_out_of_range": [("field 'battery_", {"my devices"})],
    "odd_values=other_currency": [("savings: metadata.units names a currency other than EUR", {"cards"})],
    "odd_values=huge": [("unreadable fields left out", {"cards"})],
    "odd_values=far_dates": [("unreadable fields left out", set())],
    "device_list=one_unreadable": [
        (
            "electric-vehicles answered 200: device 2 of 2 left out (field 'id': unexpected str value)",
            {"my devices", "admin"},
        ),
    ],
}


@pytest.fixture(params=list(VARIANTS))
def variant(request, sandbox):
    sandbox.reading(**VARIANTS[request.param])
    return request.param


@pytest.fixture
def answer_log(caplog, variant, sandbox):
    """Check, after the test, that each answer log line names the variant's cause, and that the scenario's
    cause was logged; call it with the scenario's name."""
    caplog.set_level(logging.INFO, logger=ANSWERS_LOG)
    seen: dict[str, str] = {}

    def expect(scenario: str) -> None:
        seen["scenario"] = scenario

    yield expect
    records = caplog.get_records("call")
    lines = [r.getMessage() for r in records if r.name == ANSWERS_LOG]
    causes = CAUSES.get(variant, [])
    unexplained = [line for line in lines if not any(cause in line for cause, _ in causes)]
    assert unexplained == []
    for cause, scenarios in causes:
        if seen.get("scenario") in scenarios:
            assert any(cause in line for line in lines), f"no log line says {cause!r}"
    everything = "\n".join(r.getMessage() for r in records)
    assert "Bearer" not in everything
    assert "ev-from-the-future" not in everything  # a value from Podero's body
    errors = [r for r in records if r.levelno >= logging.ERROR]
    assert errors == []


def text(response) -> str:
    return html.unescape(response.content.decode())


def names_in(variant: str) -> dict[str, str]:
    if variant == "nulls=optional":  # no device_model: each device is named by its kind
        return {"heat pump": "Heat pump", "ev": "Electric vehicle", "inverter": "Solar inverter"}
    return {"heat pump": "Nibe S-Series", "ev": "Tesla Model 3", "inverter": "Fronius Symo GEN24 10.0 Plus"}


def test_my_devices_shows_every_device_it_can_read(client, variant, answer_log, alice):
    answer_log("my devices")
    client.force_login(alice.user)

    response = client.get(reverse("preferences:dashboard"))

    assert response.status_code == 200
    page = text(response)
    assert OUTAGE not in page
    for name in names_in(variant).values():
        assert name in page
    if variant == "device_list=one_unreadable":
        assert "1 device could not be shown." in page
    else:
        assert "could not be shown" not in page


@pytest.mark.parametrize("kind", ["heat pump", "ev", "inverter"])
def test_each_device_page_renders_what_podero_said(
    client, variant, answer_log, sandbox, alice_heat_pump, alice_ev, alice_inverter, kind
):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    answer_log("ev page" if kind == "ev" else "device page")
    device = {"heat pump": alice_heat_pump, "ev": alice_ev, "inverter": alice_inverter}[kind]
    client.force_login(device.homeowner.user)

    response = client.get(page_url(device))

    assert response.status_code == 200
    page = text(response)
    assert OUTAGE not in page
    assert names_in(variant)[kind] in page
    if kind == "ev" and variant != "nulls=optional":
        assert "265 km" in page  # 265.4 under fractions, read to the nearest kilometre
        assert 'name="ready_by" value="07:00"' in response.content.decode()
    if kind == "ev" and variant.startswith("charge_policy="):
        assert "No per-day targets yet: the same target applies every day." in page


@pytest.mark.parametrize("device_name", ["heat pump", "inverter"])
def test_pause_and_resume_say_what_happened(
    client, variant, answer_log, sandbox, alice_heat_pump, alice_inverter, device_name
):
    answer_log("pause and resume")
    device = alice_heat_pump if device_name == "heat pump" else alice_inverter
    client.force_login(device.homeowner.user)

    paused = client.post(action_url(device, "pause"), headers=HTMX)
    assert sandbox.device(device.podero_id)["is_smart_optimization_active"] is False
    resumed = client.post(action_url(device, "resume"), headers=HTMX)

    assert (paused.status_code, resumed.status_code) == (200, 200)
    assert "Smart optimization is paused." in text(paused)
    if variant == "heat_pump_cues=lapsed" and device_name == "heat pump":
        # Switched on, but Podero cannot steer a heat pump whose manufacturer connection lapsed: said so.
        assert "Reconnect it first" in text(resumed)
    else:
        assert "Smart optimization is on." in text(resumed)
    assert "may still take effect" not in text(paused) + text(resumed)
    assert sandbox.device(device.podero_id)["is_smart_optimization_active"] is True
    assert len(sandbox.writes()) == 2


def test_charge_now_says_what_happened(client, variant, answer_log, sandbox, alice_ev):
    answer_log("charge now")
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX)

    assert response.status_code == 200
    if variant == "nulls=optional":  # Podero does not say whether the car is plugged in
        assert "Podero accepted the request." in text(response)
    else:
        assert "at full speed" in text(response)
    assert [(w["method"], w["path"].rsplit("/", 1)[1]) for w in sandbox.writes()] == [("POST", "boost")]


def test_saving_the_same_target_every_day_says_saved_and_podero_has_it(
    client, variant, answer_log, sandbox, alice_ev
):
    answer_log("charge deadline")
    client.force_login(alice_ev.homeowner.user)

    response = client.post(
        action_url(alice_ev, "charging-plan"),
        {"choice": "daily", "ready_by": "06:10", "minimum_charge": "71"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Saved. Now in force: Every day at least 71 % by 06:10" in text(response)
    stored = sandbox.device(seed.ALICE_EV_ID)
    assert (
        stored["is_charge_policy_enabled"],
        stored["charge_deadline_at"],
        stored["minimum_charge_limit"],
    ) == (
        True,
        "06:10",
        71,
    )


def test_saving_targets_for_each_day_says_saved_and_podero_has_it(
    client, variant, answer_log, sandbox, alice_ev
):
    answer_log("weekly schedule")
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)
    week = {"choice": "weekly", "timezone": "Europe/Vienna", "starts": "mon,sat"}
    week |= {"mon_percentage": "60", "mon_deadline": "06:40", "sat_percentage": "50", "sat_deadline": "10:00"}

    response = client.post(action_url(alice_ev, "charging-plan"), week, headers=HTMX)

    assert response.status_code == 200
    page = text(response)
    assert (
        "Saved. Now in force: Weekdays at least 60 % by 06:40, weekends 50 % by 10:00, Europe/Vienna" in page
    )
    assert OUTAGE not in page
    policy = sandbox.device(seed.ALICE_EV_ID)["charge_policy"]
    assert policy["timezone"] == "Europe/Vienna"
    assert policy["mon"] == {"charge_percentage": 60, "charge_deadline": "06:40"}
    assert policy["sun"] == {"charge_percentage": 50, "charge_deadline": "10:00"}


def test_staff_see_and_act_on_the_devices_in_the_admin(client, variant, answer_log, sandbox, maria, alice):
    answer_log("admin")
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(maria)
    devices = reverse("admin:preferences_homeowner_devices", args=[alice.pk])

    shown = client.get(devices)
    pause = reverse("admin:preferences_homeowner_pause", args=[alice.pk, seed.ALICE_HEAT_PUMP_ID])
    acted = client.post(pause, {"reason": "Asked by phone"}, follow=True)

    assert shown.status_code == 200
    page = text(shown)
    for name in names_in(variant).values():
        assert name in page
    assert OUTAGE not in page
    assert acted.status_code == 200
    assert "Smart optimization is paused." in text(acted)
    assert sandbox.device(seed.ALICE_HEAT_PUMP_ID)["is_smart_optimization_active"] is False


def test_undo_puts_back_what_the_change_replaced(
    client, variant, answer_log, sandbox, alice_heat_pump, alice_ev
):
    answer_log("pause and resume")
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_heat_pump.homeowner.user)
    paused = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    undo = re.search(r'action="(/changes/\d+/undo/)"', paused.content.decode())

    assert undo is not None, "a pause Podero applied offers Undo"
    undone = client.post(undo[1], headers=HTMX)

    assert undone.status_code == 200
    assert "Undone: back to how it was before." in text(undone)
    assert sandbox.device(seed.ALICE_HEAT_PUMP_ID)["is_smart_optimization_active"] is True


def test_a_heat_pump_reconnects_and_the_page_says_so(client, variant, answer_log, sandbox, alice_heat_pump):
    """Through its reauthenticate cue when it lists one (heat_pump_cues=lapsed), else through auth_session; the
    manufacturer's stand-in sends the homeowner back, and the page says the heat pump is connected again."""
    answer_log("reconnect")
    client.force_login(alice_heat_pump.homeowner.user)

    started = client.post(action_url(alice_heat_pump, "reconnect"), headers=HTMX)
    assert started.status_code == 204
    url = started.headers["HX-Redirect"]
    session_id = url.split("session_id=")[1]
    back = requests.post(
        url.split("?")[0],
        data={"session_id": session_id, "decision": "approve"},
        allow_redirects=False,
        timeout=5,
    ).headers["Location"]
    page = client.get(back.removeprefix("http://testserver"))

    assert page.status_code == 200
    assert "is connected again" in text(page)
    tails = [w["path"].rsplit("/", 1)[1] for w in sandbox.writes()]
    assert tails == (["resolve", "state"] if variant == "heat_pump_cues=lapsed" else ["auth_session"])
    assert [a["code"] for a in sandbox.device(seed.ALICE_HEAT_PUMP_ID)["actions"]] == (
        ["information"] if variant == "heat_pump_cues=lapsed" else []
    )


@pytest.mark.parametrize("kind", ["heat pump", "ev", "inverter"])
def test_each_device_page_with_every_card_renders(
    client, variant, answer_log, sandbox, alice_heat_pump, alice_ev, alice_inverter, kind
):
    """With ?cards=all the savings and charging history cards are in the page itself: what Podero said of
    savings, energy and sessions, under every reading, states something true or says it cannot be shown."""
    answer_log("cards")
    device = {"heat pump": alice_heat_pump, "ev": alice_ev, "inverter": alice_inverter}[kind]
    client.force_login(device.homeowner.user)

    response = client.get(page_url(device) + "?cards=all")

    assert response.status_code == 200
    page = text(response)
    assert "We couldn't load" not in page
    if variant == "odd_values=negative_savings":
        assert "smart optimization cost you €5.50 more than without it." in page
        assert "less than without it" not in page
    if variant == "odd_values=other_currency":
        assert "Podero reported the savings in CHF, not in euros" in page
    if variant == "odd_values=huge":
        assert "e+300" not in page
        assert "1,000,000,000" not in page
    if variant == "odd_values=far_dates" and kind == "ev":
        assert "Podero sent some details of these sessions that cannot be shown" in page


def test_my_devices_with_the_month_total_renders(client, variant, answer_log, alice_heat_pump, alice_ev):
    answer_log("cards")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(reverse("preferences:dashboard") + "?cards=all")

    assert response.status_code == 200
    assert "month-total" in response.content.decode()
