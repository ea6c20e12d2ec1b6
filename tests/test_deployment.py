"""Running on several app servers behind a load balancer: the health check, gunicorn's settings, and two portal
processes sharing one login session, one Podero token and one circuit breaker."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.test import Client

import podero_sandbox as seed
from podero_sandbox.model import KINDS

REPO = Path(__file__).resolve().parent.parent


def test_healthz_answers_200_with_json_without_login_or_podero(client, sandbox, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert sandbox.control("GET", "requests") == []
    assert not response.cookies  # no session, no CSRF cookie


def test_healthz_answers_a_probe_addressed_to_the_servers_own_ip_over_plain_http(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portal.example.com"]

    response = Client().get("/healthz", HTTP_HOST="10.0.3.17:8000")

    assert response.status_code == 200


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    from django.db import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patched:  # undone before pytest-django rolls the test back
        patched.setattr(connection, "cursor", broken)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["database"]["ok"] is False


def test_healthz_is_read_only(client, db):
    assert client.post("/healthz").status_code == 405


def gunicorn_config():
    """The settings gunicorn itself reads from podero_portal/gunicorn.conf.py."""
    from gunicorn.app.base import Application

    class ConfigOnly(Application):
        def load_config(self):
            self.load_config_from_file(str(REPO / "podero_portal/gunicorn.conf.py"))

        def init(self, parser, opts, args):
            pass

        def load(self):
            return None

    return ConfigOnly().cfg


def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8123")

    config = gunicorn_config()

    assert (config.workers, config.threads, config.worker_class_str) == (3, 6, "gthread")
    assert config.bind == ["127.0.0.1:8123"]
    assert config.accesslog == "-"
    assert config.control_socket_disable is True  # two portals on one host must not share a control socket
    # A page may wait for Podero's connect and read timeouts and a few retries; gunicorn must not kill it first.
    assert config.timeout > 3.05 + 8 + 5
    assert config.keepalive > 60  # longer than a load balancer's usual idle timeout


def test_the_access_log_never_contains_a_password_reset_token():
    namespace = {"__file__": "gunicorn.conf.py"}
    exec((REPO / "podero_portal/gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own config file
    redact = namespace["_SECRET_PATHS"].sub

    assert redact(r"\1…/…/", "/accounts/reset/MQ/cd2x1k-0123abcd/") == "/accounts/reset/…/…/"
    assert redact(r"\1…/…/", "GET /accounts/reset/MQ/set-password/ HTTP/1.1") == (
        "GET /accounts/reset/…/…/ HTTP/1.1"
    )


def test_two_portal_processes_share_one_session_one_podero_token_one_breaker_and_one_refresh():
    """bench/two_portals.py starts two gunicorn portals on the same database and cache (PostgreSQL and Redis
    when DATABASE_URL and REDIS_URL are set; else SQLite and the database cache) and checks, over HTTP."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}

    result = subprocess.run(
        [sys.executable, "bench/two_portals.py"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "B shows My devices to the session A logged in" in result.stdout
    assert "Podero issued one access token for both portals (issued 1)" in result.stdout
    lists = len(KINDS)  # one per kind the sandbox serves
    assert (
        f"the stale lists were fetched once across both portals: {lists} calls for {lists} lists"
        in result.stdout
    )
    assert seed.CLIENT_SECRET not in result.stdout
