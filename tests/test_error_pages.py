"""Errors in the portal's style and the person's language: a whole page for a page, a note in the card for htmx.

A click after the session ended goes to the login page and back to the page; a form from a page opened before the
last login says so in the card. The browser side of both is in tests/browser/test_errors_in_browser.py.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from preferences.models import Change
from tests.helpers import GERMAN, HTMX, action_url, page_url


def htmx_from(page: str) -> dict[str, str]:
    return {**HTMX, "HX-Current-URL": f"http://testserver{page}"}


# Error pages


@pytest.mark.django_db
def test_an_unknown_page_is_a_404_in_the_portals_style(client):
    response = client.get("/no-such-page/")

    assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)
    assertContains(response, "/static/css/portal.", status_code=404)
    assertContains(response, 'href="/"', status_code=404)


@pytest.mark.django_db
def test_the_404_page_is_in_german_for_a_german_browser(client):
    response = client.get("/no-such-page/", headers=GERMAN)

    assertContains(response, '<html lang="de">', status_code=404)
    assertContains(response, "Seite nicht gefunden", status_code=404)
    assertContains(response, "Zu meinen Geräten", status_code=404)


def test_another_homeowners_device_is_the_same_404(client, alice, bob_heat_pump):
    client.force_login(alice.user)

    response = client.get(page_url(bob_heat_pump))

    assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)


def test_an_htmx_click_that_finds_nothing_gets_a_note_for_its_card_not_a_page(client, alice, bob_heat_pump):
    client.force_login(alice.user)

    response = client.post(action_url(bob_heat_pump, "pause"), {}, headers=htmx_from("/"))

    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'role="alert"', status_code=404)
    assertContains(response, '<a href="/">Reload the page</a>', status_code=404, html=True)
    assertNotContains(response, "<html", status_code=404)


@pytest.mark.urls("tests.failing_urls")
def test_the_500_page_needs_no_database_and_speaks_german():
    client = Client(raise_request_exception=False)  # no database: this test may not touch it

    response = client.get("/fails/", headers=GERMAN)

    assert response.status_code == 500
    assertContains(response, '<html lang="de">', status_code=500)
    assertContains(response, "Bei uns ist etwas schiefgegangen", status_code=500)
    assertContains(response, "/static/css/portal.", status_code=500)


@pytest.mark.urls("tests.failing_urls")
def test_after_a_failure_the_500_page_says_a_change_may_still_take_effect():
    client = Client(raise_request_exception=False)

    response = client.post("/fails/", headers=htmx_from("/"))

    assertContains(response, "it may still take effect", status_code=500)
    assertNotContains(response, "Nothing was", status_code=500)
    assertNotContains(response, "<html", status_code=500)


@pytest.mark.urls("tests.failing_urls")
def test_when_even_the_500_template_fails_a_plain_page_in_both_languages_is_sent(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    client = Client(raise_request_exception=False)

    response = client.get("/fails/")

    assertContains(response, "Something went wrong on our side", status_code=500)
    assertContains(response, "Bei uns ist etwas schiefgegangen", status_code=500)


@pytest.mark.django_db
def test_a_bad_request_is_a_400_page_in_the_portals_style(client):
    response = client.get("/", headers={"host": "evil.example"})

    assertContains(response, "<h1>Something in this request was not right</h1>", status_code=400, html=True)


# The session ended before the click


def test_an_htmx_click_after_the_session_ended_sends_the_browser_to_log_in_and_back(
    client, sandbox, alice_heat_pump
):
    page = page_url(alice_heat_pump)

    response = client.post(action_url(alice_heat_pump, "pause"), {}, headers=htmx_from(page))

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={page.replace('/', '%2F')}"
    assert response.content == b""
    assert sandbox.writes() == []
    assert Change.objects.count() == 0
    login = client.get(response["HX-Redirect"])
    assertContains(login, "Your session had ended, so nothing was sent or changed.")


def test_a_form_post_without_javascript_after_the_session_ended_returns_to_its_page(
    client, sandbox, alice_ev
):
    page = page_url(alice_ev)

    response = client.post(
        action_url(alice_ev, "charge-now"), headers={"referer": f"http://testserver{page}"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={page.replace('/', '%2F')}"
    assert sandbox.writes() == []


def test_after_logging_in_the_person_is_back_on_the_page(client, sandbox, alice_heat_pump):
    from tests.conftest import PASSWORD

    page = page_url(alice_heat_pump)
    redirect = client.post(action_url(alice_heat_pump, "pause"), {}, headers=htmx_from(page))["HX-Redirect"]

    response = client.post(redirect, {"username": "alice@example.com", "password": PASSWORD})

    assert response["Location"] == page


def test_a_page_of_another_site_is_never_the_way_back(client, sandbox, alice_heat_pump):
    response = client.post(
        action_url(alice_heat_pump, "pause"),
        {},
        headers={**HTMX, "HX-Current-URL": "https://evil.example/heat-pumps/"},
    )

    assert response["HX-Redirect"] == reverse("login")


def test_polling_a_part_after_the_session_ended_also_goes_to_log_in(client, alice_ev):
    page = page_url(alice_ev)

    response = client.get(f"{page}?part=boost", headers=htmx_from(page))

    assert response["HX-Redirect"] == f"{reverse('login')}?next={page.replace('/', '%2F')}"


def test_opening_a_page_without_a_login_still_asks_to_log_in_the_usual_way(client, alice_ev):
    response = client.get(page_url(alice_ev))

    assert response.status_code == 302
    assert "HX-Redirect" not in response
    assertNotContains(client.get(response["Location"]), "Your session had ended")


def test_logging_out_says_nothing_about_an_ended_session(client, alice):
    client.force_login(alice.user)

    response = client.post(reverse("logout"), follow=True)

    assertNotContains(response, "Your session had ended")


# A page opened before the last login: its CSRF token is stale


@pytest.fixture
def stale_client(alice):
    """Alice's browser after she logged in again elsewhere: her page still sends the token of before."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


