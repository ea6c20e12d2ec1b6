"""Two portal processes, one login session and one Podero token: scale-out needs no sticky sessions.

Starts the sandbox and two gunicorn portals on different loopback ports, sharing one database and one cache
(PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set, else an SQLite file and the database cache).
Then it logs in on the first portal, opens My devices on the second with the same cookie, changes a device
through the second and reads the change on the first. It checks that Podero issued a single access token
for both, and that the circuit breaker opened by failures seen on one portal also stops the other.
It also lets the cached device lists go stale while both portals serve My devices at once, and checks that
Podero was asked for each list once, not once per page view.
Prints what it saw; exits 0 when every check holds. tests/test_deployment.py runs it.
"""

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import Stack
from bench.web import Browser

PASSWORD = "two-portals-not-secret"  # noqa: S105 - a throwaway login in a throwaway database
BREAKER_FAILURES = 3
FRESH_SECONDS = 2  # PODERO_DEVICE_CACHE_SECONDS of both portals: short, so the check waits little
PAGE_VIEWS = 8


def forget_devices(podero_user_id: str) -> None:
    """Empty the shared device cache for one Podero user, so the next page has to ask Podero."""
    from django.core.cache import cache

    from preferences.devices import cache as device_cache
    from preferences.devices.kinds import all_kinds

    cache.delete_many([device_cache.list_key(podero_user_id, kind.slug) for kind in all_kinds()])


def at_once(portals: list[str], cookies: dict[str, str]) -> list[int]:
    """My devices on each of `portals` with the same login, all requested at the same moment."""
    barrier = threading.Barrier(len(portals))

    def view(portal: str) -> int:
        browser = Browser(portal)
        browser.cookies = dict(cookies)
        barrier.wait()
        try:
            return browser.request("GET", "/").status
        finally:
            browser.close()

    with ThreadPoolExecutor(len(portals)) as pool:
        return list(pool.map(view, portals))


def main() -> int:
    failures: list[str] = []

    def check(condition: bool, description: str) -> None:
        print(f"{'ok ' if condition else 'FAILED'}  {description}")
        if not condition:
            failures.append(description)

    with Stack("two-portals") as stack:
        print(f"database: {stack.database_label}; cache: {stack.cache_label}")
        sandbox = stack.start_sandbox()
        stack.env.update(
            PODERO_BREAKER_FAILURES=str(BREAKER_FAILURES),
            PODERO_BREAKER_COOLDOWN="60",
            PODERO_DEVICE_CACHE_SECONDS=str(FRESH_SECONDS),
            PODERO_DEVICE_CACHE_STALE_SECONDS="60",
        )
        stack.prepare_database()
        stack.configure_django()
        import podero_sandbox as seed

        # One list per kind the sandbox serves, the kinds the portal registers.
        from podero_sandbox.model import KINDS
        from preferences.accounts import save_homeowner

        save_homeowner(email="alice@example.com", podero_user_id=seed.ALICE_USER_ID, password=PASSWORD)
        first = stack.start_portal(label="portal-a", workers=1, threads=4)
        second = stack.start_portal(label="portal-b", workers=1, threads=4)
        print(f"portal A {first}, portal B {second}, sandbox {sandbox}")

        on_first = Browser(first)
        on_first.login("alice@example.com", PASSWORD)
        on_second = Browser(second)
        on_second.cookies = dict(on_first.cookies)

        page = on_second.request("GET", "/")
        check(page.status == 200 and b"Nibe" in page.body, "B shows My devices to the session A logged in")

        heat_pump = f"/heat-pumps/{seed.ALICE_HEAT_PUMP_ID}/"
        check(b'aria-checked="true"' in on_first.request("GET", heat_pump).body, "A shows the heat pump on")
        paused = on_second.htmx_post(f"{heat_pump}pause/", {})
        check(paused.status == 200, "B pauses the heat pump with A's session and CSRF cookie")
        # A cached the heat pump's state a moment ago; B's write must have dropped that shared entry.
        check(b'aria-checked="false"' in on_first.request("GET", heat_pump).body, "A shows it paused at once")

        journal = requests.get(f"{sandbox}/_sandbox/requests", timeout=10).json()
        tokens = [entry for entry in journal if entry["path"] == "/oauth2/token/"]
        check(len(tokens) == 1, f"Podero issued one access token for both portals (issued {len(tokens)})")

        # The cached lists go stale while both portals are busy: one request refreshes them, the rest show them.
        check(on_first.request("GET", "/").status == 200, "A shows My devices (lists cached)")
        time.sleep(FRESH_SECONDS + 0.2)
        requests.post(f"{sandbox}/_sandbox/faults", json={"method": "GET", "latency_ms": 300}, timeout=10)
        requests.delete(f"{sandbox}/_sandbox/requests", timeout=10)
        statuses = at_once([first, second] * (PAGE_VIEWS // 2), on_first.cookies)
        lists = [
            entry
            for entry in requests.get(f"{sandbox}/_sandbox/requests", timeout=10).json()
            if entry["method"] == "GET"
        ]
        check(statuses == [200] * PAGE_VIEWS, f"A and B show My devices {PAGE_VIEWS} times at once")
        check(
            len(lists) == len(KINDS),
            f"the stale lists were fetched once across both portals: {len(lists)} calls for {len(KINDS)} lists",
        )
        requests.delete(f"{sandbox}/_sandbox/faults", timeout=10)

        # Podero starts failing. A's My devices makes one call per kind of device: 3 failures open the breaker.
        requests.post(f"{sandbox}/_sandbox/faults", json={"status": 500, "method": "GET"}, timeout=10)
        forget_devices(seed.ALICE_USER_ID)
        failed = on_first.request("GET", "/")
        check(failed.status == 200 and b"couldn" in failed.body, "A says it could not load the devices")
        forget_devices(seed.ALICE_USER_ID)
        requests.delete(f"{sandbox}/_sandbox/requests", timeout=10)
        shown = on_second.request("GET", "/")
        sent = requests.get(f"{sandbox}/_sandbox/requests", timeout=10).json()
        check(
            shown.status == 200 and b"couldn" in shown.body and sent == [],
            f"the breaker opened by A's failures stops B too: B's page made {len(sent)} calls to Podero",
        )
        on_first.close()
        on_second.close()
    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
