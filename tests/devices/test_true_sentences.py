"""Only true sentences: "Nothing was changed" only when the request certainly did not take effect (never sent,
refused before Podero processed it, the breaker open); otherwise "may still take effect — check again in a
minute", the same on every form and in the admin. A failed read says what could not be shown and nothing about
changes, and each part of a page fails alone."""

import html

import pytest

import podero_sandbox as seed
from tests.admin.test_admin_support import REASON, admin_action_url
from tests.helpers import HTMX, action_url, page_url

NOTHING_CHANGED = "Nothing was changed"
MAY_STILL_TAKE_EFFECT = "Your change may still take effect: check again in a minute."
COULD_NOT_READ = "We couldn't read your device's current state right now."


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def podero_hangs(sandbox, settings):
    """Every call hangs past the read timeout: writes were sent (the sandbox applies them), answers never come."""
    settings.PODERO_READ_TIMEOUT = 0.3
    sandbox.fault(hang_seconds=1, path_contains="/api/partners/")


@pytest.mark.parametrize(
    ("action", "data", "fixture"),
    [
        ("pause", {}, "alice_heat_pump"),
        ("charge-now", {"confirmed": "yes"}, "alice_ev"),
    ],
)
def test_a_click_while_podero_hangs_never_says_nothing_was_changed(
    client, request, podero_hangs, action, data, fixture
):
    device = request.getfixturevalue(fixture)
    client.force_login(device.homeowner.user)

    response = client.post(action_url(device, action), data, headers=HTMX)

    page = text(response)
    assert MAY_STILL_TAKE_EFFECT in page
    assert NOTHING_CHANGED not in page


def test_a_write_refused_before_processing_says_nothing_was_changed(client, sandbox, alice_heat_pump):
    sandbox.fault(status=503, retry_after="120", method="PUT")
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)

    assert NOTHING_CHANGED in text(response)
    assert "may still take effect" not in text(response)


def test_the_admin_says_the_same_when_podero_hangs(client, maria, alice_heat_pump, podero_hangs):
    client.force_login(maria)

    response = client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON}, follow=True)

    assert MAY_STILL_TAKE_EFFECT in text(response)
    assert NOTHING_CHANGED not in text(response)


def test_a_page_that_cannot_be_read_says_nothing_about_changes(client, alice_ev, podero_hangs):
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev))

    assert response.status_code == 503
    assert COULD_NOT_READ in text(response)
    assert NOTHING_CHANGED not in text(response)


# Each part fails alone


def test_when_the_charging_plan_cannot_be_read_the_rest_of_the_ev_page_shows(client, sandbox, alice_ev):
    sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    sandbox.fault(status=500, method="GET", path_contains="/charge-policy")
    client.force_login(alice_ev.homeowner.user)

    response = client.get(page_url(alice_ev))

    page = text(response)
    assert response.status_code == 200
    assert "Charge now" in page
    assert "Why is it (not) charging?" in page  # the state card, as the checklist
    assert COULD_NOT_READ in page
    assert NOTHING_CHANGED not in page


def test_a_part_polled_by_htmx_that_cannot_be_read_answers_with_that_part_only(client, sandbox, alice_ev):
    sandbox.fault(status=500, method="GET")
    client.force_login(alice_ev.homeowner.user)

    response = client.get(f"{page_url(alice_ev)}?part=boost", headers=HTMX)

    assert COULD_NOT_READ in text(response)
    assert "<html" not in text(response)
    assert "<h1>" not in text(response)
