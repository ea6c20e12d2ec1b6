"""What a security reviewer checks: CSRF on every write, no open redirect after login, framing forbidden, a strict
CSP with nonces, login throttling for homeowners and staff, and no secret, token or Podero body in a page or a
log line. Access to other homeowners' devices (IDOR) is tested in test_device_access.py."""

import html
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

import podero_sandbox as seed
from preferences.models import Change
from tests.conftest import PASSWORD
from tests.helpers import CONFIRMED, HTMX, action_url, page_url

# Every URL that changes something, with the device it acts on (None: not a device URL).
WRITES = [
    ("preferences:pause", "alice_heat_pump"),
    ("preferences:resume", "alice_inverter"),
    ("preferences:charge-now", "alice_ev"),
    ("preferences:cancel-boost", "alice_ev"),
    ("preferences:wallbox-charge-now", "a_wallbox"),
    ("preferences:wallbox-stop-charging", "a_wallbox"),
    ("preferences:charging-plan", "alice_ev"),
    ("preferences:trip-target", "alice_ev"),
    ("preferences:trip-target-cancel", "alice_ev"),
    ("preferences:pause-for-a-while", "alice_heat_pump"),
    ("preferences:pause-for-a-while-end", "alice_inverter"),
    ("preferences:reconnect", "alice_heat_pump"),
    ("preferences:note-read", "a_note"),
    ("preferences:optimization-level", "alice_heat_pump"),
    ("preferences:smart-charging-off", "alice_ev"),
    ("preferences:smart-charging-on", "alice_ev"),
    ("preferences:add-device", None),
    ("preferences:away-start", None),
    ("preferences:alert-dismiss", "an_alert"),
    ("preferences:alerts", None),
    ("preferences:away-change-return", None),
    ("preferences:away-end", None),
    ("preferences:change-undo", "a_change"),
    ("preferences:change-restore-schedule", "a_change"),
    ("logout", None),
]
READS = {
    "preferences:dashboard",
    "preferences:device",
    "preferences:reconnect-done",
    "preferences:reconnect-cancelled",
    "preferences:add-device-done",
    "preferences:add-device-cancelled",
}
# The same for everyone, without a login: the names of the world's time zones (preferences/time_zones.py).
PUBLIC_READS = {"preferences:time-zones"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def text(response) -> str:
    return html.unescape(response.content.decode())


# CSRF


def test_every_url_of_the_portal_is_either_a_page_or_a_write_listed_here():
    from preferences.urls import urlpatterns

    names = {f"preferences:{pattern.name}" for pattern in urlpatterns}

    assert names == READS | PUBLIC_READS | {name for name, _ in WRITES if name.startswith("preferences:")}


@pytest.fixture
def a_wallbox(alice):
    """A wallbox row of Alice's (the sandbox's demo wallbox is Bob's; CSRF refuses before any lookup)."""
    from tests.conftest import known_device

    return known_device(alice, "wallboxes", seed.BOB_WALLBOX_ID, "Easee Charge")


@pytest.fixture
def an_alert(alice):
    """An alert on Alice's "Needs you" list (its dismiss button is a write)."""
    from django.utils import timezone

    from preferences.alerts.actions import raise_alert

    return raise_alert(homeowner=alice, kind="away_ended", key="away:test", now=timezone.now())


@pytest.fixture
def a_change(sandbox, alice_heat_pump):
    """Alice's own recent change (the kind Undo and "Use this schedule again" act on)."""
    from django.utils import timezone

    from preferences.devices import actions

    actions.pause_optimization(
        device=alice_heat_pump, actor=alice_heat_pump.homeowner.user, now=timezone.now()
    )
    sandbox.clear_requests()
    return Change.objects.get()


@pytest.mark.parametrize(("name", "target"), WRITES)
def test_every_write_refuses_a_request_without_a_csrf_token(sandbox, alice, request, name, target):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    if target is None:
        url = reverse(name)
    elif target in ("a_change", "an_alert"):
        url = reverse(name, args=[request.getfixturevalue(target).pk])
    elif target == "a_note":  # one of Podero's information notes on alice's heat pump
        device = request.getfixturevalue("alice_heat_pump")
        url = reverse(name, args=[device.kind, device.podero_id, "a-cue-id"])
    else:
        url = action_url(request.getfixturevalue(target), name.split(":")[1])
    changes_before = Change.objects.count()

    response = client.post(
        url, {"active": "false", "ready_by": "07:00", "minimum_charge": "80"}, headers=HTMX
    )

    assert response.status_code == 403
    assert sandbox.writes() == []
    assert Change.objects.count() == changes_before
    assert client.get(reverse("preferences:dashboard")).status_code == 200  # still logged in


def test_logging_in_needs_a_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 403


# Open redirects


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "\\\\evil.example",
    ],
)
def test_login_never_redirects_to_another_site(client, alice, next_url):
    response = client.post(
        f"{reverse('login')}?next={next_url}", {"username": "alice@example.com", "password": PASSWORD}
    )

    assertRedirects(response, reverse("preferences:dashboard"), fetch_redirect_response=False)


