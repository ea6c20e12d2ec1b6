"""gunicorn settings for Podero Portal: `gunicorn -c podero_portal/gunicorn.conf.py podero_portal.wsgi`.

Each value comes from the environment, so every app server runs the same file. Threads, not processes, carry
the concurrency: a page spends most of its time waiting for Podero, which a thread does cheaply.
"""

import os
import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

# gunicorn reads this file before it moves into --chdir: find the project's own modules from here.
sys.path.append(str(Path(__file__).resolve().parent.parent))
from podero_portal import env_values


def _env_int(name: str, default: int, *, unit: str = "", minimum: int = 0, maximum: int | None = None) -> int:
    # Empty counts as unset here, as it always has; a malformed value stops gunicorn naming the variable.
    if not os.environ.get(name):
        return default
    return env_values.integer(name, default, unit=unit, minimum=minimum, maximum=maximum)


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_env_int('PORT', 8000, minimum=1, maximum=65535)}"
# Processes: one or two per core. Threads per process: page views waiting on Podero at the same time.
# 2 x 8 served the most on a 2-core machine, warm and cold, against 4 x 2, 4 x 4 and 3 x 4 (bench/layouts.py,
# README "gunicorn layout").
workers = _env_int("WEB_CONCURRENCY", 2, unit="processes", minimum=1)
worker_class = "gthread"
threads = _env_int("GUNICORN_THREADS", 8, unit="threads", minimum=1)

# A page may wait for Podero's connect + read timeouts (3 s + 8 s by default, see PODERO_*_TIMEOUT) and a
# few short retries; gunicorn must never kill a worker that is still within those.
timeout = _env_int("GUNICORN_TIMEOUT", 60, unit="seconds")
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, unit="seconds")
# Longer than the load balancer's idle timeout (60 s on most), so the balancer closes idle connections first
# and never sends a request down one that gunicorn is closing.
keepalive = _env_int("GUNICORN_KEEPALIVE", 75, unit="seconds")
# Recycle workers now and then, at different times, so slow leaks never add up: after 50,000 to 75,000
# requests each. A restart costs a second of start-up on a busy server; `make bench` sends ~20,000 requests in
# all, so no worker restarts during a run (the bench reports restarts).
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 50_000, unit="requests")
max_requests_jitter = max_requests // 2

# Trust X-Forwarded-* only from these addresses (the load balancer's). Django decides HTTPS on its own
# (BEHIND_TLS_PROXY / SECURE_PROXY_SSL_HEADER); this affects gunicorn's own wsgi.url_scheme.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket: several portals on one host would share its default path.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# Access log on stdout: client, forwarded-for, request (path without query string), status, bytes, duration.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%({x-forwarded-for}i)s" "%(m)s %(U)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Password-reset links carry a one-time token in their path: it never goes into a log line.
_SECRET_PATHS = re.compile(r"(/accounts/reset/)[^/\s]+/[^/\s]+/")


# gunicorn ships no type information, so its Logger is Any to mypy.
class PortalLogger(Logger):  # type: ignore[misc]
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        atoms["U"] = _SECRET_PATHS.sub(r"\1…/…/", atoms.get("U") or "")
        atoms["r"] = _SECRET_PATHS.sub(r"\1…/…/", atoms.get("r") or "")
        return atoms


logger_class = PortalLogger


# Metrics of every worker process add up at a scrape (podero_portal/metrics.py) when PROMETHEUS_MULTIPROC_DIR names a
# directory: emptied at start, so counters of an earlier run do not linger, and a dead worker's gauges are dropped.
def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for left_over in Path(directory).glob("*.db"):
            left_over.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
