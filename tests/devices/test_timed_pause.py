"""Pause for a while: a heat pump or inverter paused for 3 hours, until tomorrow morning or until resumed,
and switched back on by the background worker, retried while Podero is down."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from preferences.audit import history
from preferences.audit import reads as audit_reads
from preferences.devices import timed_pause
from preferences.models import Change, TimedPause
from tests.helpers import podero_path
from tests.worker import run_worker

ON = {"is_smart_optimization_active": True}
OFF = {"is_smart_optimization_active": False}


def writes(sandbox):
    return [(w["path"], w["json"]) for w in sandbox.writes()]


def pause(device, length=TimedPause.Length.THREE_HOURS, **kwargs):
    return timed_pause.start_pause(
        device=device,
        length=length,
        actor=device.homeowner.user,
        now=kwargs.pop("now", timezone.now()),
        **kwargs,
    )


def end_soon(pause, seconds=1):
    pause.ends_at = timezone.now() + timedelta(seconds=seconds)
    pause.save(update_fields=["ends_at"])
    timed_pause._schedule_resume(pause)


@pytest.mark.parametrize(
    ("now", "length", "end"),
    [
        (datetime(2026, 11, 27, 2, 0, tzinfo=UTC), "3h", datetime(2026, 11, 27, 5, 0, tzinfo=UTC)),
        # 03:00 in Berlin: tomorrow morning is this morning at 07:00 (06:00 UTC)
        (datetime(2026, 11, 27, 2, 0, tzinfo=UTC), "morning", datetime(2026, 11, 27, 6, 0, tzinfo=UTC)),
        # 20:00 in Berlin: the next day at 07:00
        (datetime(2026, 11, 27, 19, 0, tzinfo=UTC), "morning", datetime(2026, 11, 28, 6, 0, tzinfo=UTC)),
        # The night summer time ends: 07:00 CET is 06:00 UTC, not 05:00
        (datetime(2026, 10, 24, 20, 0, tzinfo=UTC), "morning", datetime(2026, 10, 25, 6, 0, tzinfo=UTC)),
        (datetime(2026, 11, 27, 2, 0, tzinfo=UTC), "open", None),
    ],
)
def test_when_a_pause_ends(now, length, end):
    assert timed_pause.pause_end(length, now=now, timezone_name="Europe/Berlin") == end


@pytest.mark.django_db(transaction=True)
def test_a_pause_for_a_while_is_resumed_by_the_worker_and_shows_in_recent_changes(sandbox, alice_heat_pump):
    started = pause(alice_heat_pump)

    assert writes(sandbox) == [(podero_path(alice_heat_pump), OFF)]
    assert started.ends_at > timezone.now() + timedelta(hours=2, minutes=59)
    run_worker()
    assert len(sandbox.writes()) == 1, "nothing is resumed before the time is up"

    end_soon(started)
    time.sleep(1.1)
    run_worker()

    assert writes(sandbox)[1:] == [(podero_path(alice_heat_pump), ON)]
    assert sandbox.device(alice_heat_pump.podero_id)["is_smart_optimization_active"] is True
    started.refresh_from_db()
    assert started.status == TimedPause.Status.RESUMED
    with translation.override("en"):
        [entry, _paused] = history.activity(
            audit_reads.recent_changes(alice_heat_pump), homeowner=alice_heat_pump.homeowner
        )
    assert entry.sentence == "The portal resumed smart optimization"
    assert entry.reason == "Resumed automatically at the end of a timed pause"
    assert entry.outcome == "Done"
    run_worker()
    assert len(sandbox.writes()) == 2, "resumed once"


@pytest.mark.django_db(transaction=True)
def test_a_resume_that_meets_a_podero_outage_is_retried(sandbox, alice_inverter, settings):
    settings.ABSENCE_RETRY_DELAYS = [1]
    started = pause(alice_inverter)
    sandbox.fault(status=503, method="PUT")
    end_soon(started, seconds=0)

    run_worker()

    started.refresh_from_db()
    assert (started.status, started.attempts) == (TimedPause.Status.ACTIVE, 1)
    sandbox.control("DELETE", "faults")
    time.sleep(1.1)
    run_worker()
    started.refresh_from_db()
    assert started.status == TimedPause.Status.RESUMED
    assert sandbox.device(alice_inverter.podero_id)["is_smart_optimization_active"] is True
    outcomes = list(Change.objects.filter(device=alice_inverter).values_list("intent", "outcome"))
    assert outcomes[0] == (Change.Intent.RESUME_OPTIMIZATION, Change.Outcome.SUCCEEDED)
    assert (Change.Intent.RESUME_OPTIMIZATION, Change.Outcome.FAILED) in outcomes


@pytest.mark.django_db(transaction=True)
def test_resume_now_cancels_the_timer(sandbox, alice_heat_pump):
    started = pause(alice_heat_pump, TimedPause.Length.MORNING)

    timed_pause.resume_now(pause=started, actor=alice_heat_pump.homeowner.user, now=timezone.now())

    assert writes(sandbox)[1:] == [(podero_path(alice_heat_pump), ON)]
    run_worker()
    assert len(sandbox.writes()) == 2
    assert timed_pause.active_pause(alice_heat_pump) is None
    latest = audit_reads.latest_change(alice_heat_pump)
    assert (latest.actor, latest.reason) == (alice_heat_pump.homeowner.user, "")


@pytest.mark.django_db(transaction=True)
def test_until_i_resume_is_never_resumed_by_the_worker(sandbox, alice_heat_pump):
    started = pause(alice_heat_pump, TimedPause.Length.UNTIL_RESUMED)

    run_worker()

    assert started.ends_at is None
    assert len(sandbox.writes()) == 1
    assert timed_pause.active_pause(alice_heat_pump) == started


@pytest.mark.django_db(transaction=True)
def test_choosing_again_changes_the_end_without_pausing_twice(sandbox, alice_heat_pump):
    first = pause(alice_heat_pump, TimedPause.Length.THREE_HOURS)
    second = pause(alice_heat_pump, TimedPause.Length.UNTIL_RESUMED)

    assert first.pk == second.pk
    assert second.ends_at is None
    assert len(sandbox.writes()) == 1
    assert TimedPause.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_resuming_with_the_switch_ends_the_timed_pause(sandbox, alice_heat_pump):
    started = pause(alice_heat_pump)

    timed_pause.forget_for(alice_heat_pump, now=timezone.now())
    end_soon(started, seconds=0)
    run_worker()

    assert len(sandbox.writes()) == 1, "the worker does not resume what the homeowner resumed"


@pytest.mark.django_db(transaction=True)
def test_the_switch_on_the_page_ends_the_timed_pause(client, sandbox, alice_heat_pump):
    from tests.helpers import HTMX, action_url, page_url

    started = pause(alice_heat_pump)
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)

    started.refresh_from_db()
    assert started.status == TimedPause.Status.RESUMED
    assert timed_pause.active_pause(alice_heat_pump) is None
    assert "Resume now" not in client.get(page_url(alice_heat_pump)).content.decode()
    # The pause controls come along once, no longer saying until when.
    sent = response.content.decode()
    assert sent.count('<div id="pause" hx-swap-oob="true">') == 1
    assert "Resume now" not in sent


@pytest.mark.django_db(transaction=True)
def test_a_pause_podero_refused_schedules_nothing(sandbox, alice_heat_pump):
    sandbox.fault(status=503, method="PUT")

    with pytest.raises(Exception):  # noqa: B017, PT011 - PoderoUnavailable, not sent
        pause(alice_heat_pump)

    assert TimedPause.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_pause_that_may_have_been_applied_is_still_resumed(sandbox, alice_heat_pump, settings):
    settings.PODERO_READ_TIMEOUT = 0.3
    sandbox.fault(hang_seconds=1, method="PUT", count=1)

    started = pause(alice_heat_pump)

    assert audit_reads.latest_change(alice_heat_pump).outcome == Change.Outcome.UNKNOWN
    assert started.status == TimedPause.Status.ACTIVE
    assert started.ends_at is not None


def test_a_car_cannot_be_paused_for_a_while(db, alice_ev):
    with pytest.raises(timed_pause.NotPausable):
        pause(alice_ev)


@pytest.mark.django_db(transaction=True)
def test_the_pause_form_pauses_and_says_until_when(client, sandbox, alice_heat_pump):
    from django.urls import reverse

    client.force_login(alice_heat_pump.homeowner.user)
    url = reverse("preferences:pause-for-a-while", args=[alice_heat_pump.kind, alice_heat_pump.podero_id])

    response = client.post(url, {"length": "3h"}, follow=True)

    assert writes(sandbox) == [(podero_path(alice_heat_pump), OFF)]
    ends = timed_pause.active_pause(alice_heat_pump).ends_at.astimezone(timezone.get_default_timezone())
    page = response.content.decode()
    assert f"Smart optimization is paused until {ends:%A} {ends.day} {ends:%B %Y, %H:%M}." in page


@pytest.mark.django_db(transaction=True)
def test_the_pause_form_refuses_an_unknown_length_and_cars(client, sandbox, alice_heat_pump, alice_ev):
    from django.urls import reverse

    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(
        reverse("preferences:pause-for-a-while", args=[alice_heat_pump.kind, alice_heat_pump.podero_id]),
        {"length": "forever"},
        follow=True,
    )
    car = client.post(
        reverse("preferences:pause-for-a-while", args=[alice_ev.kind, alice_ev.podero_id]), {"length": "3h"}
    )

    assert "Choose how long to pause for." in response.content.decode()
    assert car.status_code == 404
    assert sandbox.writes() == []


@pytest.mark.django_db(transaction=True)
def test_resume_now_from_the_page(client, sandbox, alice_inverter):
    from django.urls import reverse

    pause(alice_inverter, TimedPause.Length.MORNING)
    client.force_login(alice_inverter.homeowner.user)

    response = client.post(
        reverse("preferences:pause-for-a-while-end", args=[alice_inverter.kind, alice_inverter.podero_id]),
        follow=True,
    )

    assert (
        "Smart optimization is on. Podero steers this device to the cheapest hours again."
        in response.content.decode()
    )
    assert writes(sandbox)[1:] == [(podero_path(alice_inverter), ON)]


@pytest.mark.django_db(transaction=True)
def test_staff_resuming_in_the_admin_ends_the_timed_pause(client, sandbox, maria, alice_heat_pump):
    from tests.admin.test_admin_support import admin_action_url
    from tests.helpers import page_url

    started = pause(alice_heat_pump)
    client.force_login(maria)

    client.post(admin_action_url(alice_heat_pump, "resume"), {"reason": "Customer called: too cold"})

    started.refresh_from_db()
    assert started.status == TimedPause.Status.RESUMED
    assert writes(sandbox) == [(podero_path(alice_heat_pump), OFF), (podero_path(alice_heat_pump), ON)]
    client.force_login(alice_heat_pump.homeowner.user)
    assert "Resume now" not in client.get(page_url(alice_heat_pump)).content.decode()


def test_staff_see_until_when_the_homeowner_paused(client, sandbox, maria, alice_heat_pump, alice_inverter):
    from django.urls import reverse

    pause(alice_heat_pump, now=datetime(2026, 11, 27, 10, 0, tzinfo=UTC))  # 3 hours: 14:00 in Berlin
    pause(alice_inverter, length=TimedPause.Length.UNTIL_RESUMED)
    client.force_login(maria)

    page = client.get(reverse("admin:preferences_homeowner_devices", args=[alice_heat_pump.homeowner_id]))

    text = page.content.decode()
    assert "The homeowner paused smart optimization until 27 November 2026, 14:00 (their time)." in text
    assert "The homeowner paused smart optimization until they switch it back on." in text


@pytest.mark.django_db(transaction=True)
def test_undoing_the_switch_back_on_pauses_again_until_the_timed_pause_was_due(
    client, sandbox, alice_heat_pump
):
    from tests.audit.test_undo import undo_url
    from tests.helpers import HTMX, action_url

    started = pause(alice_heat_pump)
    client.force_login(alice_heat_pump.homeowner.user)
    switched_on = client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)

    response = client.post(undo_url(switched_on), headers=HTMX)

    path = podero_path(alice_heat_pump)
    assert writes(sandbox) == [(path, OFF), (path, ON), (path, OFF)]
    assert timed_pause.active_pause(alice_heat_pump) == started
    ends = started.ends_at.astimezone(timezone.get_default_timezone())
    sent = response.content.decode()
    assert sent.count('<div id="pause" hx-swap-oob="true">') == 1
    assert f"Smart optimization is paused until {ends:%A} {ends.day} {ends:%B %Y, %H:%M}." in sent
    # The same Undo from another tab gets the same answer, and schedules nothing more.
    again = client.post(undo_url(switched_on), headers=HTMX).content.decode()
    assert f"Smart optimization is paused until {ends:%A} {ends.day} {ends:%B %Y, %H:%M}." in again
    assert len(sandbox.writes()) == 3
    # And the worker still resumes it when that time comes.
    end_soon(timed_pause.active_pause(alice_heat_pump), seconds=0)
    run_worker()
    assert writes(sandbox)[-1] == (podero_path(alice_heat_pump), ON)
    assert timed_pause.active_pause(alice_heat_pump) is None


@pytest.mark.django_db(transaction=True)
def test_undoing_the_switch_back_on_after_the_timed_pause_was_due_restores_no_end(
    client, sandbox, alice_heat_pump
):
    from tests.audit.test_undo import undo_url
    from tests.helpers import HTMX, action_url

    pause(alice_heat_pump, now=timezone.now() - timedelta(hours=3, seconds=-1))
    client.force_login(alice_heat_pump.homeowner.user)
    switched_on = client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)
    time.sleep(1.1)  # the pause was due by now

    client.post(undo_url(switched_on), headers=HTMX)

    assert writes(sandbox)[-1] == (podero_path(alice_heat_pump), OFF)
    assert timed_pause.active_pause(alice_heat_pump) is None


@pytest.mark.django_db(transaction=True)
def test_undo_restores_the_pause_when_a_twin_click_ended_it(client, sandbox, alice_heat_pump):
    """A double click on the switch: the second request shares the first one's write (one PUT) and may end the
    timed pause before the first gets to it. Undo of that one change still finds the pause it ended."""
    from preferences.devices import actions
    from tests.audit.test_undo import undo_url
    from tests.helpers import HTMX, action_url

    started = pause(alice_heat_pump)
    user = alice_heat_pump.homeowner.user
    # The first click's write has been answered; it has not ended the timed pause yet.
    first = actions.resume_optimization(device=alice_heat_pump, actor=user, now=timezone.now())
    client.force_login(user)
    twin = client.post(action_url(alice_heat_pump, "resume"), headers=HTMX)
    assert len(sandbox.writes()) == 2, "the twin shared the first click's write"
    assert undo_url(twin) == f"/changes/{first.change.pk}/undo/"

    client.post(undo_url(twin), headers=HTMX)

    assert timed_pause.active_pause(alice_heat_pump) == started


def test_pausing_for_a_while_without_javascript_says_until_when_once(client, sandbox, alice_heat_pump):
    import re

    from tests.helpers import action_url

    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(
        action_url(alice_heat_pump, "pause-for-a-while"),
        {"length": TimedPause.Length.THREE_HOURS},
        follow=True,
    )

    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert text.count("Smart optimization is paused until") == 1
