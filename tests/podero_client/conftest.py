"""A scripted stand-in for Podero on a real local socket, so retries, timeouts and pooling run for real.

Each test scripts replies per (method, path); the server records every request it receives. The token
endpoint answers with numbered tokens ("token-1", "token-2", ...) unless a test scripts it.
"""

import json
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from uuid import UUID, uuid4

import pytest
from django.core.cache.backends.locmem import LocMemCache

from preferences.podero import transport
from preferences.podero.client import PoderoClient

ORG_ID = "8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d"
USER_ID = UUID("0b5e1a9c-2f3d-4e5f-8a7b-1c2d3e4f5a6b")
EV_ID = UUID("1e0f8d2c-3b4a-4c5d-9e6f-7a8b9c0d1e2f")
HEAT_PUMP_ID = UUID("2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
INVERTER_ID = UUID("3c2d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f")
CLIENT_ID = "portal-client"
CLIENT_SECRET = "s3cret-do-not-leak"
TOKEN_PATH = "/oauth2/token/"
# Short enough for tests that wait for a timeout, long enough that a loaded CI machine answers a plain call in
# time (0.3 s was not: a token fetch timed out there). A reply meant to miss the timeout takes SLOW_REPLY.
FAST_TIMEOUT = (0.5, 1.0)
SLOW_REPLY = 1.5


def api_path(tail: str) -> str:
    return f"/api/partners/v2.0/org/{ORG_ID}/users/{USER_ID}/{tail}"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    json: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    drop: bool = False  # close the connection without answering

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return b"" if self.json is None else json.dumps(self.json).encode()


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)


class FakePodero:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self._replies: dict[tuple[str, str], deque[Reply]] = defaultdict(deque)
        self._tokens_issued = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01})

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, method: str, path: str, *replies: Reply) -> None:
        """Answer the next requests to (method, path) with `replies`, in order."""
        with self._lock:
            self._replies[method, path].extend(replies)

    def calls(self, method: str | None = None, path: str | None = None) -> list[Received]:
        """Requests received other than token requests, optionally filtered."""
        return [
            r
            for r in self.received
            if r.path != TOKEN_PATH
            and (method is None or r.method == method)
            and (path is None or r.path == path)
        ]

    @property
    def token_requests(self) -> list[Received]:
        return [r for r in self.received if r.path == TOKEN_PATH]

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        with self._lock:
            self.received.append(Received(method, path, headers, body, time.monotonic()))
            queued = self._replies.get((method, path))
            if queued:
                return queued.popleft()
            if (method, path) == ("POST", TOKEN_PATH):
                self._tokens_issued += 1
                token = {"access_token": f"token-{self._tokens_issued}", "expires_in": 36000}
                return Reply(json=token | {"token_type": "Bearer", "scope": "read write"})
        return Reply(status=418, json={"detail": f"nothing scripted for {method} {path}"})

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Podero behind a load balancer would
    disable_nagle_algorithm = (
        True  # headers and body are separate writes; without this each reply waits ~40 ms
    )

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.fake.handle(self.command, self.path, headers, body)  # type: ignore[attr-defined]
        time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        payload = reply.payload()
        try:
            self.send_response(reply.status)
            if reply.json is not None:
                self.send_header("Content-Type", "application/json")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting, as some tests intend

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def podero_server() -> Iterator[FakePodero]:
    server = FakePodero()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def token_cache() -> LocMemCache:
    return LocMemCache(f"podero-client-tests-{uuid4()}", {})


@pytest.fixture
def make_client(podero_server: FakePodero, token_cache: LocMemCache) -> Iterator[Callable[..., PoderoClient]]:
    made: list[PoderoClient] = []

    def make(**overrides: Any) -> PoderoClient:
        options = {
            "base_url": podero_server.url,
            "org_id": ORG_ID,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "timeout": FAST_TIMEOUT,
            "token_cache": token_cache,
        } | overrides
        made.append(PoderoClient(**options))
        return made[-1]

    yield make
    for client in made:
        client.close()


