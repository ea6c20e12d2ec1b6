"""Talking to the portal over loopback: a homeowner's browser (one keep-alive connection, cookies, CSRF) for
timed single requests, and an asyncio load generator for requests per second. Standard library only."""

import asyncio
import http.client
import re
import statistics
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    seconds: float

    @property
    def wire_bytes(self) -> int:
        """Bytes of the whole HTTP response as sent: status line, headers and body."""
        head = len(f"HTTP/1.1 {self.status} XXXXXXXXXX\r\n") + 2
        head += sum(len(f"{name}: {value}\r\n") for name, value in self.headers)
        return head + len(self.body)

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    @property
    def queries(self) -> int:
        """The SQL queries the portal counted for this request, when asked to (bench/queries.py); else -1."""
        return int(self.header("X-Bench-Queries") or -1)

    @property
    def cache_queries(self) -> int:
        """How many of `queries` were the database cache's (0 with Redis, -1 when not counted)."""
        return int(self.header("X-Bench-Cache-Queries") or -1)

    @property
    def sql_seconds(self) -> float:
        """Time the counted SQL queries took (bench/queries.py); 0 when not counted."""
        return float(self.header("X-Bench-SQL-ms") or 0) / 1000

    @property
    def server_seconds(self) -> float:
        """Time the request spent in Django (bench/queries.py); 0 when not counted."""
        return float(self.header("X-Bench-Server-ms") or 0) / 1000


class Browser:
    """One homeowner: a keep-alive connection to the portal, with its session and CSRF cookies."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self._connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def close(self) -> None:
        self._connection.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self._connection.request(method, path, body=body, headers=sent)
        response = self._connection.getresponse()
        payload = response.read()
        seconds = time.perf_counter() - started
        headers_list = response.getheaders()
        for name, value in headers_list:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return Reply(response.status, headers_list, payload, seconds)

    def login(self, email: str, password: str) -> None:
        page = self.request("GET", "/accounts/login/")
        token = _CSRF_INPUT.search(page.body.decode())
        if token is None:
            raise RuntimeError(f"no CSRF token on the login page (HTTP {page.status})")
        reply = self.request(
            "POST",
            "/accounts/login/",
            form={"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)},
        )
        if reply.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed: HTTP {reply.status}")

    def htmx_post(self, path: str, form: dict[str, str], *, headers: dict[str, str] | None = None) -> Reply:
        sent = {"HX-Request": "true", "X-CSRFToken": self.cookies["csrftoken"], **(headers or {})}
        return self.request("POST", path, form=form, headers=sent)


@dataclass
class Load:
    """What a load run measured."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, other: "Load") -> None:
        """Count another run's requests as part of this one."""
        self.seconds += other.seconds
        self.latencies += other.latencies
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)] if ordered else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0


def hammer(base_url: str, path: str, *, cookies: dict[str, str], connections: int, seconds: float) -> Load:
    """GET `path` over `connections` keep-alive connections, as fast as the portal answers, for `seconds`."""
    return asyncio.run(_hammer(base_url, path, cookies=cookies, connections=connections, seconds=seconds))


async def _hammer(
    base_url: str, path: str, *, cookies: dict[str, str], connections: int, seconds: float
) -> Load:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n\r\n".encode()
    load = Load(seconds=seconds)
    started = time.perf_counter()
    deadline = started + seconds

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                sent_at = time.perf_counter()
                writer.write(request)
                status, keep_alive = await _read_response(reader)
                load.latencies.append(time.perf_counter() - sent_at)
                load.statuses[status] = load.statuses.get(status, 0) + 1
                if not keep_alive:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    load.seconds = time.perf_counter() - started
    return load


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    status_line, *header_lines = head.split("\r\n")
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return int(status_line.split()[1]), headers.get("connection", "").lower() != "close"
