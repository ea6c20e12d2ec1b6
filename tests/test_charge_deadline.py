"""The daily charge deadline (seed: Set a charge deadline; turning the policy off)."""

from pytest_django.asserts import assertContains

import podero_sandbox as seed
from tests.helpers import HTMX, action_url, podero_path


def form_data(*, enabled, ready_by, minimum_charge, initial=(False, "07:00", 80)):
    """What the browser posts: the fields and the hidden initial values they were shown with."""
    data = {
        "initial-enabled": str(initial[0]),
        "initial-ready_by": initial[1],
        "initial-minimum_charge": str(initial[2]),
        "ready_by": ready_by,
        "minimum_charge": minimum_charge,
    }
    if enabled:
        data["enabled"] = "on"
    return data


def test_turning_the_deadline_on_sends_only_the_changed_fields(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="06:30", minimum_charge="80"),
        headers=HTMX,
    )

    assert response.status_code == 200
    assertContains(response, "Charge deadline saved")
    [write] = sandbox.writes()
    assert (write["method"], write["path"]) == ("PUT", podero_path(alice_ev))
    assert write["json"] == {"is_charge_policy_enabled": True, "charge_deadline_at": "06:30"}


def test_the_seed_call_is_sent_when_all_three_change(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, charge_deadline_at=None, minimum_charge_limit=None)
    client.force_login(alice_ev.homeowner.user)

    client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="07:00", minimum_charge="80", initial=(False, "", "")),
        headers=HTMX,
    )

    assert sandbox.writes()[0]["json"] == {
        "is_charge_policy_enabled": True,
        "charge_deadline_at": "07:00",
        "minimum_charge_limit": 80,
    }


def test_turning_the_deadline_off_sends_only_that(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=False, ready_by="09:00", minimum_charge="80", initial=(True, "07:00", 80)),
        headers=HTMX,
    )

    assertContains(response, "turned off")
    assert [w["json"] for w in sandbox.writes()] == [{"is_charge_policy_enabled": False}]


def test_bad_values_are_shown_at_their_fields_with_what_was_typed_and_nothing_is_sent(
    client, sandbox, alice_ev
):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="7:00", minimum_charge="120"),
        headers=HTMX,
    )

    assert response.status_code == 422
    assertContains(response, "Enter a time as HH:MM", status_code=422)
    assertContains(response, "Enter a whole number from 0 to 100", status_code=422)
    assertContains(response, 'value="7:00"', status_code=422)
    assertContains(response, 'value="120"', status_code=422)
    assert sandbox.writes() == []


def test_a_podero_rejection_is_shown_and_the_form_keeps_its_values(client, sandbox, alice_ev):
    sandbox.fault(status=422, method="PUT", count=1)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="06:45", minimum_charge="70"),
        headers=HTMX,
    )

    assert response.status_code == 422
    assertContains(response, "did not accept", status_code=422)
    assertContains(response, 'value="06:45"', status_code=422)
    assertContains(response, 'value="70"', status_code=422)


def test_without_javascript_a_podero_outage_rerenders_the_page_with_the_typed_values(
    client, sandbox, alice_ev
):
    client.force_login(alice_ev.homeowner.user)
    sandbox.fault(status=503, method="PUT")

    response = client.post(
        action_url(alice_ev, "charge-deadline"),
        form_data(enabled=True, ready_by="06:15", minimum_charge="65"),
    )

    assert response.status_code == 503
    assertContains(response, "<html", status_code=503)
    assertContains(response, "Nothing was changed", status_code=503)
    assertContains(response, 'value="06:15"', status_code=503)
