"""I'm away, in the browser: pause until a return time a few seconds ahead, and see the worker resume."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from podero_sandbox import seed
from tests.browser.helpers import podero_path, sent
from tests.worker import run_worker

pytestmark = pytest.mark.browser

PAUSE = {"is_smart_optimization_active": False}
RESUME = {"is_smart_optimization_active": True}


def go_away_for(page, seconds):
    """Fill in the I'm away form with a return time `seconds` from now, in the homeowner's zone, and send it."""
    back = (timezone.now() + timedelta(seconds=seconds)).astimezone(ZoneInfo(seed.DEFAULT_TIMEZONE))
    away = page.get_by_role("region", name="I'm away")
    away.get_by_label("Back on").fill(back.strftime("%Y-%m-%dT%H:%M:%S"))
    expect(away.get_by_label("Nibe S-Series")).to_be_checked()
    expect(away.get_by_label("Fronius Symo GEN24 10.0 Plus")).to_be_checked()
    away.get_by_role("button", name="Pause until I'm back").click()
    expect(away.get_by_text("You are away until")).to_be_visible()
    return back.replace(microsecond=0)


def wait_until(moment):
    """Real time passing is what these tests are about: the worker acts only once the return time is reached."""
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)


def test_an_absence_pauses_the_devices_and_the_worker_resumes_them_at_the_return_time(page, portal):
    page.goto("/")

    back = go_away_for(page, 3)

    expect(page.get_by_text("Paused until you are back")).to_have_count(2)
    assert sent(portal.sandbox) == [
        ("PUT", podero_path("heat-pumps", seed.ALICE_HEAT_PUMP_ID), PAUSE),
        ("PUT", podero_path("inverters", seed.ALICE_INVERTER_ID), PAUSE),
    ]

    run_worker()
    assert len(sent(portal.sandbox)) == 2, "nothing is resumed before the return time"
    wait_until(back)
    run_worker()
    page.reload()

    expect(page.get_by_role("region", name="I'm away").get_by_text("Going away?")).to_be_visible()
    assert sent(portal.sandbox)[2:] == [
        ("PUT", podero_path("heat-pumps", seed.ALICE_HEAT_PUMP_ID), RESUME),
        ("PUT", podero_path("inverters", seed.ALICE_INVERTER_ID), RESUME),
    ]
    page.get_by_role("link", name="Nibe S-Series").click()
    activity = page.get_by_role("region", name="Recent changes")
    expect(activity.get_by_text("Resumed automatically at the end of an absence")).to_be_visible()
    expect(activity.get_by_text("Paused for an absence")).to_be_visible()


def test_a_resume_that_meets_an_outage_is_retried_and_succeeds_after_it(page, portal, settings):
    settings.ABSENCE_RETRY_DELAYS = [1]
    page.goto("/")
    wait_until(go_away_for(page, 3))
    portal.sandbox.fault(status=503, method="PUT")

    run_worker()
    page.reload()

    print("PAGE", page.get_by_role("region", name="I'm away").inner_text())
    expect(page.get_by_text("Could not resume yet: we will keep trying")).to_have_count(2)

    portal.sandbox.control("DELETE", "faults")
    wait_until(timezone.now() + timedelta(seconds=1))
    run_worker()
    page.reload()

    expect(page.get_by_text("Going away?")).to_be_visible()
    assert sent(portal.sandbox)[-2:] == [
        ("PUT", podero_path("heat-pumps", seed.ALICE_HEAT_PUMP_ID), RESUME),
        ("PUT", podero_path("inverters", seed.ALICE_INVERTER_ID), RESUME),
    ]
