"""Staff create the link that adds a device for a homeowner: the same onboarding session as the homeowner's own
"Add a device", with staff's reason, in the language staff choose; the homeowner comes back to their own page."""

import json

from django.urls import reverse
from pytest_django.asserts import assertContains

from preferences.models import Onboarding
from tests.admin.test_admin_support import REASON, devices_url
from tests.onboarding.test_add_a_device import on_connect_page, onboardings


def link_url(homeowner):
    return reverse("admin:preferences_homeowner_add_device_link", args=[homeowner.pk])


def test_staff_create_a_link_the_homeowner_follows_to_add_the_device(client, sandbox, maria, alice):
    client.force_login(maria)

    response = client.post(link_url(alice), {"kind": "ev", "language": "de", "reason": REASON}, follow=True)

    row = Onboarding.objects.get()
    assertContains(response, "Send the homeowner this link to add a device (Electric car).")
    assertContains(response, f'value="{row.authentication_url}"')
    assert (row.created_by, row.reason, row.homeowner) == (maria, REASON, alice)
    body = json.loads(onboardings(sandbox)[0]["body"])
    assert (body["user_id"], body["device_type"], body["language"]) == (str(alice.podero_user_id), "ev", "de")
    client.force_login(alice.user)
    assertContains(client.get(on_connect_page(row.authentication_url, "connect")), "Your device was added")


def test_without_a_reason_nothing_is_sent_and_the_choice_stays(client, sandbox, maria, alice):
    client.force_login(maria)

    response = client.post(link_url(alice), {"kind": "hp", "language": "en", "reason": ""})

    assert response.status_code == 422
    assertContains(response, "This field is required.", status_code=422)
    assertContains(response, '<option value="hp" selected>', status_code=422)
    assert onboardings(sandbox) == []


def test_read_only_support_cannot_create_a_link(client, sandbox, sam, alice):
    client.force_login(sam)

    assert client.post(link_url(alice), {"kind": "ev", "language": "en", "reason": REASON}).status_code == 403
    assert "Create a link to add a device" not in client.get(devices_url(alice)).content.decode()
    assert onboardings(sandbox) == []


def test_podero_down_is_said_and_nothing_is_linked(client, sandbox, maria, alice):
    sandbox.fault(status=503, method="POST", path_contains="/device-onboarding")
    client.force_login(maria)

    response = client.post(link_url(alice), {"kind": "ev", "language": "en", "reason": REASON})

    assertContains(response, "Nothing was changed", status_code=422)
    assert Onboarding.objects.get().outcome == Onboarding.Outcome.FAILED