def test_login_follows_a_next_within_the_portal(client, alice_heat_pump):
    response = client.post(
        reverse("login"),
        {"username": "alice@example.com", "password": PASSWORD, "next": page_url(alice_heat_pump)},
    )

    assertRedirects(response, page_url(alice_heat_pump), fetch_redirect_response=False)


def test_logout_never_redirects_to_another_site(client, alice):
    client.force_login(alice.user)

    response = client.post(f"{reverse('logout')}?next=https://evil.example/")

    assert response.status_code == 302
    assert not response["Location"].startswith(("http", "//"))


# Framing and CSP


def pages(client, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)
    yield "My devices", client.get(reverse("preferences:dashboard"))
    yield "a device page", client.get(page_url(alice_heat_pump))
    yield (
        "a partial",
        client.post(action_url(alice_heat_pump, "pause"), headers=HTMX),
    )
    client.logout()
    yield "the login page", client.get(reverse("login"))
    yield "the admin's login page", client.get(reverse("admin:login"))
    yield "a 404", client.get("/no-such-page/")


def test_no_page_may_be_framed(client, sandbox, alice_heat_pump):
    for what, response in pages(client, alice_heat_pump):
        assert response["X-Frame-Options"] == "DENY", what
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], what


def test_every_page_has_a_strict_csp_with_a_fresh_nonce_on_each_script(client, sandbox, alice_heat_pump):
    nonces = []
    for what, response in pages(client, alice_heat_pump):
        policy = response["Content-Security-Policy"]
        body = response.content.decode()
        # Django names a nonce in the policy only when the response used one (a partial has no script).
        nonce = (re.findall(r"'nonce-([^']+)'", policy) or [None])[0]
        if nonce:
            nonces.append(nonce)

        assert "unsafe-inline" not in policy, what
        assert "unsafe-eval" not in policy, what
        assert "default-src 'self'" in policy, what
        for script in re.findall(r"<script\b[^>]*>", body):
            assert f'nonce="{nonce}"' in script, (what, script)
        assert not re.search(r"\son[a-z]+=", body), f"{what} has an inline event handler"
        assert not re.search(r"\sstyle=", body), f"{what} has an inline style"
    assert len(nonces) >= 4
    assert len(set(nonces)) == len(nonces)


def test_htmx_is_configured_to_need_neither_eval_nor_inline_styles(client):
    body = client.get(reverse("login")).content.decode()

    [config] = re.findall(r'<meta name="htmx-config" content=\'([^\']+)\'', body)
    assert '"allowEval": false' in config
    assert '"includeIndicatorStyles": false' in config
    assert '"allowScriptTags": false' in config


