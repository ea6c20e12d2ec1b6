"""An EV's smart charging switch: Podero's `is_smart_optimization_active` on the car (podero-api.md §5.3), written
with exactly one PUT of that one field, in the homeowner's words, undoable, in the audit trail."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from preferences.models import Change
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.audit.test_undo import undo_url
from tests.helpers import GERMAN, HTMX, action_url, page_url, podero_path


def test_the_car_page_has_a_smart_charging_switch_as_podero_reports_it(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    page = client.get(page_url(alice_ev)).content.decode()

    assert "Smart charging" in page
    assert f'action="{action_url(alice_ev, "smart-charging-off")}"' in page
    assert 'role="switch" aria-checked="true"' in page


def test_turning_it_off_sends_exactly_that_field_and_says_what_it_means(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "smart-charging-off"), headers=HTMX)

    assertContains(response, "Smart charging is off. Your car charges as its own settings say")
    assertContains(response, 'role="switch" aria-checked="false"')
    assertContains(response, "You turned smart charging off")
    [write] = sandbox.writes()
    assert (write["method"], write["path"], write["body"]) == (
        "PUT",
        podero_path(alice_ev),
        '{"is_smart_optimization_active": false}',
    )
    assert sandbox.device(seed.ALICE_EV_ID)["is_smart_optimization_active"] is False
    change = Change.objects.get()
    assert (change.intent, change.get_intent_display(), change.outcome) == (
        Change.Intent.SMART_CHARGING_OFF,
        "Turn smart charging off",
        Change.Outcome.SUCCEEDED,
    )


def test_turning_it_on_again(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_smart_optimization_active=False)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "smart-charging-on"), headers=HTMX)

    assertContains(response, "Smart charging is on.")
    assert [w["json"] for w in sandbox.writes()] == [{"is_smart_optimization_active": True}]
    assert Change.objects.get().intent == Change.Intent.SMART_CHARGING_ON


def test_undo_turns_it_back_on_with_one_request_recorded_as_smart_charging(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)
    off = client.post(action_url(alice_ev, "smart-charging-off"), headers=HTMX)

    response = client.post(undo_url(off), headers=HTMX)

    assertContains(response, "Undone")
    assert [w["json"] for w in sandbox.writes()] == [
        {"is_smart_optimization_active": False},
        {"is_smart_optimization_active": True},
    ]
    undo = Change.objects.first()
    assert (undo.intent, undo.undoes) == (Change.Intent.SMART_CHARGING_ON, Change.objects.last())


def test_without_javascript_the_page_says_what_happened(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    client.post(action_url(alice_ev, "smart-charging-off"))

    assertContains(client.get(page_url(alice_ev)), "Smart charging is off.")


@pytest.mark.parametrize(
    ("fault", "said", "status"),
    [
        ({"status": 503}, "Nothing was changed", 503),
        ({"status": 422}, "Podero did not accept these values", 422),
        ({"status": 409}, "Podero refused this change", 503),
        ({"status": 500}, "may still take effect", 503),
    ],
)
def test_a_podero_failure_is_said_in_plain_words_and_the_switch_stays(
    client, sandbox, alice_ev, fault, said, status
):
    sandbox.fault(method="PUT", **fault)
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "smart-charging-off"), headers=HTMX)

    assertContains(response, said, status_code=response.status_code)
    assertNotContains(response, "Smart charging is off.", status_code=response.status_code)
    assert sandbox.device(seed.ALICE_EV_ID)["is_smart_optimization_active"] is True


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sends_one_write_and_records_one_change(sandbox, alice_ev):
    sandbox.fault(latency_ms=300, method="PUT")
    sandbox.clear_requests()

    responses = at_once(5, action_url(alice_ev, "smart-charging-off"), session_of(alice_ev.homeowner))

    assert len(sandbox.writes()) == 1
    assert Change.objects.filter(intent=Change.Intent.SMART_CHARGING_OFF).count() == 1
    assert all("Smart charging is off." in r.content.decode() for r in responses)


def test_in_german(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    response = client.post(action_url(alice_ev, "smart-charging-off"), headers={**HTMX, **GERMAN})

    assertContains(response, "Intelligentes Laden ist aus.")


def test_a_heat_pump_has_no_smart_charging(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    assert client.post(f"{page_url(alice_heat_pump)}smart-charging-off/").status_code == 404
