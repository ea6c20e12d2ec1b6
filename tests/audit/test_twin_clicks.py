"""Twin clicks: the intents that keep something of their own in the database (a timed pause, an absence) or hand
back an address (reconnect), asked for many times at once, run once and tell every requester the same thing;
and the same intent asked by someone else a moment later (staff after the homeowner) is their own change.

As in test_one_write_per_intent.py: threads through the whole portal, the sandbox's journal counting what
reached Podero, which takes its time so that every twin arrives while the first is still at work.
"""

import pytest

from preferences.models import Change
from tests.admin.test_admin_support import REASON, admin_action_url
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.helpers import HTMX, action_url, podero_path

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_PODERO_MS = 2000


def test_staff_pausing_just_after_the_homeowner_is_their_own_change_with_their_reason(
    client, sandbox, maria, alice_heat_pump
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "pause"), headers=HTMX)
    client.force_login(maria)

    client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON})

    changes = Change.objects.filter(intent=Change.Intent.PAUSE_OPTIMIZATION).order_by("pk")
    assert [(c.actor, c.reason) for c in changes] == [(alice_heat_pump.homeowner.user, ""), (maria, REASON)]
    assert len(sandbox.writes()) == 2


def test_twenty_parallel_reconnects_start_one_sign_in_and_all_go_to_it(sandbox, alice_heat_pump):
    sandbox.fault(latency_ms=SLOW_PODERO_MS, method="POST", path_contains="/auth_session")
    sandbox.clear_requests()

    responses = at_once(20, action_url(alice_heat_pump, "reconnect"), session_of(alice_heat_pump.homeowner))

    assert {r.status_code for r in responses} == {204}
    assert [(w["method"], w["path"]) for w in sandbox.writes()] == [
        ("POST", podero_path(alice_heat_pump, "/auth_session"))
    ]
    assert Change.objects.filter(intent=Change.Intent.RECONNECT).count() == 1
    assert len({r.headers["HX-Redirect"] for r in responses}) == 1
