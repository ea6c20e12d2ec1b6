"""Homeowner logins: created from the command line, logging in by email, resetting a password."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from preferences.models import Homeowner

PODERO_USER = "0a11ce00-0000-4000-8000-000000000001"


def test_create_homeowner_creates_a_login_linked_to_the_podero_user(db, sandbox, capsys):
    call_command(
        "create_homeowner", "Alice@Example.com", "--podero-user-id", PODERO_USER, "--password", "pw-12345678"
    )

    homeowner = Homeowner.objects.get()
    assert homeowner.user.email == "alice@example.com"
    assert str(homeowner.podero_user_id) == PODERO_USER
    assert homeowner.user.check_password("pw-12345678")
    assert "Created homeowner alice@example.com" in capsys.readouterr().out


def test_create_homeowner_again_updates_the_same_login(db, sandbox, capsys):
    call_command(
        "create_homeowner", "alice@example.com", "--podero-user-id", PODERO_USER, "--password", "first-pw-1"
    )
    call_command(
        "create_homeowner", "alice@example.com", "--podero-user-id", PODERO_USER, "--password", "second-pw-2"
    )

    homeowner = Homeowner.objects.get()
    assert homeowner.user.check_password("second-pw-2")
    assert "Updated homeowner" in capsys.readouterr().out


def test_a_podero_user_cannot_be_linked_to_two_logins(db, sandbox):
    call_command("create_homeowner", "alice@example.com", "--podero-user-id", PODERO_USER)

    with pytest.raises(CommandError, match="already linked"):
        call_command("create_homeowner", "mallory@example.com", "--podero-user-id", PODERO_USER)


def test_a_homeowner_logs_in_with_their_email_in_any_case(client, alice):
    response = client.post(
        reverse("login"), {"username": "ALICE@example.com", "password": "correct horse battery"}
    )

    assertRedirects(response, reverse("preferences:dashboard"), fetch_redirect_response=False)


def test_a_wrong_password_is_refused_with_a_clear_message(client, alice):
    response = client.post(reverse("login"), {"username": "alice@example.com", "password": "wrong"})

    assert response.status_code == 200
    assertContains(response, "Please enter a correct")
    assertContains(response, 'value="alice@example.com"')


def reset_password_by_mail(client: Client, email: str, new_password: str) -> object:
    """Ask for a reset link, open the mailed link and set `new_password`; the last answer."""
    client.post(reverse("password_reset"), {"email": email})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )


def test_a_password_reset_mails_a_working_link(client, alice):
    response = reset_password_by_mail(client, "alice@example.com", "a new long password")

    assertRedirects(response, reverse("password_reset_complete"))
    alice.user.refresh_from_db()
    assert alice.user.check_password("a new long password")


def test_logging_out_takes_a_post_and_ends_the_session(client, alice):
    client.force_login(alice.user)

    client.post(reverse("logout"))

    assert client.get(reverse("preferences:dashboard")).status_code == 302


def test_a_session_cookie_kept_from_before_logging_out_no_longer_logs_anyone_in(client, sandbox, alice):
    client.force_login(alice.user)
    kept = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(reverse("logout"))

    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = kept
    assert other.get(reverse("preferences:dashboard")).status_code == 302


def test_resetting_the_password_ends_the_sessions_logged_in_with_the_old_one(client, sandbox, alice):
    client.force_login(alice.user)
    assert client.get(reverse("preferences:dashboard")).status_code == 200

    reset_password_by_mail(Client(), "alice@example.com", "a new long password")

    assert client.get(reverse("preferences:dashboard")).status_code == 302


def test_a_homeowner_stays_logged_in_when_the_shared_cache_is_emptied(client, sandbox, alice):
    """Sessions are read from the shared cache and kept in the database: a restarted Redis logs nobody out."""
    client.force_login(alice.user)

    cache.clear()

    assert client.get(reverse("preferences:dashboard")).status_code == 200
