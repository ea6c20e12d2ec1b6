""" "I'm away" in true words: while Podero cannot be reached it says so (not "no heat pump is connected") and offers
no button; a device an absence paused says why and until when; "I'm back" is the homeowner's own action in Recent
changes, and staff's ending of an absence theirs."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from preferences.away import actions
from preferences.models import Change
from tests.helpers import page_url

UNREACHABLE = "Podero cannot be reached right now, so nothing can be paused for your absence yet."


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def home(sandbox, alice_heat_pump, alice_inverter, alice_ev):
    return alice_heat_pump.homeowner


def away(home, hours=30):
    return actions.start_absence(
        homeowner=home,
        devices=[home.devices.get(kind="heat-pumps")],
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(hours=hours),
        actor=home.user,
        now=timezone.now(),
    )


def test_during_an_outage_i_m_away_says_podero_cannot_be_reached(client, sandbox, home):
    sandbox.fault(status=503, path_contains="/api/partners/")
    client.force_login(home.user)

    page = text(client.get(reverse("preferences:dashboard")))

    assert UNREACHABLE in page
    assert "No heat pump or solar inverter is connected" not in page
    assert "Pause until I'm back" not in page


def test_with_podero_answering_the_form_is_offered(client, home):
    client.force_login(home.user)

    page = text(client.get(reverse("preferences:dashboard")))

    assert UNREACHABLE not in page
    assert "Pause until I'm back" in page


def test_a_device_paused_for_an_absence_says_so_until_when(client, home):
    away(home)
    client.force_login(home.user)

    page = text(client.get(page_url(home.devices.get(kind="heat-pumps"))))

    assert "Paused because you are away until " in page
    assert "It switches back on by itself then." in page


def test_a_device_the_homeowner_paused_is_not_said_to_be_paused_for_an_absence(client, home, sandbox):
    heat_pump = home.devices.get(kind="heat-pumps")
    sandbox.set_device(str(heat_pump.podero_id), is_smart_optimization_active=False)
    client.force_login(home.user)

    page = text(client.get(page_url(heat_pump)))

    assert "because you are away" not in page


@pytest.mark.django_db(transaction=True)
def test_i_m_back_is_the_homeowner_s_own_action(client, home):
    away(home)
    client.force_login(home.user)

    client.post(reverse("preferences:away-end"))

    resumed = Change.objects.get(intent=Change.Intent.RESUME_OPTIMIZATION)
    assert resumed.reason == "You came back early"
    page = text(client.get(page_url(resumed.device)))
    assert "You came back early" in page
    assert "Resumed automatically at the end of an absence" not in page


@pytest.mark.django_db(transaction=True)
def test_staff_ending_an_absence_is_recorded_as_theirs(home, maria):
    absence = away(home)

    actions.end_absence(absence=absence, actor=maria, now=timezone.now())

    resumed = Change.objects.get(intent=Change.Intent.RESUME_OPTIMIZATION)
    assert resumed.reason == "Absence ended early by customer service"


@pytest.mark.django_db(transaction=True)
def test_the_worker_at_the_return_date_still_resumes_automatically(home):
    absence = away(home)

    actions.resume_if_due(absence_id=absence.pk, now=absence.returns_at + timedelta(seconds=1))

    resumed = Change.objects.get(intent=Change.Intent.RESUME_OPTIMIZATION)
    assert resumed.reason == "Resumed automatically at the end of an absence"
