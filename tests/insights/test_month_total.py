"""My devices says what smart optimization saved this month over all devices: read right after the page (one
Podero call per device), then from the shared cache in the page itself."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from preferences.insights import charts, reads
from tests.helpers import HTMX, cards_loaded_after, open_page


def savings_calls(sandbox):
    return [r for r in sandbox.requests() if r["path"].endswith("/savings")]


def expected_total(devices):
    now = timezone.now()
    summaries = [reads.savings_summary(device, now=now) for device in devices]
    return charts.money(sum(s.this_month.savings_eur for s in summaries))


def test_the_months_total_is_at_the_top_of_my_devices(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    client.force_login(alice_heat_pump.homeowner.user)

    _, page = open_page(client, reverse("preferences:dashboard"))

    assert len(savings_calls(sandbox)) == 3  # one per device, all at once
    total = expected_total([alice_heat_pump, alice_ev, alice_inverter])
    assert f"This month smart optimization has saved you {total} so far" in page


def test_my_devices_does_not_wait_for_the_months_savings_they_load_right_after_it(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.get(reverse("preferences:dashboard"))

    assert savings_calls(sandbox) == []
    assertContains(response, "Loading this month's savings…")
    assertContains(response, 'aria-busy="true"')
    assert set(cards_loaded_after(response.content.decode())) == {"month-total"}
    total = client.get(reverse("preferences:dashboard") + "?part=month-total", headers=HTMX)
    assert len(savings_calls(sandbox)) == 3
    assertContains(total, "This month smart optimization has saved you")
    assertNotContains(total, "My devices")  # the sentence alone, put in its place


def test_without_javascript_a_link_shows_my_devices_with_the_months_savings(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    client.force_login(alice_heat_pump.homeowner.user)
    assertContains(client.get(reverse("preferences:dashboard")), 'href="/?cards=all"')

    response = client.get(reverse("preferences:dashboard") + "?cards=all")

    assertContains(response, "This month smart optimization has saved you")
    assertNotContains(response, "Loading this month")


def test_a_second_visit_reads_the_total_from_the_cache(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    client.force_login(alice_heat_pump.homeowner.user)
    open_page(client, reverse("preferences:dashboard"))
    sandbox.clear_requests()

    response = client.get(reverse("preferences:dashboard"))

    assert savings_calls(sandbox) == []
    assertContains(response, "This month smart optimization has saved you")  # in the page itself
    assert cards_loaded_after(response.content.decode()) == {}


def test_a_device_whose_savings_cannot_be_read_is_named_and_not_counted(
    client, sandbox, alice_heat_pump, alice_ev, alice_inverter
):
    sandbox.fault(status=500, path_contains=f"{alice_heat_pump.podero_id}/savings")
    client.force_login(alice_heat_pump.homeowner.user)

    _, page = open_page(client, reverse("preferences:dashboard"))

    total = expected_total([alice_ev, alice_inverter])
    assert f"saved you {total} so far" in page
    assert "Not counted, as we couldn&#x27;t load it: Nibe S-Series." in page
    sandbox.control("DELETE", "faults")
    sandbox.clear_requests()
    open_page(client, reverse("preferences:dashboard"))
    assert len(savings_calls(sandbox)) == 1, (
        "an incomplete total is not kept: the missing device is asked again"
    )


def test_the_first_visit_counts_devices_it_has_just_learned_of(client, sandbox, alice):
    client.force_login(alice.user)

    _, page = open_page(client, reverse("preferences:dashboard"))

    assert len(savings_calls(sandbox)) == 3
    assert "This month smart optimization has saved you" in page


def test_in_german_the_euros_come_after_the_number(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    _, body = open_page(client, reverse("preferences:dashboard"))
    assert "Diesen Monat hat Ihnen die intelligente Optimierung bisher" in body
    assert "\u00a0€" in body


def test_last_months_savings_are_not_this_months(sandbox, alice_heat_pump):
    now = timezone.now()
    summary = reads.savings_summary(alice_heat_pump, now=now)

    assert summary.last_month.month == (summary.this_month.month - timedelta(days=1)).replace(day=1)
    assert summary.this_month.savings_eur != summary.last_month.savings_eur
