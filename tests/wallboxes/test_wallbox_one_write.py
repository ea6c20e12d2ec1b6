"""One click, one write for the wallbox's own intents: twenty Charge now or Stop clicks at once send Podero one
call and record one change (the same single flight as every intent, audit/single_flight.py)."""

import pytest

import podero_sandbox as seed
from preferences.models import Change
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.helpers import CONFIRMED, action_url, podero_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("verb", "method"), [("wallbox-charge-now", "POST"), ("wallbox-stop-charging", "DELETE")]
)
def test_twenty_clicks_at_once_send_one_call(sandbox, bob_wallbox, verb, method):
    sandbox.fault(latency_ms=300, method=method, path_contains="/boost")  # Podero takes its time
    sandbox.clear_requests()

    responses = at_once(20, action_url(bob_wallbox, verb), session_of(bob_wallbox.homeowner), data=CONFIRMED)

    assert {response.status_code for response in responses} == {200}
    boosts = [w for w in sandbox.writes() if w["path"] == podero_path(bob_wallbox, "/boost")]
    assert [w["method"] for w in boosts] == [method]
    assert Change.objects.filter(device=bob_wallbox).count() == 1
    assert seed.BOB_WALLBOX_ID in boosts[0]["path"]
