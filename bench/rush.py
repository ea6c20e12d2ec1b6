"""The 07:00 rush (issue 25): `PUT_BACKS` timed pauses all end in the same minute, as "until tomorrow morning" ends
every paused heat pump of a partner at 07:00, against the sandbox at its latency, with a limit of `CALLS_PER_SECOND`.

Two worker processes (`manage.py db_worker --threads N`) share the one queue (the tasks table) and the one rate
limit (the shared cache), as workers on several machines would. Measured: the time from the minute the put-backs are
due until every one is settled, against the floor PUT_BACKS / CALLS_PER_SECOND (<= 1.1x); the Podero calls (one PUT
per put-back, none twice); and My devices (warm), one request at a time, during the drain against its quiet value
(<= 1.5x).
"""

import os
import statistics
import subprocess
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests

from bench.stack import PYTHON, REPO, Stack
from bench.web import Browser

PUT_BACKS = 2000
CALLS_PER_SECOND = 20
WORKERS = 2
# Per worker process: at 150 ms a call, 20 calls/s need 3 in flight, and a put-back also writes SQL.
THREADS = 4
HOMES = 20  # homeowners with PUT_BACKS / HOMES heat pumps each
DRAIN_RATIO = 1.1
PAGE_RATIO = 1.5
LEAD_S = 8  # the put-backs fall due this long after the workers start, so start-up is not timed


def rush_rows(
    stack: Stack, sandbox: str, browser: Browser, row: Any, api: str, *, put_backs: int = PUT_BACKS
) -> list[Any]:
    """The rows of the 07:00 rush; `row` is run.py's Row, `browser` a homeowner on My devices."""
    due_at = _set_up(sandbox, put_backs)
    quiet = _my_devices(browser, 15)
    requests.delete(f"{sandbox}/_sandbox/requests", timeout=10).raise_for_status()
    workers = [_start_worker(stack, number) for number in range(WORKERS)]
    try:
        time.sleep(max(0.0, due_at - time.time()))
        started = time.time()
        during: list[float] = []
        while _left() and time.time() - started < 10 * put_backs / CALLS_PER_SECOND:
            during += _my_devices(browser, 3)
            time.sleep(0.2)
        drained = time.time() - started
        cpu_s = sum(_cpu_seconds(worker.pid) for worker in workers)
        load = os.getloadavg()[0]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    puts = [call for call in _journal(sandbox, api) if call["method"] == "PUT"]
    twice = sum(1 for count in Counter(call["path"] for call in puts).values() if count > 1)
    floor = put_backs / CALLS_PER_SECOND
    left = _left()
    page_ratio = statistics.median(during) / statistics.median(quiet) if during else 0.0
    per_second = Counter(int(call["at"]) for call in puts if "at" in call)
    busiest = max(per_second.values(), default=0)
    median_second = statistics.median(per_second.values()) if per_second else 0
    return [
        row(
            f"07:00 rush: {put_backs:,} put-backs due in the same minute, {CALLS_PER_SECOND} calls/s, "
            f"{WORKERS} worker processes x {THREADS} threads: time to drain",
            f"**{drained:.1f} s** = **{drained / floor:.2f}x** the floor of {floor:.0f} s"
            + (f"; **{left} not settled**" if left else "")
            + f"; on {_where(stack)}; {_what_limits(busiest, median_second)}; the workers' CPU "
            f"{cpu_s:.0f} s = {cpu_s / put_backs * 1000:.0f} ms a put-back, machine load {load:.1f} "
            f"on {os.cpu_count()} cores",
            f"<= {DRAIN_RATIO}x the floor",
            not left and drained <= DRAIN_RATIO * floor,
        ),
        row(
            "07:00 rush: Podero calls",
            f"**{len(puts):,} PUTs** for {put_backs:,} put-backs, **{twice} devices twice**"
            + (f"; busiest second {busiest} calls" if busiest else ""),
            "= put-backs, none twice",
            len(puts) == put_backs and twice == 0,
        ),
        row(
            "07:00 rush: My devices (warm) during the drain / quiet",
            f"**{page_ratio:.2f}x** ({_ms(statistics.median(during) if during else 0)} during, "
            f"{_ms(statistics.median(quiet))} quiet, {len(during)} requests)",
            f"<= {PAGE_RATIO}x",
            bool(during) and page_ratio <= PAGE_RATIO,
        ),
    ]


