"""Production settings come from the environment; a missing one stops the portal at start, naming it."""

import json
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


# Each malformed value, and what the refusal must say is expected instead.
MALFORMED = [
    ("CONN_MAX_AGE", "abc", "a whole number of seconds, 0 or more"),
    ("CONN_MAX_AGE", "-1", "a whole number of seconds, 0 or more"),
    ("CONN_MAX_AGE", "", "a whole number of seconds, 0 or more"),
    ("PODERO_READ_TIMEOUT", "abc", "a number of seconds, more than 0"),
    ("PODERO_READ_TIMEOUT", "8s", "a number of seconds, more than 0"),
    ("PODERO_READ_TIMEOUT", "-1", "a number of seconds, more than 0"),
    ("PODERO_CONNECT_TIMEOUT", "0", "a number of seconds, more than 0"),
    ("PODERO_CONNECT_TIMEOUT", "inf", "a number of seconds, more than 0"),
    ("PODERO_DASHBOARD_DEADLINE", "soon", "a number of seconds, more than 0"),
    ("PODERO_BREAKER_WINDOW", "0", "a number of seconds, more than 0"),
    ("PODERO_BREAKER_COOLDOWN", "-15", "a number of seconds, more than 0"),
    ("PODERO_BREAKER_FAILURES", "five", "a whole number of failures, 0 or more"),
    ("PODERO_DEVICE_CACHE_SECONDS", "-30", "a whole number of seconds, 0 or more"),
    ("PODERO_DEVICE_CACHE_STALE_SECONDS", "30s", "a whole number of seconds, 0 or more"),
    ("PODERO_HISTORY_CACHE_SECONDS", "1h", "a whole number of seconds, 0 or more"),
    ("DATABASE_URL", "junk", "postgres://user:password@host:5432/name"),
    ("DATABASE_URL", "mysql://db/portal", "postgres://user:password@host:5432/name"),
    ("DATABASE_URL", "postgres://db:five/portal", "postgres://user:password@host:5432/name"),
    ("DATABASE_URL", "", "postgres://user:password@host:5432/name"),
    ("LOG_LEVEL", "LOUD", "CRITICAL, ERROR, WARNING, INFO or DEBUG"),
    ("PODERO_ORG_ID", "org", "a UUID such as"),
    ("PODERO_ORG_ID", "{8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d}", "a UUID such as"),
    ("ABSENCE_RETRY_DELAYS", "", "whole numbers of seconds, comma-separated, each 0 or more"),
    ("ABSENCE_RETRY_DELAYS", ",", "whole numbers of seconds, comma-separated, each 0 or more"),
    ("ABSENCE_RETRY_DELAYS", "60,soon", "whole numbers of seconds, comma-separated, each 0 or more"),
    ("ABSENCE_RETRY_DELAYS", "60,-1", "whole numbers of seconds, comma-separated, each 0 or more"),
    ("SINGLE_FLIGHT_LOCK_SECONDS", "0", "a whole number of seconds, 1 or more"),
    ("SINGLE_FLIGHT_WAIT_SECONDS", "-40", "a number of seconds, 0 or more"),
    ("SINGLE_FLIGHT_REPLAY_SECONDS", "ten", "a whole number of seconds, 0 or more"),
    ("UNDO_WINDOW_SECONDS", "5m", "a whole number of seconds, 0 or more"),
    ("CACHE_BACKEND", "memcached", "redis, database or locmem"),
    ("REDIS_URL", "localhost:6379", "redis://host:6379/0"),
    ("DEBUG", "maybe", "true or false"),
    ("SECURE_COOKIES", "sometimes", "true or false"),
    ("BEHIND_TLS_PROXY", "yes please", "true or false"),
    ("EMAIL_USE_TLS", "tls", "true or false"),
    ("EMAIL_PORT", "99999", "a port number, 1 to 65535"),
    ("SANDBOX_PORT", "abc", "a port number, 1 to 65535"),
    ("SECURE_HSTS_SECONDS", "-1", "a whole number of seconds, 0 or more"),
    ("AXES_FAILURE_LIMIT", "0", "a whole number of wrong passwords, 1 or more"),
    ("AXES_COOLOFF_MINUTES", "a while", "a whole number of minutes, 1 or more"),
    ("TRUSTED_PROXY_COUNT", "1.5", "a whole number of proxies, 0 or more"),
    ("PASSWORD_RESET_MAILS_PER_ADDRESS", "-3", "a whole number of mails per hour, 0 or more"),
    ("PASSWORD_RESET_MAILS_PER_CLIENT", "many", "a whole number of mails per hour, 0 or more"),
    ("ALLOWED_HOSTS", "*", "the portal's host names, comma-separated"),
    ("ALLOWED_HOSTS", "portal.example.com,*", "the portal's host names, comma-separated"),
]


@pytest.mark.parametrize(("name", "value", "expected"), MALFORMED)
def test_a_malformed_value_stops_the_start_naming_the_variable_and_what_is_expected(name, value, expected):
    result = start_portal(**PRODUCTION | {name: value})

    assert result.returncode != 0
    refusal = result.stderr.strip().splitlines()[-1]
    assert f"{name}={value!r}" in refusal
    assert f"set it to {expected}" in refusal


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("DATABASE_URL", "postgres://portal:s3cret-pw@db:five/portal"),
        ("REDIS_URL", "redis//:s3cret-pw@redis"),
    ],
)
def test_a_refused_address_is_shown_without_its_password(name, url):
    result = start_portal(**PRODUCTION | {name: url})

    assert result.returncode != 0
    assert name in result.stderr
    assert "s3cret-pw" not in result.stderr


