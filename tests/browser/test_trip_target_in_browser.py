"""Just for the next trip, in the browser: a one-off target for one date, shown on the card while active, put
back by the background worker once its deadline has passed (shown in Recent changes), and cancellable."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podero_sandbox import seed
from preferences.models import TripTarget
from tests.browser.helpers import EV_PAGE, PHONE, podero_path, sent
from tests.worker import run_worker

pytestmark = pytest.mark.browser

CHARGE_POLICY = podero_path("electric-vehicles", seed.ALICE_EV_ID, "/charge-policy")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
USUAL = {"charge_percentage": 80, "charge_deadline": "07:00"}


@pytest.fixture
def every_day(portal, alice_ev):
    portal.sandbox.set_device(seed.ALICE_EV_ID, is_charge_policy_enabled=True)
    return alice_ev


def set_trip_for_tomorrow(page: Page, *, javascript: bool = True) -> None:
    card = page.get_by_role("region", name="Charging plan")
    card.get_by_text("Just for the next trip").click()
    card.get_by_label("Day of the trip").select_option(label=_tomorrow_label())
    card.get_by_label("Charge for the trip (%)").fill("100")
    card.get_by_label("Ready for the trip by").fill("06:00")
    card.get_by_role("button", name="Set for this trip").click()


def _tomorrow_label() -> str:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return f"Tomorrow ({tomorrow:%A})"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no JavaScript"])
def test_a_trip_target_changes_only_its_day_and_shows_on_the_card(portal, alice, every_day, javascript):
    page = portal.logged_in_page(alice, javascript=javascript)
    page.goto(EV_PAGE)

    set_trip_for_tomorrow(page)

    card = page.get_by_role("region", name="Charging plan")
    expect(card.locator(".trip-now")).to_contain_text("at least 100 % by 06:00")
    expect(card.locator(".trip-now")).to_contain_text("Afterwards it goes back to at least 80 % by 07:00.")
    expect(card.locator(".plan-now")).to_have_text("Every day at least 80 % by 07:00, Europe/Berlin")
    # At once, as after the other actions: the htmx answer puts the change at the top of Recent changes.
    changes = page.get_by_role("region", name="Recent changes")
    expect(changes.locator("li").first).to_contain_text("You set a target just for the next trip")
    tomorrow = WEEKDAYS[(timezone.localdate() + timedelta(days=1)).weekday()]
    [(method, path, body)] = sent(portal.sandbox)
    assert (method, path) == ("PUT", CHARGE_POLICY)
    assert {day for day in WEEKDAYS if body[day] != USUAL} == {tomorrow}
    assert body[tomorrow] == {"charge_percentage": 100, "charge_deadline": "06:00"}


def test_the_worker_puts_the_usual_target_back_and_recent_changes_says_so(portal, alice, every_day):
    page = portal.logged_in_page(alice)
    page.goto(EV_PAGE)
    set_trip_for_tomorrow(page)
    expect(page.locator(".trip-now")).to_be_visible()
    TripTarget.objects.update(restore_at=timezone.now() - timedelta(seconds=1))
    trip = TripTarget.objects.get()
    from preferences.charging import trips

    trips._schedule_restore(trip, at=timezone.now())
    run_worker()

    page.reload()
    card = page.get_by_role("region", name="Charging plan")
    expect(card.locator(".trip-now")).to_have_count(0)
    expect(page.get_by_role("region", name="Recent changes")).to_contain_text(
        "The portal put the usual target back after the trip"
    )
    assert sent(portal.sandbox)[-1][2][trip.weekday] == USUAL


def test_while_a_trip_target_is_on_its_way_its_fields_cannot_be_typed_into(portal, alice, every_day):
    page = portal.logged_in_page(alice)
    held = []  # the portal's answer, held back as a slow connection would
    page.route("**/trip-target/", lambda route: held.append(route))
    page.goto(EV_PAGE)
    set_trip_for_tomorrow(page)
    while not held:
        page.wait_for_timeout(20)

    card = page.get_by_role("region", name="Charging plan")
    for label in ("Day of the trip", "Charge for the trip (%)", "Ready for the trip by"):
        expect(card.get_by_label(label)).to_be_disabled()
    held[0].continue_()
    expect(card.get_by_text("Saved just for this trip.")).to_be_visible()
    assert [(method, path) for method, path, _body in sent(portal.sandbox)] == [("PUT", CHARGE_POLICY)]


def test_a_trip_target_can_be_cancelled(portal, alice, every_day):
    page = portal.logged_in_page(alice)
    page.goto(EV_PAGE)
    set_trip_for_tomorrow(page)
    card = page.get_by_role("region", name="Charging plan")

    card.get_by_role("button", name="Cancel the one-off target").click()

    expect(card.get_by_text("The one-off target is cancelled: the usual plan applies again.")).to_be_visible()
    expect(card.locator(".trip-now")).to_have_count(0)
    body = sent(portal.sandbox)[-1][2]
    assert all(body[day] == USUAL for day in WEEKDAYS)


def test_a_trip_time_already_past_today_is_refused_at_its_field(portal, alice, every_day):
    page = portal.logged_in_page(alice)
    page.goto(EV_PAGE)
    card = page.get_by_role("region", name="Charging plan")
    card.get_by_text("Just for the next trip").click()
    card.get_by_label("Day of the trip").select_option(index=0)
    card.get_by_label("Ready for the trip by").fill("00:00")

    card.get_by_role("button", name="Set for this trip").click()

    expect(card.get_by_text("That time has already passed today.")).to_be_visible()
    assert sent(portal.sandbox) == []


def test_a_trip_set_on_a_phone_in_german_is_said_once_and_fits(portal, alice, every_day, axe):
    """With UPDATE_SCREENSHOTS=1 the card is photographed into docs/screenshots/ (README.md)."""
    import os
    from pathlib import Path

    from tests.browser.layout import layout_problems

    page = portal.logged_in_page(alice, locale="de-DE")
    page.goto(EV_PAGE)
    card = page.get_by_role("region", name="Ladeplan")
    card.get_by_text("Nur für die nächste Fahrt").click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    weekday = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")[
        tomorrow.weekday()
    ]
    card.get_by_label("Tag der Fahrt").select_option(label=f"Morgen ({weekday})")
    card.get_by_label("Ladestand für die Fahrt (%)").fill("100")
    card.get_by_label("Bereit für die Fahrt um").fill("06:00")
    card.get_by_role("button", name="Für diese Fahrt festlegen").click()

    expect(card.locator(".notice-ok")).to_have_text("Nur für diese Fahrt gespeichert.")
    expect(card.locator(".trip-now")).to_contain_text("mindestens 100 % bis 06:00 Uhr")
    assert card.inner_text().count("Nur für die Fahrt am") == 1
    assert layout_problems(page, axe, screens=("phone",)) == []
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        card.screenshot(path=folder / "trip-target-set-phone-de.png", caret="hide")


NO_DEADLINE_WORDS = {
    "en": {
        "locale": "en-GB",
        "card": "Charging plan",
        "open": "Just for the next trip",
        "day": "Day of the trip",
        "tomorrow": "Tomorrow ({weekday})",
        "weekdays": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "percentage": "Charge for the trip (%)",
        "ready_by": "Ready for the trip by",
        "set": "Set for this trip",
        "plan": "No deadline: Podero charges the car whenever electricity is cheapest.",
        "then": "Afterwards there is no deadline again.",
    },
    "de": {
        "locale": "de-DE",
        "card": "Ladeplan",
        "open": "Nur für die nächste Fahrt",
        "day": "Tag der Fahrt",
        "tomorrow": "Morgen ({weekday})",
        "weekdays": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        "percentage": "Ladestand für die Fahrt (%)",
        "ready_by": "Bereit für die Fahrt um",
        "set": "Für diese Fahrt festlegen",
        "plan": None,  # German words checked by the "then" sentence below
        "then": "Danach gilt wieder keine Frist.",
    },
}


@pytest.mark.parametrize("language", ["en", "de"])
def test_under_no_deadline_a_trip_target_is_offered_and_switches_the_deadline_on_for_that_day_alone(
    portal, alice, alice_ev, check_layout, language
):
    """Alice's car has No deadline (the seed's): the trip form is there all the same, fits a phone, and sends the
    trip's day with no minimum on the others, then switches the deadline on."""
    words = NO_DEADLINE_WORDS[language]
    page = portal.logged_in_page(alice, locale=words["locale"])
    page.goto(EV_PAGE)
    card = page.get_by_role("region", name=words["card"])
    expect(card.get_by_label({"en": "No deadline", "de": "Keine Frist"}[language])).to_be_checked()

    card.get_by_text(words["open"]).click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    label = words["tomorrow"].format(weekday=words["weekdays"][tomorrow.weekday()])
    card.get_by_label(words["day"]).select_option(label=label)
    card.get_by_label(words["percentage"]).fill("90")
    card.get_by_label(words["ready_by"]).fill("06:30")
    check_layout(page, screens=("phone",))
    card.get_by_role("button", name=words["set"]).click()

    expect(card.locator(".trip-now")).to_contain_text(words["then"])
    if words["plan"]:
        expect(card.locator(".plan-now")).to_have_text(words["plan"])
    check_layout(page, screens=("phone",))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        for screen, size in (("phone", PHONE), ("desk", {"width": 1280, "height": 800})):
            page.set_viewport_size(size)
            card.screenshot(path=folder / f"trip-target-no-deadline-{screen}-{language}.png", caret="hide")
    weekday = WEEKDAYS[tomorrow.weekday()]
    [(put, path, week), (put_ev, ev_path, switch)] = sent(portal.sandbox)
    assert (put, path) == ("PUT", CHARGE_POLICY)
    assert week[weekday] == {"charge_percentage": 90, "charge_deadline": "06:30"}
    assert {week[day]["charge_percentage"] for day in WEEKDAYS if day != weekday} == {0}
    assert (put_ev, ev_path, switch) == (
        "PUT",
        podero_path("electric-vehicles", seed.ALICE_EV_ID),
        {"is_charge_policy_enabled": True},
    )


