"""A heat pump's savings level: Podero's `optimization_level` (podero-api.md §4.3, Low | Mid | Max), written with
exactly one PUT of that one field, said in the homeowner's words, undoable, in the audit trail."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox as seed
from preferences.models import Change
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.audit.test_undo import undo_url
from tests.helpers import GERMAN, HTMX, action_url, page_url, podero_path


def ticked(html: str) -> list[str]:
    """The levels whose radio button is ticked."""
    return re.findall(r'<input type="radio" name="level" value="(\w+)"[^>]* checked>', html)


def test_the_page_shows_the_level_podero_reports_ticked_in_plain_words(client, sandbox, alice_heat_pump):
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, optimization_level="Max")
    client.force_login(alice_heat_pump.homeowner.user)

    page = client.get(page_url(alice_heat_pump)).content.decode()

    assert "Savings level" in page
    assert ticked(page) == ["Max"]
    for words in ("Gentle", "Balanced", "Maximum savings", "The biggest shifts into cheap hours"):
        assert words in page
    assert "optimization_level" not in page  # Podero's field name stays inside the client


def test_a_level_podero_writes_in_another_case_is_still_read(client, sandbox, alice_heat_pump):
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, optimization_level="low")
    client.force_login(alice_heat_pump.homeowner.user)

    page = client.get(page_url(alice_heat_pump)).content.decode()

    assert ticked(page) == ["Low"]


def test_choosing_a_level_sends_exactly_that_field_and_says_so(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "optimization-level"), {"level": "Max"}, headers=HTMX)

    assertContains(response, "Savings level set to “Maximum savings”.")
    assertContains(response, "You changed the savings level")  # Recent changes comes along
    [write] = sandbox.writes()
    assert (write["method"], write["path"], write["body"]) == (
        "PUT",
        podero_path(alice_heat_pump),
        '{"optimization_level": "Max"}',
    )
    assert sandbox.device(seed.ALICE_HEAT_PUMP_ID)["optimization_level"] == "Max"
    change = Change.objects.get()
    assert (change.intent, change.outcome, change.request_body, change.previous_values) == (
        Change.Intent.SET_OPTIMIZATION_LEVEL,
        Change.Outcome.SUCCEEDED,
        {"optimization_level": "Max"},
        {"optimization_level": "Mid"},
    )


def test_undo_puts_back_the_level_it_replaced_with_one_request(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    saved = client.post(action_url(alice_heat_pump, "optimization-level"), {"level": "Low"}, headers=HTMX)

    client.post(undo_url(saved), headers=HTMX)

    assert [w["json"] for w in sandbox.writes()] == [
        {"optimization_level": "Low"},
        {"optimization_level": "Mid"},
    ]
    assert sandbox.device(seed.ALICE_HEAT_PUMP_ID)["optimization_level"] == "Mid"


@pytest.mark.parametrize("typed", ["", "Turbo"])
def test_no_or_an_unknown_level_is_said_at_the_field_and_nothing_is_sent(
    client, sandbox, alice_heat_pump, typed
):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "optimization-level"), {"level": typed}, headers=HTMX)

    assert response.status_code == 422
    assertContains(response, "Choose", status_code=422)
    assert sandbox.writes() == []
    assert not Change.objects.exists()


@pytest.mark.parametrize(
    ("fault", "said", "status"),
    [
        ({"status": 503}, "Nothing was changed", 503),
        (
            {"status": 422, "body": {"detail": [{"loc": ["body", "optimization_level"], "msg": "x"}]}},
            "Podero did not accept these values",
            422,
        ),
        ({"status": 500}, "may still take effect", 503),
    ],
)
def test_a_podero_failure_is_said_in_plain_words_and_the_choice_stays(
    client, sandbox, alice_heat_pump, fault, said, status
):
    sandbox.fault(method="PUT", **fault)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "optimization-level"), {"level": "Low"}, headers=HTMX)

    assert response.status_code == status
    assertContains(response, said, status_code=status)
    assert ticked(response.content.decode()) == ["Low"]
    assertNotContains(response, "Savings level set to", status_code=status)


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sends_one_write_and_records_one_change(sandbox, alice_heat_pump):
    sandbox.fault(latency_ms=300, method="PUT")
    sandbox.clear_requests()

    responses = at_once(
        5,
        action_url(alice_heat_pump, "optimization-level"),
        session_of(alice_heat_pump.homeowner),
        {"level": "Max"},
    )

    assert len(sandbox.writes()) == 1
    assert Change.objects.filter(intent=Change.Intent.SET_OPTIMIZATION_LEVEL).count() == 1
    assert {r.status_code for r in responses} == {200}
    assert all("Savings level set to" in r.content.decode() for r in responses)


def test_in_german(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(
        action_url(alice_heat_pump, "optimization-level"), {"level": "Max"}, headers={**HTMX, **GERMAN}
    )

    assertContains(response, "Sparstufe")


def test_an_inverter_has_no_savings_level(client, sandbox, alice_inverter):
    client.force_login(alice_inverter.homeowner.user)

    assert "Savings level" not in client.get(page_url(alice_inverter)).content.decode()
    assert client.post(f"{page_url(alice_inverter)}optimization-level/", {"level": "Max"}).status_code == 404
