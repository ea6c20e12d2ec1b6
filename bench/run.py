"""`make bench`: how fast the portal is against a Podero that takes `--latency-ms` per call, in one run.

Starts the Podero sandbox with that latency, a fresh database and cache, the portal under gunicorn
(DEBUG off, the production settings plus one bare view as the baseline), and measures over loopback:

- My devices for homeowners with 1, 3 and 12 devices with a cold device cache, as a multiple of one direct
  Podero round trip (parallel calls: target < 1.5x for every size);
- a toggle (htmx POST -> Podero PUT -> partial) minus one direct Podero PUT: our own overhead (target < 20 ms);
- requests per second on My devices with a warm cache, next to a bare Django view on the same server;
- the bytes of the toggle's partial response (target < 2 KB).

Uses PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (each run gets its own database and key
prefix, removed afterwards), otherwise an SQLite file and the database cache. Prints a Markdown table.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import SANDBOX_CREDENTIALS, Stack
from bench.web import Browser, hammer

PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throwaway login in a throwaway database
SIZES = {1: (1, 0, 0), 3: (1, 1, 1), 12: (4, 4, 4)}  # devices: (heat pumps, EVs, inverters)
API = "/api/partners/v2.0"
WARM_UP = 20  # untimed requests first, as a server that has been up for a while has had them


@dataclass
class Homeowner:
    size: int
    email: str
    podero_user_id: str
    heat_pump_id: str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--latency-ms", type=float, default=150, help="added to every Podero call (default 150)"
    )
    parser.add_argument("--samples", type=int, default=15, help="timed requests per measure (default 15)")
    parser.add_argument("--seconds", type=float, default=5, help="length of each load run (default 5)")
    parser.add_argument(
        "--connections", type=int, default=16, help="connections of each load run (default 16)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (default 2)")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per process (default 8)")
    options = parser.parse_args(argv)

    with Stack("bench") as stack:
        print(f"Setting up: database {stack.database_label}, cache {stack.cache_label} ...", file=sys.stderr)
        sandbox = stack.start_sandbox(latency_ms=options.latency_ms)
        stack.prepare_database()
        stack.configure_django()
        homeowners = {size: _homeowner(sandbox, size) for size in SIZES}
        portal = stack.start_portal(
            settings="bench.settings", workers=options.workers, threads=options.threads
        )
        print(f"Portal {portal}, sandbox {sandbox}; measuring ...", file=sys.stderr)
        rows = _measure(portal, sandbox, homeowners, options)
        _print_report(stack, options, rows)
    return 0 if all(row.get("ok", True) for row in rows["table"]) else 1


def _homeowner(sandbox: str, size: int) -> Homeowner:
    from preferences.accounts import save_homeowner

    heat_pumps, evs, inverters = SIZES[size]
    spec = {"heat_pumps": heat_pumps, "electric_vehicles": evs, "inverters": inverters}
    user = requests.post(f"{sandbox}/_sandbox/users", json=spec, timeout=10).json()
    email = f"bench-{size}@example.com"
    save_homeowner(email=email, podero_user_id=user["id"], password=PASSWORD)
    heat_pump = next(device["id"] for device in user["devices"] if device["kind"] == "heat-pumps")
    return Homeowner(size, email, user["id"], heat_pump)


def _measure(portal: str, sandbox: str, homeowners: dict[int, Homeowner], options: Any) -> dict[str, Any]:
    from django.core.cache import cache

    from preferences import device_cache
    from preferences.podero import DeviceKind

    samples = options.samples
    round_trips = _podero_round_trips(sandbox, homeowners[3], samples)
    browsers = {}
    for size, homeowner in homeowners.items():
        browsers[size] = Browser(portal)
        browsers[size].login(homeowner.email, PASSWORD)
        _expect(browsers[size].request("GET", "/"), 200, "My devices")  # token fetched, device rows synced

    table: list[dict[str, Any]] = []
    podero_get = statistics.median(round_trips["GET"])
    for size, homeowner in homeowners.items():
        keys = [device_cache.list_key(homeowner.podero_user_id, kind) for kind in DeviceKind]
        timings = []
        for attempt in range(3 + samples):  # the first 3 untimed
            if attempt == 3:
                _clear_journal(sandbox)
            cache.delete_many(keys)  # cold: every list comes from Podero
            reply = browsers[size].request("GET", "/")
            _expect(reply, 200, "My devices (cold)")
            if attempt >= 3:
                timings.append(reply.seconds)
        calls = len(_journal(sandbox)) / samples
        ratio = statistics.median(timings) / podero_get
        table.append(
            {
                "measure": f"My devices, {size} device{'s' if size > 1 else ''}, cold cache",
                "result": f"{_ms(statistics.median(timings))} (p90 {_ms(_p90(timings))}), "
                f"{calls:.0f} Podero calls = **{ratio:.2f}x** one round trip",
                "target": "< 1.5x",
                "ok": ratio < 1.5,
            }
        )

    # The toggle: pause / resume the 3-device homeowner's heat pump, alternately.
    browser, heat_pump = browsers[3], homeowners[3].heat_pump_id
    path = f"/heat-pumps/{heat_pump}/optimization/"
    for index in range(WARM_UP):  # every gunicorn thread has its database and cache connections open
        _expect(
            browser.htmx_post(path, {"active": "true" if index % 2 else "false"}), 200, "toggle (warm-up)"
        )
    toggles = []
    for index in range(samples * 2):
        reply = browser.htmx_post(path, {"active": "true" if index % 2 else "false"})
        _expect(reply, 200, "toggle")
        toggles.append(reply)
    total = statistics.median(reply.seconds for reply in toggles)
    overhead = total - statistics.median(round_trips["PUT"])
    body = max(len(reply.body) for reply in toggles)
    wire = max(reply.wire_bytes for reply in toggles)
    table.append(
        {"measure": "Toggle (htmx POST -> Podero PUT -> partial)", "result": _ms(total), "target": ""}
    )
    table.append(
        {
            "measure": "Toggle minus one Podero PUT: our own overhead",
            "result": f"**{_ms(overhead)}** (p90 {_ms(_p90([r.seconds for r in toggles]) - statistics.median(round_trips['PUT']))})",
            "target": "< 20 ms median",
            "ok": overhead < 0.020,
        }
    )
    table.append(
        {
            "measure": "Toggle partial response",
            "result": f"**{body} B** body, {wire} B with headers",
            "target": "< 2 KB",
            "ok": body < 2048,
        }
    )

    # Throughput: a bare Django view, then My devices with a warm cache, on the same server.
    bare = hammer(
        portal, "/_bench/bare/", cookies={}, connections=options.connections, seconds=options.seconds
    )
    _expect(browser.request("GET", "/"), 200, "My devices (warm-up)")
    _clear_journal(sandbox)
    warm = hammer(
        portal, "/", cookies=browser.cookies, connections=options.connections, seconds=options.seconds
    )
    warm_calls = len(_journal(sandbox))
    for label, load in (("Bare Django view (baseline)", bare), ("My devices, 3 devices, warm cache", warm)):
        errors = sum(count for status, count in load.statuses.items() if status != 200)
        table.append(
            {
                "measure": f"{label}, {options.connections} connections x {options.seconds:.0f} s",
                "result": f"**{load.per_second:.0f} req/s** (p50 {_ms(load.median)}, p99 {_ms(load.percentile(0.99))}"
                f"{f', {errors} not 200' if errors else ''})",
                "target": "",
                "ok": errors == 0,
            }
        )
    table.append(
        {
            "measure": "My devices (warm) / bare view",
            "result": f"{warm.per_second / bare.per_second:.0%} of the baseline; {warm_calls} Podero calls during the run",
            "target": "",
        }
    )
    for open_browser in browsers.values():
        open_browser.close()
    return {"table": table, "round_trips": round_trips}


def _podero_round_trips(sandbox: str, homeowner: Homeowner, samples: int) -> dict[str, list[float]]:
    """One Podero call made directly (keep-alive, token in hand): the unit the page times are measured in."""
    session = requests.Session()
    token = session.post(
        f"{sandbox}/oauth2/token/",
        auth=(SANDBOX_CREDENTIALS["PODERO_CLIENT_ID"], SANDBOX_CREDENTIALS["PODERO_CLIENT_SECRET"]),
        json={"grant_type": "client_credentials"},
        timeout=10,
    ).json()["access_token"]
    session.headers["Authorization"] = f"Bearer {token}"
    user = f"{sandbox}{API}/org/{SANDBOX_CREDENTIALS['PODERO_ORG_ID']}/users/{homeowner.podero_user_id}"
    timings: dict[str, list[float]] = {"GET": [], "PUT": []}
    for index in range(samples):
        started = time.perf_counter()
        session.get(f"{user}/heat-pumps", timeout=10).raise_for_status()
        timings["GET"].append(time.perf_counter() - started)
        started = time.perf_counter()
        body = {"is_smart_optimization_active": bool(index % 2)}
        session.put(f"{user}/heat-pumps/{homeowner.heat_pump_id}", json=body, timeout=10).raise_for_status()
        timings["PUT"].append(time.perf_counter() - started)
    session.close()
    return timings


def _journal(sandbox: str) -> list[dict[str, Any]]:
    return [
        r
        for r in requests.get(f"{sandbox}/_sandbox/requests", timeout=10).json()
        if r["path"].startswith(API)
    ]


def _clear_journal(sandbox: str) -> None:
    requests.delete(f"{sandbox}/_sandbox/requests", timeout=10).raise_for_status()


def _expect(reply: Any, status: int, what: str) -> None:
    if reply.status != status:
        raise RuntimeError(f"{what}: HTTP {reply.status}, expected {status}:\n{reply.body[:500]!r}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * 0.9), len(ordered) - 1)]


def _print_report(stack: Stack, options: Any, rows: dict[str, Any]) -> None:
    trips = rows["round_trips"]
    print(f"Podero Portal benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; gunicorn {options.workers} workers"
        f" x {options.threads} threads (gthread), DEBUG off; load generator on the same machine, loopback."
    )
    print(f"Database: {stack.database_label}. Cache: {stack.cache_label}.")
    print(
        f"Podero: the sandbox with {options.latency_ms:.0f} ms added per call. One direct round trip (median of "
        f"{len(trips['GET'])}): GET {_ms(statistics.median(trips['GET']))}, PUT {_ms(statistics.median(trips['PUT']))}."
    )
    print()
    print("| Measure | Result | Target | |")
    print("|---|---|---|---|")
    for row in rows["table"]:
        verdict = "" if "ok" not in row or not row["target"] else ("met" if row["ok"] else "**missed**")
        print(f"| {row['measure']} | {row['result']} | {row['target']} | {verdict} |")


if __name__ == "__main__":
    sys.exit(main())
