"""Running the background worker inside a test, as `manage.py db_worker --batch` would, or as a process of its
own that a test can kill."""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker


def run_worker() -> None:
    """Run every task that is due now, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


class WorkerProcess:
    """A real `manage.py db_worker` in a process of its own, on the test database and against `sandbox_url`, as
    production runs it: it can be killed mid-call. `env` sets more of its settings (e.g. CLAIM_STALE_SECONDS)."""

    def __init__(self, sandbox_url: str, log: Path, **env: str) -> None:
        self.log = log
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "PODERO_BASE_URL": sandbox_url,
            # Its locks in a shared cache must not outlive it by a minute (SINGLE_FLIGHT_LOCK_SECONDS).
            "SINGLE_FLIGHT_LOCK_SECONDS": "2",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "WorkerProcess":
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    def kill(self) -> None:
        """As a crash or an OOM kill: no chance to finish anything."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def database_url() -> str:
    """The test database, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def eventually(check: Callable[[], object], *, seconds: float = 30, what: str = "") -> None:
    """Wait until `check()` is true, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what or check}")
        time.sleep(0.1)
