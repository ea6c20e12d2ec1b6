"""Adding a device: one onboarding session per click in Podero's Connect UI (the sandbox's page stands in for it),
and a page to come back to that says what happened: added (with the device), cancelled or expired, under each
reading of what the docs leave open (podero-api.md §9.3)."""

import json
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import podero_sandbox.seed as seed
from preferences.models import Device, Onboarding
from tests.audit.test_one_write_per_intent import at_once, session_of
from tests.helpers import GERMAN, HTMX

ADD = "/add-device/"
SEEDED = set(seed.seed_devices())


def onboardings(sandbox):
    return [r for r in sandbox.requests() if "/device-onboarding" in r["path"]]


def start(client, kind="ev", headers=HTMX):
    response = client.post(ADD, {"kind": kind}, headers=headers)
    assert response.status_code == 204, response.content
    return response.headers["HX-Redirect"]


def on_connect_page(url, decision, **extra):
    """The homeowner's choice on the Connect page: where it sends the browser (a path of the portal)."""
    page = requests.get(url, timeout=5)
    session_id = url.split("onboarding_session_id=")[1]
    answer = requests.post(
        url.split("?")[0],
        data={"onboarding_session_id": session_id, "decision": decision, **extra},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 303, (page.text, answer.text)
    return urlsplit(answer.headers["Location"]).path


def test_my_devices_offers_to_add_a_device(client, sandbox, alice_ev):
    client.force_login(alice_ev.homeowner.user)

    assertContains(client.get("/"), f'href="{ADD}"')
    page = client.get(ADD)
    for words in ("Electric car", "Heat pump", "Solar panels (inverter)", "Wallbox (charging station)"):
        assertContains(page, words)


def test_choosing_a_kind_opens_one_session_with_exactly_the_documented_fields(client, sandbox, alice):
    client.force_login(alice.user)

    url = start(client, "ev")

    [call] = onboardings(sandbox)
    row = Onboarding.objects.get()
    assert (call["method"], call["path"]) == ("POST", "/api/partners/v2.0/device-onboarding")
    assert call["body"] == json.dumps(
        {
            "user_id": str(alice.podero_user_id),
            "device_type": "ev",
            "language": "en",
            "price_zone_default": "DE_LU",
            "is_smart_optimization_active_default": True,
            "success_url": f"http://testserver/add-device/{row.key}/done/",
            "cancel_url": f"http://testserver/add-device/{row.key}/cancelled/",
        }
    )
    assert url.startswith(sandbox.url + "/connect/onboarding?onboarding_session_id=")
    assert (row.outcome, row.authentication_url, str(row.podero_session_id)) == (
        Onboarding.Outcome.OPEN,
        url,
        url.split("=")[1],
    )
    assert row.expires_on is not None


def test_connecting_adds_the_car_and_the_page_back_says_so_and_shows_it(client, sandbox, alice):
    client.force_login(alice.user)
    back = on_connect_page(start(client, "ev"), "connect")

    page = client.get(back)

    assertContains(page, "Your device was added")
    assertContains(page, "Podero has added your device (Electric car)")
    device = Device.objects.get(podero_id=Onboarding.objects.get().device_podero_id)
    assert device.kind == "electric-vehicles"
    assert str(device.podero_id) not in SEEDED
    assertContains(page, f'href="{device.get_absolute_url()}"')
    assertContains(client.get(device.get_absolute_url()), "Smart charging")  # its page works at once


def test_cancelling_adds_nothing_and_says_so(client, sandbox, alice):
    client.force_login(alice.user)
    back = on_connect_page(start(client, "hp"), "cancel")

    page = client.get(back)

    assertContains(page, "Nothing was added")
    assertContains(page, "You stopped before the device (Heat pump) was connected")
    assertContains(page, "Try again")
    assertContains(page, "Add another kind of device")
    assert Onboarding.objects.get().outcome == Onboarding.Outcome.CANCELLED
    assert {str(d.podero_id) for d in Device.objects.filter(homeowner=alice)} <= SEEDED


@pytest.mark.parametrize("expired_reads", ["readable", "not_found"])
def test_an_expired_link_says_it_expired(client, sandbox, alice, expired_reads):
    sandbox.reading(onboarding_expired=expired_reads)
    client.force_login(alice.user)
    url = start(client, "ev")
    row = Onboarding.objects.get()
    sandbox.control("POST", f"device-onboarding/{row.podero_session_id}/expire")
    row.expires_on = row.expires_on.replace(year=row.expires_on.year - 1)  # our record knows it too
    row.save()

    connect_page = requests.get(url, timeout=5)
    assert connect_page.status_code == 410
    assert "This link has expired" in connect_page.text
    page = client.get(reverse("preferences:add-device-cancelled", args=[row.key]))

    assertContains(page, "The link has expired")
    assert Onboarding.objects.get().outcome == Onboarding.Outcome.EXPIRED


def test_when_podero_does_not_name_the_device_the_new_one_is_found_in_its_lists(client, sandbox, alice_ev):
    sandbox.reading(onboarding_object_id="null")
    client.force_login(alice_ev.homeowner.user)
    back = on_connect_page(start(client, "ev"), "connect")

    page = client.get(back)

    assertContains(page, "Your device was added")
    new = Onboarding.objects.get().device_podero_id
    assert new is not None
    assert new != alice_ev.podero_id
    assertContains(page, f'href="/electric-vehicles/{new}/"')


def test_when_podero_reads_no_device_type_its_page_asks_and_the_kind_chosen_there_is_added(
    client, sandbox, alice
):
    sandbox.reading(onboarding_type="unread")
    client.force_login(alice.user)
    url = start(client, "ev")
    assert "Which device?" in requests.get(url, timeout=5).text

    client.get(on_connect_page(url, "connect", device_type="iv"))

    assert Device.objects.get(podero_id=Onboarding.objects.get().device_podero_id).kind == "inverters"


def test_a_double_click_opens_one_session(sandbox, alice, transactional_db):
    responses = at_once(5, ADD, session_of(alice), {"kind": "ev"})

    assert len(onboardings(sandbox)) == 1
    assert Onboarding.objects.count() == 1
    assert {r.headers["HX-Redirect"] for r in responses} == {Onboarding.objects.get().authentication_url}


def test_coming_back_twice_asks_podero_once_and_says_the_same(client, sandbox, alice):
    client.force_login(alice.user)
    back = on_connect_page(start(client, "ev"), "connect")
    first = client.get(back).content.decode()
    sandbox.clear_requests()

    again = client.get(back)

    assertContains(again, "Your device was added")
    assert onboardings(sandbox) == []
    assert "Your device was added" in first


def test_the_connect_page_is_in_the_homeowners_language(client, sandbox, alice):
    client.force_login(alice.user)

    url = start(client, "ev", headers={**HTMX, **GERMAN})

    assert json.loads(onboardings(sandbox)[0]["body"])["language"] == "de"
    assert '<html lang="de">' in requests.get(url, timeout=5).text


@pytest.mark.parametrize(
    ("fault", "said", "status"),
    [
        ({"status": 503}, "Nothing was changed", 503),
        ({"status": 422}, "Podero did not accept these values", 422),
        ({"status": 500}, "may still take effect", 503),
    ],
)
def test_a_podero_failure_is_said_in_plain_words_and_the_choice_stays(
    client, sandbox, alice, fault, said, status
):
    sandbox.fault(method="POST", path_contains="/device-onboarding", **fault)
    client.force_login(alice.user)

    response = client.post(ADD, {"kind": "hp"}, headers=HTMX)

    assert response.status_code == status
    assertContains(response, said, status_code=status)
    assert 'value="hp" id="id_kind_1" required checked' in response.content.decode()
    assert Onboarding.objects.get().outcome == Onboarding.Outcome.FAILED


def test_no_kind_chosen_is_said_at_the_field_and_nothing_is_sent(client, sandbox, alice):
    client.force_login(alice.user)

    response = client.post(ADD, {}, headers=HTMX)

    assertContains(response, "Choose the kind of device to add.", status_code=422)
    assert onboardings(sandbox) == []


def test_a_wallbox_session_is_asked_with_its_type(client, sandbox, alice):
    client.force_login(alice.user)

    start(client, "wb")

    assert json.loads(onboardings(sandbox)[0]["body"])["device_type"] == "wb"


def test_someone_elses_session_is_a_404(client, sandbox, alice, bob):
    client.force_login(alice.user)
    start(client, "ev")
    key = Onboarding.objects.get().key
    client.force_login(bob.user)

    assert client.get(reverse("preferences:add-device-done", args=[key])).status_code == 404
    assert client.get(reverse("preferences:add-device-cancelled", args=[key])).status_code == 404


def test_without_javascript_the_page_links_to_podero(client, sandbox, alice):
    client.force_login(alice.user)

    response = client.post(ADD, {"kind": "ev"})

    assertContains(response, "Continue to Podero")
    assertContains(response, Onboarding.objects.get().authentication_url.replace("&", "&amp;"))
    assertNotContains(response, "Nothing was changed")


def test_the_price_zone_of_the_settings_is_sent(client, sandbox, alice, settings):
    settings.PODERO_PRICE_ZONE = "AT"
    client.force_login(alice.user)

    start(client, "ev")

    assert json.loads(onboardings(sandbox)[0]["body"])["price_zone_default"] == "AT"


def test_a_second_click_a_moment_after_the_first_goes_to_the_same_session(client, sandbox, alice):
    client.force_login(alice.user)

    first, second = start(client, "ev"), start(client, "ev")

    assert first == second
    assert len(onboardings(sandbox)) == 1


def test_trying_again_right_after_cancelling_opens_a_new_session(client, sandbox, alice):
    client.force_login(alice.user)
    first = start(client, "ev")
    client.get(on_connect_page(first, "cancel"))

    again = start(client, "ev")

    assert again != first
    assert len(onboardings(sandbox)) == 3  # two POSTs, and the GET that read the first one back


def test_a_session_whose_answer_never_came_is_settled_by_the_sweep(alice, settings):
    from datetime import timedelta

    from django.utils import timezone

    from preferences import sweeper

    long_ago = timezone.now() - timedelta(seconds=settings.SETTLE_PENDING_AFTER_SECONDS + 1)
    Onboarding.objects.create(homeowner=alice, device_type="ev", created_at=long_ago)
    Onboarding.objects.create(homeowner=alice, device_type="hp", created_at=timezone.now())  # still in time

    sweeper.sweep()

    assert sorted(Onboarding.objects.values_list("device_type", "outcome")) == [
        ("ev", Onboarding.Outcome.NO_ANSWER),
        ("hp", Onboarding.Outcome.STARTING),
    ]
