"""The invitation's set-password link: in the customer's language, once, for INVITATION_DAYS days; a reused or
expired link says so."""

import re
from datetime import timedelta
from uuid import UUID

import pytest
from django.core import mail
from django.utils import timezone

import podero_sandbox as seed
from preferences.invitations.actions import invite
from preferences.podero.user_directory import PoderoUser
from tests.conftest import PASSWORD

NEW_PASSWORD = "a long new password 42"
DORA = PoderoUser(id=UUID(seed.ALICE_USER_ID), email="alice@example.com", first_name="Alice")


def invited(language="en"):
    invite(DORA, language=language, portal_url="http://testserver", now=timezone.now())
    [message] = mail.outbox
    return message, re.search(r"http://testserver(/\S+)", message.body).group(1)


def log_in(client, password):
    return client.post("/accounts/login/", {"username": "alice@example.com", "password": password})


def set_password(client, link):
    opened = client.get(link, follow=True)
    return client.post(
        opened.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )


def test_the_invitation_mail_links_a_page_that_sets_the_password_once(client, db, sandbox):
    message, link = invited()

    response = set_password(client, link)

    assert message.to == ["alice@example.com"]
    assert message.subject == "Your invitation to the device portal"
    assert "Hello Alice," in message.body
    assert response.status_code == 302
    assert log_in(client, NEW_PASSWORD).status_code == 302
    again = client.get(link, follow=True)
    assert "This invitation link was already used" in again.content.decode()


@pytest.mark.django_db
def test_a_german_customer_gets_the_mail_and_the_page_in_german(client):
    message, link = invited("de")

    page = client.get(link, follow=True)

    assert message.subject == "Ihre Einladung zum Geräteportal"
    assert "Passwort" in page.content.decode()


@pytest.mark.django_db
def test_an_expired_link_says_it_expired(client, settings, monkeypatch):
    settings.INVITATION_DAYS = 2
    _message, link = invited()
    later = timezone.now().replace(tzinfo=None) + timedelta(days=3)
    monkeypatch.setattr("preferences.invitations.tokens.InvitationTokens._now", lambda self: later)

    page = client.get(link, follow=True)

    assert "This invitation link has expired." in page.content.decode()


def test_a_tampered_link_is_not_valid(client, db, sandbox):
    _message, link = invited()

    page = client.get(link[:-3] + "abc/", follow=True)

    assert "This invitation link is not valid" in page.content.decode()
    assert log_in(client, PASSWORD).status_code == 200


@pytest.mark.django_db
def test_an_expired_link_says_so_in_german(client, settings, monkeypatch):
    _message, link = invited("de")
    later = timezone.now().replace(tzinfo=None) + timedelta(days=settings.INVITATION_DAYS + 1)
    monkeypatch.setattr("preferences.invitations.tokens.InvitationTokens._now", lambda self: later)

    page = client.get(link, follow=True)

    assert "Dieser Einladungslink ist abgelaufen." in page.content.decode()
