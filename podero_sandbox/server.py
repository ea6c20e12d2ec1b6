"""The HTTP side: one thread per connection, faults and latency applied, every API request journaled."""

import contextlib
import logging
import socket
import threading
import time
from http.client import responses as reason_phrases
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from . import api, connect, control
from .faults import FaultRule
from .state import SandboxState
from .wire import Request, Response

logger = logging.getLogger(__name__)

MALFORMED_BODY = b'{"detail": "the upstream answer was cut off mid-'


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: SandboxState) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.state = state
        super().__init__(address, SandboxHandler)


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PoderoSandbox/2.0"
    timeout = 120
    disable_nagle_algorithm = True
    server: SandboxHTTPServer

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)

    def _handle(self) -> None:
        try:
            request = self._read_request()
            if control.is_control_path(request.path):
                self._send(control.handle(self.server.state, request))
            elif connect.is_connect_path(request.path):
                self._send(connect.handle(self.server.state, request))
            else:
                self._serve_api(request)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            logger.exception("sandbox failed on %s %s", self.command, self.path)
            self._send(Response(500, {"detail": "Internal Server Error"}))

    def _serve_api(self, request: Request) -> None:
        state = self.server.state
        generation = state.generation
        received = time.time()
        plan, global_latency_ms = state.plan_faults(request.method, request.path)
        time.sleep((global_latency_ms + plan.latency_ms) / 1000)
        rule = plan.rule
        if rule is not None and rule.hang_seconds:
            time.sleep(rule.hang_seconds)
        if state.generation != generation:
            # A reset happened while this request slept: it belongs to a finished test, so it must not
            # change (or be journaled in) the fresh state.
            self._drop_connection()
            return
        if rule is not None and rule.drop_connection:
            state.record(journal_entry(request, None, received))
            self._drop_connection()
            return
        if rule is not None and (rule.status is not None or rule.malformed):
            response = fault_response(rule)
        else:
            response = api.handle(state, request)
        state.record(journal_entry(request, response.status, received))
        self._send(response)

    def _read_request(self) -> Request:
        url = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length > 0 else ""
        headers = {name.lower(): value for name, value in self.headers.items()}
        return Request(self.command, url.path, url.query, headers, body)

    def _send(self, response: Response) -> None:
        payload = response.payload
        self.send_response(response.status)
        headers = dict(response.headers)
        if response.status != 204:
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
            headers.pop("Content-Length", None)
            self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _drop_connection(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def fault_response(rule: FaultRule) -> Response:
    status = rule.status if rule.status is not None else 200
    headers = {"Retry-After": rule.retry_after} if rule.retry_after is not None else {}
    if rule.malformed:
        return Response(status, headers=headers, raw=MALFORMED_BODY)
    body = rule.body
    if body is None:
        body = {"detail": f"{reason_phrases.get(status, 'Error')} (sandbox fault)"}
    return Response(status, body, headers)


def journal_entry(request: Request, status: int | None, received: float) -> dict[str, Any]:
    """One API request as the journal keeps it; `at`: when it arrived (epoch seconds), before any latency."""
    return {
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "headers": {
            "authorization": request.header("authorization"),
            "content-type": request.header("content-type"),
        },
        "body": request.body,
        "json": request.json_or_none(),
        "status": status,
        "at": received,
    }


class SandboxServer:
    """A stand-in for the Podero Partner API v2.0 on a local port.

    `start()` serves from a daemon thread (tests); `serve_forever()` blocks (the command line).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0,
        boost_start_delay: float = 2.0,
        token_expires_in: float = 36000,
        readings: dict[str, str] | None = None,
    ) -> None:
        """`readings` chooses answers to the questions the docs leave open (readings.py), kept across resets."""
        self.state = SandboxState(
            boost_start_delay=boost_start_delay,
            latency_ms=latency_ms,
            token_expires_in=token_expires_in,
            readings=readings,
        )
        self._httpd = SandboxHTTPServer((host, port), self.state)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        address, port = self._httpd.server_address[:2]
        # The bound socket's name: an AF_INET/AF_INET6 socket gives its host as text; typeshed's type also
        # allows the bytes a caller may bind to.
        host = address if isinstance(address, str) else bytes(address).decode("ascii")
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="podero-sandbox",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def serve_forever(self) -> None:
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._httpd.server_close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
