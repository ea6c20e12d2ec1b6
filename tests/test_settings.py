"""Production settings come from the environment; a missing one stops the portal at start, naming it."""

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
    credentials = {"PODERO_ORG_ID": "org", "PODERO_CLIENT_ID": "id", "PODERO_CLIENT_SECRET": "secret"}
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
