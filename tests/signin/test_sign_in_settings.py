"""The sign-in settings come from the environment; one the portal cannot use stops the start, naming it."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.com", "DEBUG": "false"}
SHOW = "from django.conf import settings as s; print(s.SIGN_IN_METHODS, s.OIDC_ISSUER, s.OIDC_CUSTOMER_NUMBER_CLAIM)"


def start_portal(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own settings, in a fresh process
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "podero_portal.settings",
            **PRODUCTION,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_a_provider_only_the_password_is_offered() -> None:
    started = start_portal()
    assert started.returncode == 0, started.stderr
    assert started.stdout.split()[:1] == ["password"]


def test_a_provider_from_its_discovery_url_offers_both_with_the_chosen_claim() -> None:
    started = start_portal(
        OIDC_ISSUER="https://login.energy.example/.well-known/openid-configuration",
        OIDC_CLIENT_ID="portal",
        OIDC_CLIENT_SECRET="secret",
        OIDC_CUSTOMER_NUMBER_CLAIM="kundennummer",
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["both", "https://login.energy.example", "kundennummer"]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SIGN_IN_METHODS": "oidc"}, "SIGN_IN_METHODS=oidc needs OIDC_ISSUER"),
        ({"SIGN_IN_METHODS": "sso"}, "SIGN_IN_METHODS"),
        ({"OIDC_ISSUER": "http://login.energy.example"}, "OIDC_ISSUER"),
        ({"OIDC_ISSUER": "login.energy.example"}, "OIDC_ISSUER"),
        (
            {"OIDC_ISSUER": "https://login.energy.example", "OIDC_CLIENT_SECRET": "s"},
            "OIDC_CLIENT_ID is not set",
        ),
        (
            {"OIDC_ISSUER": "https://login.energy.example", "OIDC_CLIENT_ID": "p"},
            "OIDC_CLIENT_SECRET is not set",
        ),
    ],
)
def test_a_sign_in_setting_the_portal_cannot_use_stops_the_start_naming_it(
    env: dict[str, str], named: str
) -> None:
    started = start_portal(**env)
    assert started.returncode != 0
    assert named in started.stderr
