"""A device's page shows its recent changes, including those customer service made, so nothing happens behind
the homeowner's back."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from preferences.audit import history
from preferences.audit import reads as audit_reads
from preferences.models import Change
from tests.helpers import action_url, page_url


@pytest.fixture
def maria(django_user_model):
    return django_user_model.objects.create_user(
        "support@example.com", "support@example.com", first_name="Maria", last_name="Muster", is_staff=True
    )


def record(device, intent, *, actor, minutes_ago=0, outcome=Change.Outcome.SUCCEEDED, reason="", **fields):
    """A finished change, as the services leave it."""
    created_at = timezone.now() - timedelta(minutes=minutes_ago)
    return Change.objects.create(
        created_at=created_at,
        finished_at=created_at,
        actor=actor,
        reason=reason,
        homeowner=device.homeowner,
        device=device,
        device_kind=device.kind,
        device_podero_id=device.podero_id,
        intent=intent,
        request_method="PUT",
        request_path=f"users/{device.homeowner.podero_user_id}/{device.kind}/{device.podero_id}",
        outcome=outcome,
        **fields,
    )


def test_a_change_made_by_staff_shows_their_first_name_and_reason(client, sandbox, maria, alice_heat_pump):
    record(alice_heat_pump, Change.Intent.PAUSE_OPTIMIZATION, actor=maria, reason="Customer is away")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(page_url(alice_heat_pump))

    assertContains(response, "Maria from customer service paused smart optimization: “Customer is away”")
    assertContains(response, "Done")
    assertNotContains(response, "support@example.com")
    assertNotContains(response, "Muster")


def test_the_homeowners_own_changes_say_you(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause"))

    response = client.get(page_url(alice_heat_pump))

    assertContains(response, "You paused smart optimization")


def test_staff_without_a_first_name_appear_as_customer_service(
    client, sandbox, django_user_model, alice_heat_pump
):
    nameless = django_user_model.objects.create_user("ops@example.com", "ops@example.com", is_staff=True)
    record(alice_heat_pump, Change.Intent.RESUME_OPTIMIZATION, actor=nameless, reason="Back home")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(page_url(alice_heat_pump))

    assertContains(response, "Customer service resumed smart optimization: “Back home”")
    assertNotContains(response, "ops@example.com")


@pytest.mark.parametrize(
    ("outcome", "fields", "words"),
    [
        (Change.Outcome.SUCCEEDED, {}, "Done"),
        (Change.Outcome.REFUSED, {"conflict_reason": "already_charging"}, "Refused: already charging"),
        (Change.Outcome.REFUSED, {"conflict_reason": "fully_charged"}, "Refused: battery already full"),
        (Change.Outcome.FAILED, {"http_status": 503}, "Failed, nothing changed"),
        (Change.Outcome.REJECTED, {"http_status": 422}, "Not accepted, nothing changed"),
        (Change.Outcome.UNKNOWN, {}, "May still take effect"),
        (Change.Outcome.PENDING, {}, "May still take effect"),
    ],
)
def test_outcomes_are_told_in_plain_words(client, sandbox, alice_ev, outcome, fields, words):
    record(alice_ev, Change.Intent.CHARGE_NOW, actor=alice_ev.homeowner.user, outcome=outcome, **fields)
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev))

    assertContains(response, "You asked to charge now")
    assertContains(response, words)


def test_the_activity_shows_even_when_podero_is_down(client, sandbox, maria, alice_heat_pump):
    record(alice_heat_pump, Change.Intent.PAUSE_OPTIMIZATION, actor=maria, reason="Customer is away")
    sandbox.fault(status=503, method="GET")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(page_url(alice_heat_pump))

    assertContains(response, "Maria from customer service paused smart optimization", status_code=503)


def test_only_the_last_ten_changes_of_this_device_show_newest_first(
    client, sandbox, alice_heat_pump, alice_inverter
):
    alice = alice_heat_pump.homeowner.user
    for minutes_ago in range(12):
        intent = Change.Intent.PAUSE_OPTIMIZATION if minutes_ago % 2 else Change.Intent.RESUME_OPTIMIZATION
        record(alice_heat_pump, intent, actor=alice, minutes_ago=minutes_ago)
    record(alice_inverter, Change.Intent.PAUSE_OPTIMIZATION, actor=alice, reason="about the inverter")
    client.force_login(alice)

    response = client.get(page_url(alice_heat_pump))

    entries = response.context["activity"]
    assert len(entries) == 10
    assert [entry.at for entry in entries] == sorted((entry.at for entry in entries), reverse=True)
    assert entries[0].sentence == "You resumed smart optimization"
    assertNotContains(response, "about the inverter")


def test_without_changes_the_page_says_so(client, sandbox, alice_inverter):
    client.force_login(alice_inverter.homeowner.user)

    response = client.get(page_url(alice_inverter))

    assertContains(response, "No changes yet.")


def test_recent_changes_and_their_actors_are_read_in_one_query(
    django_assert_num_queries, maria, alice_heat_pump
):
    for minutes_ago in range(5):
        record(
            alice_heat_pump,
            Change.Intent.PAUSE_OPTIMIZATION,
            actor=maria,
            minutes_ago=minutes_ago,
            reason="x",
        )
    alice_heat_pump.homeowner.user  # noqa: B018 - loaded before counting, as the view has it already

    with django_assert_num_queries(1):
        entries = history.activity(
            audit_reads.recent_changes(alice_heat_pump), homeowner=alice_heat_pump.homeowner
        )

    assert [entry.sentence for entry in entries] == [
        "Maria from customer service paused smart optimization"
    ] * 5


def test_an_htmx_action_also_refreshes_the_activity_list(client, sandbox, alice_heat_pump):
    from tests.helpers import HTMX, action_url

    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    body = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#activity-list"' in body
    assert "You paused smart optimization" in body


def test_the_portal_s_own_reason_is_shown_in_german_without_quotes(client, sandbox, alice_heat_pump):
    from preferences.audit import words

    record(alice_heat_pump, Change.Intent.RESUME_OPTIMIZATION, actor=None, reason=words.RESUMED_AFTER_ABSENCE)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(page_url(alice_heat_pump), headers={"Accept-Language": "de"})

    assertContains(response, "Am Ende der Abwesenheit automatisch wieder eingeschaltet")
    assertNotContains(response, "“Am Ende")
    assertNotContains(response, "Resumed automatically")
