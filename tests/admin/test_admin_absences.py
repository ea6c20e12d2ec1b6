"""Staff see homeowners' absences in admin, and acting support can end one early."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from preferences.away import actions
from preferences.models import Absence, Change

pytestmark = pytest.mark.usefixtures("sandbox")


@pytest.fixture
def absence(alice_heat_pump, alice_inverter):
    home = alice_heat_pump.homeowner
    return actions.start_absence(
        homeowner=home,
        devices=[alice_heat_pump, alice_inverter],
        pause_charge_deadlines=False,
        returns_at=timezone.now() + timedelta(days=7),
        actor=home.user,
        now=timezone.now(),
    )


def end_now(client, absence):
    return client.post(
        reverse("admin:preferences_absence_changelist"),
        {"action": "end_now", "_selected_action": [absence.pk]},
        follow=True,
    )


def test_support_sees_an_absence_and_what_it_paused(client, absence, sam):
    client.force_login(sam)

    response = client.get(reverse("admin:preferences_absence_change", args=[absence.pk]))

    assertContains(response, "Nibe S-Series")
    assertContains(response, "Paused until you are back")


def test_acting_support_can_end_an_absence_and_everything_is_switched_back_on(
    client, sandbox, absence, maria
):
    client.force_login(maria)

    end_now(client, absence)

    absence.refresh_from_db()
    assert absence.status == Absence.Status.ENDED
    assert [w["json"] for w in sandbox.writes()][-2:] == [{"is_smart_optimization_active": True}] * 2
    assert set(
        Change.objects.filter(intent=Change.Intent.RESUME_OPTIMIZATION).values_list("actor", flat=True)
    ) == {maria.pk}


def test_read_only_support_cannot_end_an_absence(client, sandbox, absence, sam):
    client.force_login(sam)
    writes_before = len(sandbox.writes())

    end_now(client, absence)

    absence.refresh_from_db()
    assert absence.status == Absence.Status.ACTIVE
    assert len(sandbox.writes()) == writes_before
