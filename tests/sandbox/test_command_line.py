"""`python -m podero_sandbox`: starts without Django settings, prints where it listens, Ctrl-C ends it."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

from .conftest import TIMEOUT

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_the_command_line_serves_the_sandbox_without_django_settings_and_exits_cleanly_on_ctrl_c():
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "podero_sandbox", "--port", "0", "--latency-ms", "1"]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        banner = process.stdout.readline()
        found = re.search(r"http://[\d.]+:\d+", banner)
        assert found, f"no URL in the first line printed: {banner!r}"
        url = found.group()

        response = requests.get(f"{url}/_sandbox/config", timeout=TIMEOUT)

        assert response.json()["latency_ms"] == 1
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
        process.communicate()
