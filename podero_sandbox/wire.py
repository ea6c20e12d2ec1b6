"""Requests and responses as the sandbox's routes see them, free of http.server details."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from .errors import method_not_allowed, not_found


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def query_flag(self, name: str) -> bool:
        values = parse_qs(self.query).get(name, [])
        return bool(values) and values[-1].lower() in ("true", "1", "yes", "on")

    def json_or_none(self) -> Any:
        try:
            return strict_json_loads(self.body) if self.body else None
        except ValueError:
            return None


def strict_json_loads(text: str) -> Any:
    """json.loads without Python's NaN and Infinity extensions, which are not JSON."""
    return json.loads(text, parse_constant=_reject_constant)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None

    @property
    def payload(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return b"" if self.status == 204 else json.dumps(self.body).encode()


def no_content() -> Response:
    return Response(204)


Handler = Callable[..., Response]


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    methods: dict[str, Handler]


def route(pattern: str, **methods: Handler) -> Route:
    return Route(re.compile(pattern), methods)


def dispatch(routes: list[Route], state: Any, request: Request) -> Response:
    """The answer of the route `request` goes to: 404 when none matches its path, 405 when none takes its method."""
    for candidate in routes:
        match = candidate.pattern.fullmatch(request.path)
        if match:
            handler = candidate.methods.get(request.method)
            if handler is None:
                raise method_not_allowed()
            return handler(state, request, **match.groupdict())
    raise not_found()
