"""`SANDBOX_PORT` and `PORTAL_PORT` move `make run` and `make serve`, and the portal then calls the sandbox there.

Each script runs for real (sandbox, worker or gunicorn, seeded demo data) on two free ports and a database of its
own; a demo homeowner logs in over HTTP and My devices must list the sandbox's devices.
"""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "podero-demo"  # the public demo login (preferences/management/commands/seed_demo.py)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still starting up on a busy machine
            pass
        time.sleep(0.3)
    raise AssertionError(f"nothing answered at {url} within {seconds} s")


def log_in_until_my_devices_show(portal: str, *, deadline: float) -> requests.Response:
    """Log alice in and return My devices. The demo logins are seeded once both servers are up, and the
    development server restarts when a file it watches changes, so this tries again until the deadline."""
    while True:
        try:
            session = requests.Session()
            login = session.get(f"{portal}/accounts/login/", timeout=10)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
            landed = session.post(
                f"{portal}/accounts/login/",
                data={
                    "csrfmiddlewaretoken": token,
                    "username": "alice@example.com",
                    "password": DEMO_PASSWORD,
                },
                headers={"Referer": f"{portal}/accounts/login/"},
                timeout=30,
            )
            if "Tesla Model 3" in landed.text or time.monotonic() > deadline:
                return landed
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise
        time.sleep(1)


@pytest.mark.parametrize("script", ["run-dev", "serve"])
def test_both_ports_move_and_the_portal_calls_the_sandbox_on_its_port(tmp_path, script):
    sandbox_port, portal_port = free_port(), free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "podero_portal.settings",
        "SANDBOX_PORT": str(sandbox_port),
        "PORTAL_PORT": str(portal_port),
        "DATABASE_URL": f"sqlite:///{tmp_path}/portal.sqlite3",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    if script == "run-dev":  # `make run` sets DEBUG and migrates before the script
        env["DEBUG"] = "true"
        subprocess.run(  # noqa: S603 - our own manage.py
            [str(REPO / ".venv/bin/python"), "manage.py", "migrate", "--no-input", "--verbosity", "0"],
            cwd=REPO,
            env=env,
            check=True,
            timeout=120,
        )
    process = subprocess.Popen(  # noqa: S603 - our own script
        [str(REPO / "scripts" / script)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        portal = f"http://127.0.0.1:{portal_port}"
        wait_for(f"{portal}/healthz", 180)  # migrations and collectstatic first, on a busy machine
        wait_for(f"http://127.0.0.1:{sandbox_port}/_sandbox/readings", 10)
        landed = log_in_until_my_devices_show(portal, deadline=time.monotonic() + 60)

        assert landed.status_code == 200
        assert "Tesla Model 3" in landed.text
        calls = requests.get(f"http://127.0.0.1:{sandbox_port}/_sandbox/requests", timeout=5).json()
        assert any(call["path"].endswith("/electric-vehicles") for call in calls)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