@pytest.fixture
def podero_client(make_client: Callable[..., PoderoClient]) -> PoderoClient:
    return make_client()


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the retry schedule's attempts but not its sleeps, for tests that exhaust retries.

    Request it before building the client: the policy is read when the session is built.
    """
    monkeypatch.setattr(transport, "BACKOFF_FACTOR", 0.0)


@pytest.fixture
def closed_port_url() -> str:
    """A local URL where nothing listens, so connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def device_json(
    device_id: UUID, long_name: str, manufacturer: str, model: str, **fields: Any
) -> dict[str, Any]:
    """A device object with the common fields of podero-api.md §3, plus `fields`."""
    return {
        "id": str(device_id),
        "connection_status": "ok",
        "monitoring_status": "ok",
        "steering_status": "ok",
        "device_model": {
            "device_type": {"short_name": "x", "long_name": long_name},
            "manufacturer": manufacturer,
            "model": model,
            "year": 2023,
        },
        "owner": {"id": str(USER_ID), "email": "alice@example.com"},
        "created_at": "2023-11-07T05:31:56Z",
        "deleted_at": None,
        "lifecycle_state": "authenticated",
        "is_authenticated": True,
        "is_smart_optimization_active": True,
        "action_needed": False,
        "actions": [],
        "current_state_last_updated_at": "2024-05-01T06:15:00Z",
        "price_zone": "DE_LU",
    } | fields


def ev_json(**fields: Any) -> dict[str, Any]:
    return (
        device_json(
            EV_ID,
            "Electric Vehicle",
            "Tesla",
            "Model 3",
            is_plugged_in=True,
            is_charging=False,
            battery_level=64,
            battery_capacity_kwh=79.5,
            is_fully_charged=False,
            boost_state="available",
            charge_rate_w=0,
            driving_range=310,
            charge_target_min=50,
            charge_target_max=90,
            is_charge_policy_enabled=True,
            charge_deadline_at="07:00",
            minimum_charge_limit=80,
            charge_policy_last_updated_at="2024-04-30T20:00:00Z",
        )
        | fields
    )


def heat_pump_json(**fields: Any) -> dict[str, Any]:
    return (
        device_json(
            HEAT_PUMP_ID,
            "Heat Pump (Air-to-Water)",
            "Nibe",
            "S-Series",
            current_mode="low",
            optimization_level="Mid",
            indoor_actual_temperature=21.4,
            indoor_target_temperature=21.5,
            outdoor_temperature=3,
            dhw_temperature=47.5,
            current_power_consumption_w=2341,
            is_away_mode_enabled=False,
        )
        | fields
    )


def inverter_json(**fields: Any) -> dict[str, Any]:
    return (
        device_json(
            INVERTER_ID,
            "Solar Inverter",
            "Fronius",
            "Symo GEN24 10.0 Plus",
            current_solar_production_w=4200,
            household_consumption_w=900.5,
            battery_charge_discharge_power_w=-755,
            current_power_to_grid_w=2545,
            battery_charge_level_percent=62,
            is_battery_connected=True,
            battery_capacity_kwh=10.0,
            solar_power_rating_kw=10.2,
            min_battery_charge=20,
            max_battery_charge=90,
        )
        | fields
    )


WEEKLY_POLICY_JSON = {
    "timezone": "Europe/Berlin",
    "mon": {"charge_percentage": 80, "charge_deadline": "07:00"},
    "tue": {"charge_percentage": 80, "charge_deadline": "07:00"},
    "wed": {"charge_percentage": 80, "charge_deadline": "07:00"},
    "thu": {"charge_percentage": 80, "charge_deadline": "07:00"},
    "fri": {"charge_percentage": 80, "charge_deadline": "07:00"},
    "sat": {"charge_percentage": 50, "charge_deadline": "10:00"},
    "sun": {"charge_percentage": 50, "charge_deadline": "10:00"},
}