def test_other_hardening_headers_are_sent(client, alice):
    response = client.get(reverse("login"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# Login throttling (django-axes)

LOCKED = "Logging in to this account is paused"


def wrong_password(client, username, *, path="login", **extra):
    return client.post(reverse(path), {"username": username, "password": "not the password"}, **extra)


def test_five_wrong_passwords_lock_the_login_with_a_page_in_the_portals_style(client, alice):
    for _ in range(4):
        assert wrong_password(client, "alice@example.com").status_code == 200

    locked = wrong_password(client, "alice@example.com")
    with_right_password = client.post(
        reverse("login"), {"username": "alice@example.com", "password": PASSWORD}
    )

    assert locked.status_code == 429
    assertContains(locked, LOCKED, status_code=429)
    assertContains(locked, "Podero Portal", status_code=429)  # the portal's own page, not a bare message
    assert with_right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_counts_the_email_in_any_case_as_one_username(client, alice):
    for username in [
        "alice@example.com",
        "ALICE@example.com",
        "Alice@Example.com",
        " alice@example.com",
        "aLiCe@example.com",
    ]:
        response = wrong_password(client, username)

    assert response.status_code == 429


def test_the_lock_is_per_username_and_address(client, alice):
    for _ in range(5):
        wrong_password(client, "alice@example.com", REMOTE_ADDR="203.0.113.9")

    elsewhere = client.post(
        reverse("login"), {"username": "alice@example.com", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )

    assertRedirects(elsewhere, reverse("preferences:dashboard"), fetch_redirect_response=False)


def test_the_admin_login_is_throttled_too(client, django_user_model):
    django_user_model.objects.create_superuser("ops", "ops@example.com", PASSWORD)
    for _ in range(5):
        response = wrong_password(client, "ops", path="admin:login")

    right = client.post(reverse("admin:login"), {"username": "ops", "password": PASSWORD})

    assert response.status_code == 429
    assert right.status_code == 429


def test_failed_logins_are_counted_in_the_database_so_every_app_server_sees_them(client, alice):
    from axes.models import AccessAttempt

    wrong_password(client, "alice@example.com")
    wrong_password(client, "alice@example.com")

    assert AccessAttempt.objects.get().failures_since_start == 2


def test_behind_proxies_the_lock_uses_the_address_the_outermost_proxy_saw(settings, rf):
    from podero_portal.login_throttling import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")

    assert client_ip(request) == "203.0.113.9"  # "6.6.6.6" was sent by the client itself


# Secrets, tokens and Podero's bodies


def test_no_token_secret_or_podero_body_reaches_a_page_or_a_log_line(
    client, sandbox, alice_heat_pump, alice_ev, caplog
):
    caplog.set_level(logging.DEBUG)
    marker = "PODERO-BODY-MARKER"
    client.force_login(alice_heat_pump.homeowner.user)
    pages = [client.get(reverse("preferences:dashboard")), client.get(page_url(alice_heat_pump))]
    sandbox.control("POST", "tokens/expire")  # the next call gets a 401 and renews the token
    sandbox.fault(status=500, body={"detail": marker, "trace": marker}, method="PUT", count=1)
    sandbox.fault(status=503, body={"detail": marker}, method="POST", count=1)
    pages += [
        client.post(action_url(alice_heat_pump, "pause"), headers=HTMX),
        client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX),
    ]
    sandbox.fault(status=200, malformed=True, method="GET", count=1)
    sandbox.fault(status=409, body={"state": "unavailable", "reason": marker}, method="POST", count=1)
    pages += [
        client.get(f"{page_url(alice_heat_pump)}?again"),
        client.post(action_url(alice_ev, "charge-now"), CONFIRMED, headers=HTMX),
    ]
    tokens = {
        r["headers"]["authorization"].removeprefix("Bearer ")
        for r in sandbox.control("GET", "requests")
        if r["headers"]["authorization"] and r["headers"]["authorization"].startswith("Bearer ")
    }
    secrets = [*tokens, seed.CLIENT_SECRET, marker, "the upstream answer was cut off"]

    logged = "\n".join(caplog.messages + [r.exc_text or "" for r in caplog.records])
    shown = "\n".join(response.content.decode() for response in pages)
    assert len(tokens) == 2
    assert "401, renewing" in logged  # the renewal path ran, and was logged
    for secret in secrets:
        assert secret not in logged
        assert secret not in shown


# The browser's view of the CSP: every browser test (tests/browser/) fails on any violation Chromium reports,
# in its console or as a securitypolicyviolation event, on every page it opens, htmx swaps and admin included.
