"""What needs the homeowner is told once per event, by e-mail in their language and under "Needs you", by the
worker; never what they did themselves, never a kind they turned off."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

import podero_sandbox as seed
from preferences import sweeper
from preferences.alerts import actions, connections
from preferences.away import actions as away
from preferences.models import Absence, Alert, TimedPause
from tests.sweeper.setups import away_until, paused_for_three_hours, trip_past_its_deadline
from tests.worker import run_worker

# The worker runs as `manage.py db_worker` would: it needs the rows committed.
pytestmark = pytest.mark.django_db(transaction=True)


def ended_a_while_ago(pause):
    TimedPause.objects.filter(pk=pause.pk).update(ends_at=timezone.now() - timedelta(minutes=5))


def test_an_away_period_the_worker_ended_is_told_once_by_e_mail_and_under_needs_you(
    sandbox, client, alice_heat_pump
):
    absence = away_until(timezone.now() + timedelta(days=1), alice_heat_pump)
    Absence.objects.filter(pk=absence.pk).update(returns_at=timezone.now() - timedelta(minutes=5))

    sweeper.sweep()
    sweeper.sweep()
    run_worker()

    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Welcome back: your away period has ended"
    assert "http://localhost:8000/" in message.body
    client.force_login(alice_heat_pump.homeowner.user)
    page = client.get(reverse("preferences:dashboard"))
    assert "Needs you" in page.text
    assert "Welcome back: your away period has ended" in page.text


def test_coming_back_early_by_hand_is_no_alert(sandbox, alice_heat_pump):
    absence = away_until(timezone.now() + timedelta(days=1), alice_heat_pump)

    away.end_absence(absence=absence, actor=alice_heat_pump.homeowner.user, now=timezone.now())
    sweeper.sweep()
    run_worker()

    assert mail.outbox == []
    assert not Alert.objects.exists()


def test_a_switch_back_podero_refuses_is_told_at_once_and_only_once(sandbox, alice_heat_pump):
    pause = paused_for_three_hours(alice_heat_pump)
    ended_a_while_ago(pause)
    sandbox.fault(status=409, body={"state": "unavailable", "reason": "device_offline"}, method="PUT")

    sweeper.sweep()
    TimedPause.objects.filter(pk=pause.pk).update(retry_at=None)
    sweeper.sweep()
    run_worker()

    [alert] = Alert.objects.all()
    assert alert.kind == Alert.Kind.ACTION_FAILED
    assert alert.facts["why"] == "refused"
    [message] = mail.outbox
    assert message.subject == "Nibe S-Series was not switched back on"
    assert "Podero refused" in message.body
    assert alert.device.get_absolute_url() in message.body


def test_a_switch_back_that_fails_for_a_while_is_told_after_the_set_number_of_tries(
    sandbox, settings, alice_heat_pump
):
    settings.ALERT_AFTER_TRIES = 2
    pause = paused_for_three_hours(alice_heat_pump)
    ended_a_while_ago(pause)
    sandbox.fault(status=503, method="PUT")

    sweeper.sweep()
    assert not Alert.objects.exists(), "one failure: the worker still expects the retry to work"
    TimedPause.objects.filter(pk=pause.pk).update(retry_at=None)
    sweeper.sweep()
    run_worker()

    [alert] = Alert.objects.all()
    assert alert.facts["why"] == "no_answer"
    assert len(mail.outbox) == 1
    assert "We keep trying" in mail.outbox[0].body


def test_a_trip_target_podero_refuses_to_put_back_is_told(sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    trip_past_its_deadline(alice_ev)
    sandbox.fault(status=422, body={"detail": "charge_deadline invalid"}, method="PUT")

    sweeper.sweep()
    run_worker()

    [alert] = Alert.objects.all()
    assert alert.kind == Alert.Kind.TRIP_NOT_PUT_BACK
    assert [m.subject for m in mail.outbox] == [
        "The charging plan of Tesla Model 3 was not put back after the trip"
    ]


def test_a_lapsed_connection_is_told_once_per_lapse(sandbox, alice_heat_pump):
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_authenticated=False)

    connections.check(alice_heat_pump.homeowner, timezone.now())
    connections.check(alice_heat_pump.homeowner, timezone.now())
    run_worker()

    [alert] = Alert.objects.all()
    assert alert.kind == Alert.Kind.CONNECTION_LAPSED
    assert [m.subject for m in mail.outbox] == ["Reconnect Nibe S-Series"]


def test_a_reconnected_device_leaves_the_list_and_a_later_lapse_is_a_new_alert(sandbox, alice_heat_pump):
    homeowner = alice_heat_pump.homeowner
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_authenticated=False)
    _checked_fresh(homeowner)
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_authenticated=True)

    _checked_fresh(homeowner)
    assert actions.needing_the_homeowner(homeowner) == []
    sandbox.set_device(seed.ALICE_HEAT_PUMP_ID, is_authenticated=False)
    _checked_fresh(homeowner)

    assert Alert.objects.filter(kind=Alert.Kind.CONNECTION_LAPSED).count() == 2


def _checked_fresh(homeowner):
    from django.core.cache import cache

    cache.clear()
    connections.check(homeowner, timezone.now())


def test_an_alert_raised_twice_for_one_event_is_one_alert_and_one_e_mail(alice_heat_pump):
    homeowner = alice_heat_pump.homeowner
    for _ in range(2):
        actions.raise_alert(homeowner=homeowner, kind=Alert.Kind.AWAY_ENDED, key="away:1", now=timezone.now())

    run_worker()
    [alert] = Alert.objects.all()
    assert actions.deliver(alert_id=alert.pk, now=timezone.now()) is False

    assert len(mail.outbox) == 1


def test_an_e_mail_another_worker_is_sending_is_not_sent_again(alice_heat_pump):
    alert = actions.raise_alert(
        homeowner=alice_heat_pump.homeowner, kind=Alert.Kind.AWAY_ENDED, key="away:1", now=timezone.now()
    )
    Alert.objects.filter(pk=alert.pk).update(email_claimed_at=timezone.now())

    sent = actions.deliver(alert_id=alert.pk, now=timezone.now())

    assert sent is False
    assert mail.outbox == []


def test_an_e_mail_whose_worker_died_while_sending_is_sent_by_the_sweep(settings, alice_heat_pump):
    alert = actions.raise_alert(
        homeowner=alice_heat_pump.homeowner, kind=Alert.Kind.AWAY_ENDED, key="away:1", now=timezone.now()
    )
    claimed_long_ago = timezone.now() - timedelta(seconds=settings.CLAIM_STALE_SECONDS + 1)
    Alert.objects.filter(pk=alert.pk).update(email_claimed_at=claimed_long_ago)

    sweeper.sweep()

    assert len(mail.outbox) == 1


def test_the_e_mail_is_in_german_for_a_homeowner_who_reads_german(alice_heat_pump):
    homeowner = alice_heat_pump.homeowner
    actions.save_preferences(homeowner=homeowner, heard=list(Alert.Kind.values), language="de")

    actions.raise_alert(homeowner=homeowner, kind=Alert.Kind.AWAY_ENDED, key="away:1", now=timezone.now())
    run_worker()

    [message] = mail.outbox
    assert message.subject == "Willkommen zurück: Ihre Abwesenheit ist vorbei"
    assert Alert.objects.get().email_language == "de"


def test_a_kind_turned_off_is_neither_e_mailed_nor_listed(alice_heat_pump):
    homeowner = alice_heat_pump.homeowner
    heard = [kind for kind in Alert.Kind.values if kind != Alert.Kind.AWAY_ENDED]
    actions.save_preferences(homeowner=homeowner, heard=heard, language="en")

    actions.raise_alert(homeowner=homeowner, kind=Alert.Kind.AWAY_ENDED, key="away:1", now=timezone.now())
    run_worker()

    assert mail.outbox == []
    assert actions.needing_the_homeowner(homeowner) == []


def away_ended_alert(homeowner):
    return actions.raise_alert(
        homeowner=homeowner, kind=Alert.Kind.AWAY_ENDED, key="away:1", now=timezone.now()
    )


def test_dismissing_takes_the_alert_off_the_list(client, alice_heat_pump):
    homeowner = alice_heat_pump.homeowner
    alert = away_ended_alert(homeowner)
    client.force_login(homeowner.user)

    response = client.post(reverse("preferences:alert-dismiss", args=[alert.pk]))

    assert response.status_code == 302
    assert actions.needing_the_homeowner(homeowner) == []


def test_dismissing_with_htmx_answers_with_the_list_alone(client, alice_heat_pump):
    homeowner = alice_heat_pump.homeowner
    alert = away_ended_alert(homeowner)
    client.force_login(homeowner.user)

    response = client.post(
        reverse("preferences:alert-dismiss", args=[alert.pk]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "Nothing else needs you." in response.text
    assert "<html" not in response.text


def test_another_homeowner_s_alert_cannot_be_dismissed(client, alice_heat_pump, bob):
    alert = actions.raise_alert(
        homeowner=alice_heat_pump.homeowner, kind=Alert.Kind.AWAY_ENDED, key="away:1", now=timezone.now()
    )
    client.force_login(bob.user)

    response = client.post(reverse("preferences:alert-dismiss", args=[alert.pk]))

    assert response.status_code == 404
    assert Alert.objects.get().dismissed_at is None


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_settings_page_saves_which_kinds_are_heard(client, alice, language):
    client.force_login(alice.user)

    response = client.post(
        reverse("preferences:alerts"), {"heard": [Alert.Kind.CONNECTION_LAPSED], "language": language}
    )

    assert response.status_code == 302
    prefs = actions.preferences_of(alice)
    assert Alert.Kind.AWAY_ENDED in prefs.muted
    assert Alert.Kind.CONNECTION_LAPSED not in prefs.muted
    assert prefs.language == language


def test_a_moment_within_the_minute_is_just_now(alice):
    from preferences import dates

    assert dates.ago(timezone.now() - timedelta(seconds=20)) == "just now"


def test_staff_see_which_alerts_were_sent_to_whom(client, sam, alice_heat_pump):
    away_ended_alert(alice_heat_pump.homeowner)
    run_worker()
    client.force_login(sam)

    response = client.get(reverse("admin:preferences_alert_changelist"))

    assert response.status_code == 200
    assert "Away period ended" in response.text
    assert response.text.count("alice@example.com") >= 2, "the homeowner, and the address it was e-mailed to"
