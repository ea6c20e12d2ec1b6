"""A real sandbox per test, on a free loopback port, and two small handles on it.

`api` speaks the Partner API as the portal would (bearer token, alice's paths); `control` drives /_sandbox/.
Nothing here needs Django or a database.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from podero_sandbox import ALICE_USER_ID, CLIENT_ID, CLIENT_SECRET, ORG_ID, SandboxServer

TIMEOUT = 5


class PartnerApi:
    def __init__(self, url: str, *, user_id: str = ALICE_USER_ID, org_id: str = ORG_ID) -> None:
        self.url = url
        self.prefix = f"/api/partners/v2.0/org/{org_id}/users/{user_id}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {fetch_token(url)}"

    def path(self, tail: str) -> str:
        return f"{self.prefix}/{tail}"

    def request(self, method: str, tail: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return self.session.request(method, self.url + self.path(tail), **kwargs)

    def get(self, tail: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", tail, **kwargs)

    def put(self, tail: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", tail, **kwargs)

    def post(self, tail: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", tail, **kwargs)

    def delete(self, tail: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", tail, **kwargs)


class Control:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, method: str, path: str, json: Any = None) -> Any:
        response = requests.request(method, f"{self.url}/_sandbox/{path}", json=json, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json() if response.content else None

    def device(self, device_id: str) -> dict[str, Any]:
        return self("GET", f"devices/{device_id}")

    def set_device(self, device_id: str, **fields: Any) -> dict[str, Any]:
        return self("POST", f"devices/{device_id}", fields)

    def ev(self, device_id: str, action: str) -> dict[str, Any]:
        return self("POST", f"electric-vehicles/{device_id}/{action}")

    def fault(self, **rule: Any) -> dict[str, Any]:
        return self("POST", "faults", rule)

    def config(self, **values: Any) -> dict[str, Any]:
        return self("POST", "config", values)

    def requests(self) -> list[dict[str, Any]]:
        return self("GET", "requests")


def assert_refused(response: requests.Response, *fields: list[str], msg: str | None = None) -> None:
    """A 422 in django-ninja's shape, one problem per field, in that order."""
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/json"
    problems = response.json()["detail"]
    assert [problem["loc"] for problem in problems] == [["body", "payload", *field] for field in fields]
    assert all(problem["type"] == "value_error" and problem["msg"] for problem in problems)
    if msg is not None:
        assert problems[0]["msg"] == msg


def fetch_token(url: str, auth: tuple[str, str] = (CLIENT_ID, CLIENT_SECRET)) -> str:
    response = requests.post(
        f"{url}/oauth2/token/", auth=auth, json={"grant_type": "client_credentials"}, timeout=TIMEOUT
    )
    response.raise_for_status()
    return response.json()["access_token"]


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    server = SandboxServer(port=0, boost_start_delay=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def api(server: SandboxServer) -> PartnerApi:
    return PartnerApi(server.url)


@pytest.fixture
def control(server: SandboxServer) -> Control:
    return Control(server.url)
