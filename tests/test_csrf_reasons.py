"""A refused CSRF check says the true reason (Django's `reason` to the CSRF failure view): cookies not sent, a
request from another site, a login that ended while the page was open, a page that sent no token; "opened before
you last logged in" only for a logged-in page whose token no longer matches. Nothing reaches Podero."""

import html

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import action_url

BEFORE_LAST_LOGIN = "opened before you last logged in"


@pytest.fixture
def browser(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    return client


def said(response) -> str:
    assert response.status_code == 403
    return html.unescape(response.content.decode())


def test_cookies_not_sent_says_so(browser, sandbox, alice_heat_pump):
    page = said(browser.post(action_url(alice_heat_pump, "pause"), {"csrfmiddlewaretoken": "b" * 32}))

    assert "Your browser did not send the portal's cookie" in page
    assert BEFORE_LAST_LOGIN not in page
    assert sandbox.writes() == []


def test_a_request_from_another_site_says_so(browser, sandbox, alice_heat_pump):
    browser.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    response = browser.post(
        action_url(alice_heat_pump, "pause"),
        {"csrfmiddlewaretoken": "a" * 32},
        headers={"Origin": "https://evil.example"},
    )

    page = said(response)
    assert "This came from another site" in page
    assert BEFORE_LAST_LOGIN not in page


def test_a_page_without_a_token_says_so(browser, sandbox, alice_heat_pump):
    browser.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32

    page = said(browser.post(action_url(alice_heat_pump, "pause"), {}))

    assert "The page sent no security code" in page
    assert BEFORE_LAST_LOGIN not in page


def test_a_login_that_ended_while_the_page_was_open_says_so(sandbox, alice_heat_pump):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32

    page = said(client.post(action_url(alice_heat_pump, "pause"), {"csrfmiddlewaretoken": "b" * 32}))

    assert "This page was open too long" in page
    assert BEFORE_LAST_LOGIN not in page


def test_a_token_from_before_the_last_login_says_that(browser, sandbox, alice_heat_pump):
    browser.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32

    page = said(browser.post(action_url(alice_heat_pump, "pause"), {"csrfmiddlewaretoken": "b" * 32}))

    assert BEFORE_LAST_LOGIN in page


def test_cookies_not_sent_in_german(browser, sandbox, alice_heat_pump):
    response = browser.post(
        action_url(alice_heat_pump, "pause"),
        {"csrfmiddlewaretoken": "b" * 32},
        headers={"Accept-Language": "de"},
    )

    assert "Ihr Browser hat das Cookie des Portals nicht gesendet" in said(response)