AFTER_THE_TRIP_WORDS = {
    "en": {
        "state": "Why is it (not) charging?",
        "checklist": "The charging plan is No deadline, with a one-off target just for the trip on",
        "then": "Afterwards there is no deadline again.",
        "deadlines": "Next deadlines",
        "target": "at least 90 %",
        "changes": "Recent changes",
        "set": "You set a target just for the next trip",
        "cancel": "Cancel the one-off target",
        "put_back": "You put the usual target back after the trip",
        "tile": "at least 90 % by 06:30",
    },
    "de": {
        "state": "Warum lädt das Auto (nicht)?",
        "checklist": "Der Ladeplan steht auf Keine Frist, mit einem einmaligen Ziel nur für die Fahrt am",
        "then": "Danach gilt wieder keine Frist.",
        "deadlines": "Die nächsten Fristen",
        "target": "mindestens 90 %",
        "changes": "Letzte Änderungen",
        "set": "Sie haben ein Ziel nur für die nächste Fahrt festgelegt",
        "cancel": "Einmaliges Ziel abbrechen",
        "put_back": "Sie haben nach der Fahrt das übliche Ziel wiederhergestellt",
        "tile": "mindestens 90 % bis 06:30 Uhr",
    },
}


@pytest.mark.parametrize("language", ["en", "de"])
def test_while_a_trip_under_no_deadline_runs_the_page_and_the_tile_say_what_is_true(
    portal, alice, alice_ev, check_layout, language
):
    """The checklist names the one-off target (not a deadline plan), Next deadlines lists the trip's deadline
    alone, Recent changes has one line for setting it and one for cancelling it (two writes each), and the car's
    tile on My devices says the trip's target; on a phone."""
    words, said = NO_DEADLINE_WORDS[language], AFTER_THE_TRIP_WORDS[language]
    page = portal.logged_in_page(alice, locale=words["locale"])
    page.goto(EV_PAGE)
    card = page.get_by_role("region", name=words["card"])
    card.get_by_text(words["open"]).click()
    tomorrow = timezone.localdate() + timedelta(days=1)
    label = words["tomorrow"].format(weekday=words["weekdays"][tomorrow.weekday()])
    card.get_by_label(words["day"]).select_option(label=label)
    card.get_by_label(words["percentage"]).fill("90")
    card.get_by_label(words["ready_by"]).fill("06:30")
    card.get_by_role("button", name=words["set"]).click()
    expect(card.locator(".trip-now")).to_contain_text(words["then"])

    page.reload()

    state = page.get_by_role("region", name=said["state"])
    expect(state).to_contain_text(said["checklist"])
    expect(state).to_contain_text(said["then"])
    deadlines = card.locator(".next-deadlines")
    deadlines.get_by_text(said["deadlines"]).click()
    expect(deadlines.locator("li")).to_have_count(1)
    expect(deadlines.locator("li")).to_contain_text(said["target"])
    expect(deadlines.locator("li")).to_contain_text("06:30")
    changes = page.get_by_role("region", name=said["changes"])
    expect(changes.locator("li").filter(has_text=said["set"])).to_have_count(1)
    check_layout(page, screens=("phone",))
    if os.environ.get("UPDATE_SCREENSHOTS"):
        folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        for screen, size in (("phone", PHONE), ("desk", {"width": 1280, "height": 800})):
            page.set_viewport_size(size)
            state.screenshot(
                path=folder / f"trip-no-deadline-checklist-{screen}-{language}.png", caret="hide"
            )
            card.screenshot(path=folder / f"trip-no-deadline-deadlines-{screen}-{language}.png", caret="hide")
        page.set_viewport_size(PHONE)

    page.goto("/")
    expect(page.locator(".tile").filter(has_text=said["tile"])).to_have_count(1)
    check_layout(page, screens=("phone",))

    page.goto(EV_PAGE)
    card.get_by_role("button", name=said["cancel"]).click()
    expect(card.locator(".trip-now")).to_have_count(0)
    page.reload()
    expect(changes.locator("li").filter(has_text=said["put_back"])).to_have_count(1)
    expect(changes.locator("li").filter(has_text=said["set"])).to_have_count(1)
    expect(card.locator(".next-deadlines")).to_have_count(0)
