"""Production settings come from the environment; a missing one stops the portal at start, naming it."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "portal.example.com",
    "DEBUG": "false",
}


def start_portal(**env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process, as gunicorn would, with only `env` set (not under pytest)."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "podero_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_with_every_variable_start():
    assert start_portal(**PRODUCTION).returncode == 0


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_a_missing_production_setting_stops_the_start_naming_it(missing):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}

    result = start_portal(**env)

    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


@pytest.mark.parametrize("missing", ["PODERO_ORG_ID", "PODERO_CLIENT_ID", "PODERO_CLIENT_SECRET"])
def test_the_real_podero_needs_its_credentials(missing):
    credentials = {
        "PODERO_ORG_ID": "8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d",
        "PODERO_CLIENT_ID": "id",
        "PODERO_CLIENT_SECRET": "secret",
    }
    env = PRODUCTION | {"PODERO_BASE_URL": "https://app.podero.com"} | credentials
    del env[missing]

    result = start_portal(**env)

    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_without_podero_settings_the_portal_talks_to_the_local_sandbox():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.PODERO_BASE_URL)",
        ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "podero_portal.settings", **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.strip() == "http://127.0.0.1:8765"


MINIMAL_PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "portal.example.com",
    "PODERO_BASE_URL": "https://app.podero.com/api/partners/v2.0/",
    "PODERO_ORG_ID": "8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d",
    "PODERO_CLIENT_ID": "portal",
    "PODERO_CLIENT_SECRET": "not-a-secret",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own settings, in a fresh process
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "podero_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_deployment_checklist_is_silent_with_only_the_required_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "podero_portal.settings",
            **MINIMAL_PRODUCTION,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_is_https_only_by_default_and_each_part_can_be_turned_off():
    show = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )

    secure = run_django(show, **MINIMAL_PRODUCTION)
    opted_out = run_django(
        show,
        **MINIMAL_PRODUCTION,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="false",
    )

    assert secure.stdout.split() == ["True", "31536000", "True", "True"]
    assert opted_out.stdout.split() == ["False", "0", "False", "False"]


@pytest.mark.parametrize(
    "url",
    ["https://app.podero.com", "https://app.podero.com/", "https://app.podero.com/api/partners/v2.0/"],
)
def test_podero_base_url_is_the_host_root_or_the_api_base(url):
    result = run_django(
        "from django.conf import settings; print(settings.PODERO_BASE_URL)",
        **MINIMAL_PRODUCTION | {"PODERO_BASE_URL": url},
    )

    assert result.stdout.strip() == "https://app.podero.com"


def test_plain_http_to_another_machine_stops_the_start_with_the_reason():
    result = run_django("", **MINIMAL_PRODUCTION | {"PODERO_BASE_URL": "http://app.podero.com"})

    assert result.returncode != 0
    assert "PODERO_BASE_URL uses plain http:// to app.podero.com" in result.stderr
    assert "unencrypted" in result.stderr


def test_the_sandbox_port_moves_the_default_podero_address():
    result = run_django(
        "from django.conf import settings; print(settings.PODERO_BASE_URL, settings.PODERO_CLIENT_ID)",
        **PRODUCTION,
        SANDBOX_PORT="8865",
    )

    assert result.stdout.split() == ["http://127.0.0.1:8865", "sandbox-client"]
