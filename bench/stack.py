"""A production-shaped portal on loopback, for the benchmark and the multi-process checks.

`Stack` gives each run its own database (a new PostgreSQL database when DATABASE_URL points at one, else an
SQLite file), its own cache (Redis under a fresh key prefix when REDIS_URL is set, else the database cache),
the Podero sandbox as a subprocess, and gunicorn processes with DEBUG off; `stop()` removes all of it.
Everything listens on 127.0.0.1 only.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Self
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Sandbox organisation and credentials (podero_sandbox/seed.py): public demo values.
SANDBOX_CREDENTIALS = {
    "PODERO_ORG_ID": "8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d",
    "PODERO_CLIENT_ID": "sandbox-client",
    "PODERO_CLIENT_SECRET": "sandbox-secret",
}
# Variables of the calling process that must not reach the portal processes.
_NOT_INHERITED = ("PYTEST_VERSION", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER", "DJANGO_SETTINGS_MODULE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, *, process: subprocess.Popen[bytes], log: Path, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback URL we built
                if response.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {timeout_s:.0f} s:\n{log.read_text()[-3000:]}")


class Stack:
    def __init__(self, name: str) -> None:
        self.name = name
        self.workdir = Path(tempfile.mkdtemp(prefix=f"podero-{name}-"))
        self._processes: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []
        self._pg_database: tuple[str, str] | None = None  # (server URL, database name) to drop
        self._redis_prefix: str | None = None
        self.env = {key: value for key, value in os.environ.items() if key not in _NOT_INHERITED}
        self.env.update(
            DJANGO_SETTINGS_MODULE="podero_portal.settings",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_COOKIES="false",
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(REPO),
        )
        self.database_label = self._choose_database()
        self.cache_label = self._choose_cache()

    # Set-up

    def _choose_database(self) -> str:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(url)
            database = f"{parts.path.lstrip('/') or 'postgres'}_{self.name}_{os.getpid()}".replace("-", "_")
            server = urlunsplit(parts._replace(path="/postgres"))
            _postgres(server, f'CREATE DATABASE "{database}"')
            self._pg_database = (server, database)
            self.env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
            return f"PostgreSQL (database {database})"
        self.env["DATABASE_URL"] = f"sqlite:///{self.workdir / 'portal.sqlite3'}"
        return "SQLite (a file)"

    def _choose_cache(self) -> str:
        if os.environ.get("REDIS_URL"):
            self._redis_prefix = f"{self.name}-{os.getpid()}-{secrets.token_hex(4)}"
            self.env.update(CACHE_BACKEND="redis", CACHE_KEY_PREFIX=self._redis_prefix)
            return f"Redis ({os.environ['REDIS_URL']}, key prefix {self._redis_prefix})"
        self.env["CACHE_BACKEND"] = "database"
        return "the database (Django's database cache)"

    def manage(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [PYTHON, "manage.py", *args], cwd=REPO, env=self.env, check=True, stdout=subprocess.DEVNULL
        )

    def prepare_database(self) -> None:
        self.manage("migrate", "--no-input", "--verbosity", "0")
        self.manage("createcachetable")

    def start_sandbox(self, *, latency_ms: float = 0) -> str:
        port = free_port()
        argv = ["-m", "podero_sandbox", "--port", str(port), "--boost-start-delay", "0"]
        argv += ["--latency-ms", str(latency_ms)]
        url = f"http://127.0.0.1:{port}"
        self._spawn("sandbox", [PYTHON, *argv], health=f"{url}/_sandbox/config")
        self.env.update(PODERO_BASE_URL=url, **SANDBOX_CREDENTIALS)
        return url

    def start_portal(
        self, *, label: str = "portal", workers: int = 2, threads: int = 8, settings: str | None = None
    ) -> str:
        port = free_port()
        env = dict(self.env, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers))
        env["GUNICORN_THREADS"] = str(threads)
        if settings:
            env["DJANGO_SETTINGS_MODULE"] = settings
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        argv = [gunicorn, "-c", "podero_portal/gunicorn.conf.py", "podero_portal.wsgi"]
        url = f"http://127.0.0.1:{port}"
        self._spawn(label, argv, health=f"{url}/healthz", env=env)
        return url

    def configure_django(self) -> None:
        """Use the stack's database and cache from this process too (to create logins, clear cache keys)."""
        os.environ.update(self.env)
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        import django

        django.setup()

    def _spawn(self, label: str, argv: list[str], *, health: str, env: dict[str, str] | None = None) -> None:
        log_path = self.workdir / f"{label}.log"
        log = log_path.open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own programs with fixed arguments
            argv, cwd=REPO, env=env or self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._processes.append((process, log))
        wait_until_up(health, process=process, log=log_path)

    def stop_process(self, index: int) -> None:
        """Stop one process this stack started (by its place in the order they were started), e.g. -1: the last."""
        process, log = self._processes.pop(index)
        _terminate(process)
        log.close()

    def kill_process(self, index: int) -> None:
        """Kill one process this stack started, and what it started, at once and without warning (SIGKILL): an app
        server that dies in the middle of a request."""
        process, log = self._processes.pop(index)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.close()

    def log(self, label: str) -> str:
        """What a process started with `label` has printed so far."""
        return (self.workdir / f"{label}.log").read_text(errors="replace")

    # Tear-down

    def stop(self) -> None:
        for process, log in reversed(self._processes):
            _terminate(process)
            log.close()
        self._processes.clear()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if self._pg_database is not None:
            server, database = self._pg_database
            _postgres(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            self._pg_database = None
        if self._redis_prefix is not None:
            import redis

            client = redis.Redis.from_url(os.environ["REDIS_URL"])
            keys = list(client.scan_iter(match=f"{self._redis_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()
            self._redis_prefix = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _postgres(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type] - a database name we generated