def test_any_host_is_refused_in_production_but_allowed_in_development():
    show = "from django.conf import settings; print(settings.ALLOWED_HOSTS)"

    production = run_django(show, **PRODUCTION | {"ALLOWED_HOSTS": "*"})
    development = run_django(show, **PRODUCTION | {"ALLOWED_HOSTS": "*", "DEBUG": "true"})

    assert production.returncode != 0
    assert "only development (DEBUG=true) may" in production.stderr
    assert development.returncode == 0, development.stderr
    assert development.stdout.strip() == "['*']"


def test_well_formed_values_start_and_keep_their_meaning():
    show = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.CACHES['default']['LOCATION'], s.ALLOWED_HOSTS, s.PODERO_ORG_ID, s.PODERO_CONNECT_TIMEOUT, "
        "s.PODERO_READ_TIMEOUT, s.ABSENCE_RETRY_DELAYS, s.LOGGING['root']['level'], s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.MAILERS['default']['OPTIONS']['port'], "
        "s.MAILERS['default']['OPTIONS']['use_tls'], s.PODERO_BREAKER_FAILURES, s.AXES_FAILURE_LIMIT]))"
    )

    result = run_django(
        show,
        **MINIMAL_PRODUCTION
        | {
            "DATABASE_URL": "postgres://portal:pw@db:5432/portal",
            "CONN_MAX_AGE": "0",
            "REDIS_URL": "redis://redis:6379/1",
            "ALLOWED_HOSTS": "portal.example.com, .example.org",
            "PODERO_ORG_ID": "8D4C6A52-3F1E-4B7A-9C2D-5E6F7A8B9C0D",
            "PODERO_CONNECT_TIMEOUT": "1.5",
            "PODERO_READ_TIMEOUT": "20",
            "ABSENCE_RETRY_DELAYS": "30, 0,600",
            "LOG_LEVEL": "warning",
            "SECURE_SSL_REDIRECT": "off",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "EMAIL_PORT": "25",
            "EMAIL_USE_TLS": "no",
            "PODERO_BREAKER_FAILURES": "0",
            "AXES_FAILURE_LIMIT": "10",
        },
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.db.backends.postgresql",
        "portal",
        0,
        "redis://redis:6379/1",
        ["portal.example.com", ".example.org"],
        "8D4C6A52-3F1E-4B7A-9C2D-5E6F7A8B9C0D",
        1.5,
        20.0,
        [30, 0, 600],
        "WARNING",
        False,
        False,
        0,
        25,
        False,
        0,
        10,
    ]


def test_without_any_of_them_every_default_holds():
    show = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['CONN_MAX_AGE'], s.CACHES['default']['BACKEND'], "
        "s.ABSENCE_RETRY_DELAYS, s.LOGGING['root']['level'], s.PODERO_CONNECT_TIMEOUT, s.PODERO_READ_TIMEOUT, "
        "s.SINGLE_FLIGHT_LOCK_SECONDS, s.SINGLE_FLIGHT_WAIT_SECONDS, s.SINGLE_FLIGHT_REPLAY_SECONDS, "
        "s.UNDO_WINDOW_SECONDS, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.MAILERS['default']['OPTIONS']['port'], s.PODERO_DEVICE_CACHE_SECONDS, s.PODERO_HISTORY_CACHE_SECONDS, "
        "s.PODERO_DASHBOARD_DEADLINE, s.PODERO_BREAKER_FAILURES, s.PODERO_BREAKER_WINDOW, "
        "s.PODERO_BREAKER_COOLDOWN, s.TRUSTED_PROXY_COUNT, s.PASSWORD_RESET_MAILS_PER_ADDRESS, "
        "s.PASSWORD_RESET_MAILS_PER_CLIENT]))"
    )

    result = run_django(show, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.db.backends.sqlite3",
        60,
        "podero_portal.db_cache.UpsertDatabaseCache",
        [60, 120, 300, 900],
        "INFO",
        3.05,
        8.0,
        5,
        40,
        10,
        300,
        5,
        900.0,
        587,
        30,
        3600,
        5.0,
        5,
        30,
        15,
        0,
        3,
        10,
    ]


def test_manage_py_prints_a_refused_setting_as_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION, "CONN_MAX_AGE": "abc"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Podero Portal cannot start: CONN_MAX_AGE='abc' is not a whole number: "
        "set it to a whole number of seconds, 0 or more (such as 60)."
    )


def test_gunicorn_stops_on_a_malformed_variable_of_its_own_naming_it(tmp_path):
    gunicorn = Path(sys.executable).parent / "gunicorn"

    result = subprocess.run(  # noqa: S603 - gunicorn with our own config file
        [
            str(gunicorn),
            "--chdir",
            str(ROOT),
            "-c",
            str(ROOT / "podero_portal/gunicorn.conf.py"),
            "--check-config",
        ],
        cwd=tmp_path,  # started elsewhere, as a service manager may: the config file still finds its helpers
        env={"PATH": "/usr/bin:/bin", "GUNICORN_THREADS": "many"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert (
        "GUNICORN_THREADS='many' is not a whole number: set it to a whole number of threads, 1 or more"
        in (result.stderr)
    )
