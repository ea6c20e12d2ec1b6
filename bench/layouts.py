"""Which gunicorn layout (processes x threads) serves this machine best: `python bench/layouts.py 2x8 4x2 4x4`.

Starts one portal per layout (production settings; PostgreSQL and Redis when DATABASE_URL and REDIS_URL are
set) against the sandbox with 150 ms per call, and loads them in turns, one second each, so that every layout
sees the same share of whatever else the machine is doing:
- My devices with a warm device cache (our own work only: CPU-bound), and
- My devices with the device cache off (three Podero calls in parallel for every page: thread-bound).
Prints requests per second and latencies per layout. Its figures chose the default layout in
podero_portal/gunicorn.conf.py (see the README's benchmark section).
"""

import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import Stack
from bench.web import Browser, Load, hammer

PASSWORD = "layouts-not-secret"  # noqa: S105 - a throwaway login in a throwaway database
CONNECTIONS = 16
ROUNDS = 6
SLICE_SECONDS = 1.0


def main(argv: list[str]) -> int:
    layouts = [tuple(int(n) for n in spec.split("x")) for spec in argv or ["2x8", "4x2", "4x4"]]
    with Stack("layouts") as stack:
        sandbox = stack.start_sandbox(latency_ms=150)
        stack.prepare_database()
        stack.configure_django()
        from preferences.accounts import save_homeowner

        spec = {"heat_pumps": 1, "electric_vehicles": 1, "inverters": 1}
        user = requests.post(f"{sandbox}/_sandbox/users", json=spec, timeout=10).json()
        save_homeowner(email="layouts@example.com", podero_user_id=user["id"], password=PASSWORD)
        loads: dict[str, list[Load]] = {}
        for mode, cache_seconds in (("warm", "30"), ("cold", "0")):
            # One mode at a time: every gunicorn thread holds a database connection (PostgreSQL allows 100).
            stack.env["PODERO_DEVICE_CACHE_SECONDS"] = cache_seconds
            portals = []
            for workers, threads in layouts:
                portal = stack.start_portal(
                    label=f"{mode}-{workers}x{threads}", workers=workers, threads=threads
                )
                browser = Browser(portal)
                browser.login("layouts@example.com", PASSWORD)
                browser.request("GET", "/")
                portals.append((portal, browser.cookies))
                browser.close()
            loads[mode] = [Load(seconds=0) for _ in layouts]
            for _ in range(ROUNDS):
                for index, (portal, cookies) in enumerate(portals):
                    loads[mode][index].add(
                        hammer(portal, "/", cookies=cookies, connections=CONNECTIONS, seconds=SLICE_SECONDS)
                    )
            for _ in layouts:
                stack.stop_process(-1)
    print(
        f"| Layout | My devices, warm ({CONNECTIONS} connections) | My devices, cache off ({CONNECTIONS} connections) |"
    )
    print("|---|---|---|")
    for (workers, threads), warm_load, cold_load in zip(layouts, loads["warm"], loads["cold"], strict=True):
        print(f"| {workers} x {threads} | {_figures(warm_load)} | {_figures(cold_load)} |")
    return 0


def _figures(load: Load) -> str:
    errors = {status: count for status, count in load.statuses.items() if status != 200}
    return (
        f"{load.per_second:.0f} req/s (p50 {load.median * 1000:.0f} ms, p99 {load.percentile(0.99) * 1000:.0f} ms)"
        + "".join(f", {count} x HTTP {status}" for status, count in sorted(errors.items()))
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
