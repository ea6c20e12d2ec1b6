"""My devices says what smart optimization saved this month over all devices, read alongside the device lists
and then from the shared cache."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from preferences import insight_cards, insights


def savings_calls(sandbox):
    return [r for r in sandbox.requests() if r["path"].endswith("/savings")]


def expected_total(devices):
    now = timezone.now()
    summaries = [insights.savings_summary(device, now=now) for device in devices]
    return insight_cards.money(sum(s.this_month.savings_eur for s in summaries))


def test_the_months_total_is_at_the_top_of_my_devices(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    assert len(savings_calls(sandbox)) == 3  # one per device, sent with the three device lists
    total = expected_total([alice_heat_pump, alice_ev, alice_inverter])
    assertContains(response, f"This month smart optimization has saved you {total} so far")


def test_a_second_visit_reads_the_total_from_the_cache(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.get(reverse("preferences:dashboard"))
    sandbox.clear_requests()

    response = client.get(reverse("preferences:dashboard"))

    assert savings_calls(sandbox) == []
    assertContains(response, "This month smart optimization has saved you")


def test_a_device_whose_savings_cannot_be_read_is_named_and_not_counted(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    sandbox.fault(status=500, path_contains=f"{alice_heat_pump.podero_id}/savings")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    total = expected_total([alice_ev, alice_inverter])
    assertContains(response, f"saved you {total} so far")
    assertContains(response, "Not counted, as we couldn&#x27;t load it: Nibe S-Series.")
    sandbox.control("DELETE", "faults")
    sandbox.clear_requests()
    client.get(reverse("preferences:dashboard"))
    assert len(savings_calls(sandbox)) == 1, (
        "an incomplete total is not kept: the missing device is asked again"
    )


def test_the_first_visit_counts_devices_it_has_just_learned_of(client, sandbox, alice):
    client.force_login(alice.user)

    response = client.get(reverse("preferences:dashboard"))

    assert len(savings_calls(sandbox)) == 3
    assertContains(response, "This month smart optimization has saved you")


def test_in_german_the_euros_come_after_the_number(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(reverse("preferences:dashboard"), headers={"Accept-Language": "de"})

    body = response.content.decode()
    assert "Diesen Monat hat Ihnen die intelligente Optimierung bisher" in body
    assert "\u00a0€" in body


def test_last_months_savings_are_not_this_months(sandbox, alice_heat_pump):
    now = timezone.now()
    summary = insights.savings_summary(alice_heat_pump, now=now)

    assert summary.last_month.month == (summary.this_month.month - timedelta(days=1)).replace(day=1)
    assert summary.this_month.savings_eur != summary.last_month.savings_eur