def test_an_htmx_click_with_a_stale_token_asks_to_reload_inside_the_card(
    stale_client, sandbox, alice_heat_pump
):
    page = page_url(alice_heat_pump)

    response = stale_client.post(
        action_url(alice_heat_pump, "pause"),
        {},
        headers={**htmx_from(page), "X-CSRFToken": "b" * 32},
    )

    assertContains(response, "This page is out of date", status_code=403)
    assertContains(response, "Nothing was sent or changed", status_code=403)
    assertContains(response, f'<a href="{page}">Reload the page</a>', status_code=403, html=True)
    assertNotContains(response, "<html", status_code=403)
    assertNotContains(response, "CSRF verification failed", status_code=403)
    assert sandbox.writes() == []


def test_a_form_with_a_stale_token_without_javascript_gets_a_portal_page(
    stale_client, sandbox, alice_heat_pump
):
    response = stale_client.post(
        action_url(alice_heat_pump, "pause"),
        {"csrfmiddlewaretoken": "b" * 32},
    )

    assertContains(response, "<h1>This page is out of date</h1>", status_code=403, html=True)
    assertContains(response, "/static/css/portal.", status_code=403)
    assertNotContains(response, "CSRF verification failed", status_code=403)


def test_a_stale_token_in_german(stale_client, sandbox, alice_heat_pump):
    response = stale_client.post(
        action_url(alice_heat_pump, "pause"),
        {},
        headers={**htmx_from(page_url(alice_heat_pump)), **GERMAN, "X-CSRFToken": "b" * 32},
    )

    assertContains(response, "Diese Seite ist veraltet", status_code=403)


def test_a_stale_token_without_a_login_goes_to_log_in(sandbox, alice_heat_pump):
    client = Client(enforce_csrf_checks=True)
    page = page_url(alice_heat_pump)

    response = client.post(action_url(alice_heat_pump, "pause"), {}, headers=htmx_from(page))

    assert response["HX-Redirect"] == f"{reverse('login')}?next={page.replace('/', '%2F')}"


@pytest.mark.django_db
def test_an_htmx_request_for_another_host_gets_the_400_note(client):
    response = client.post(
        "/", headers={**HTMX, "host": "evil.example", "HX-Current-URL": "http://evil.example/"}
    )

    assertContains(response, "Something in this request was not right", status_code=400)
    assertNotContains(response, "Reload the page", status_code=400)


def test_switching_the_language_on_the_login_page_is_left_alone(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "/accounts/login/?next=/"})

    assert response["Location"] == "/accounts/login/?next=/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