def _set_up(sandbox: str, put_backs: int) -> float:
    """`put_backs` heat pumps in the sandbox and the portal, each paused until one moment LEAD_S from now, each with its
    put-back queued for that moment. Returns the moment (epoch seconds)."""
    from django.utils import timezone

    from preferences import jobs
    from preferences.accounts import save_homeowner
    from preferences.models import Device, TimedPause

    due = timezone.now() + timedelta(seconds=LEAD_S)
    due -= timedelta(microseconds=due.microsecond)
    pauses = []
    for home in range(HOMES):
        spec = {"heat_pumps": put_backs // HOMES, "electric_vehicles": 0, "inverters": 0}
        user = requests.post(f"{sandbox}/_sandbox/users", json=spec, timeout=30).json()
        homeowner, _created = save_homeowner(email=f"rush-{home}@example.com", podero_user_id=user["id"])
        devices = Device.objects.bulk_create(
            Device(homeowner=homeowner, kind=device["kind"], podero_id=device["id"], synced_at=timezone.now())
            for device in user["devices"]
        )
        for device in devices:
            requests.post(
                f"{sandbox}/_sandbox/devices/{device.podero_id}",
                json={"is_smart_optimization_active": False},
                timeout=10,
            )
        pauses += TimedPause.objects.bulk_create(
            TimedPause(
                device=device, length=TimedPause.Length.MORNING, ends_at=due, created_at=timezone.now()
            )
            for device in devices
        )
    for pause in pauses:
        jobs.run_at(jobs.resume_after_timed_pause, pause.pk, due)
    return due.timestamp()


def _start_worker(stack: Stack, number: int) -> subprocess.Popen[bytes]:
    env = dict(stack.env, PODERO_MAX_CALLS_PER_SECOND=str(CALLS_PER_SECOND), LOG_LEVEL="WARNING")
    log = (stack.workdir / f"worker-{number}.log").open("wb")
    argv = [PYTHON, "manage.py", "db_worker", "--threads", str(THREADS), "--interval", "0.2"]
    argv += ["--verbosity", "0", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(  # noqa: S603 - our own program with fixed arguments
        argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _left() -> int:
    from preferences.models import TimedPause

    return TimedPause.objects.filter(
        status=TimedPause.Status.ACTIVE, length=TimedPause.Length.MORNING
    ).count()


def _my_devices(browser: Browser, count: int) -> list[float]:
    replies = [browser.request("GET", "/") for _ in range(count)]
    return [reply.seconds for reply in replies if reply.status == 200]


def _journal(sandbox: str, api: str) -> list[dict[str, Any]]:
    calls = requests.get(f"{sandbox}/_sandbox/requests", timeout=30).json()
    return [call for call in calls if call["path"].startswith(api)]


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc; 0 where there is none (not Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _where(stack: Stack) -> str:
    """The database and cache the workers shared, in short: the rush's pace depends on them."""
    database = stack.database_label.split(" (")[0]
    cache = "Redis" if stack.cache_label.startswith("Redis") else "the database cache"
    return f"{database} + {cache}"


def _what_limits(busiest: int, median_second: float) -> str:
    """Who set the pace: the limit (seconds full up to it), or the workers (seconds below it)."""
    if median_second >= CALLS_PER_SECOND * 0.95:
        return f"the limit set the pace (median second {median_second:.0f} calls)"
    return (
        f"the workers set the pace, not the limit: median second {median_second:.0f} calls, busiest {busiest}, "
        f"of {CALLS_PER_SECOND} allowed"
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
