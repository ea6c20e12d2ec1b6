"""Shared fixtures: the Podero sandbox on a real socket, and the homeowners of the tests.

alice and bob are homeowners linked to the sandbox's two seeded Podero users; charlie is a login with no
homeowner; staff is a superuser. Only the Podero HTTP boundary is faked (by the sandbox).
"""

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

import podero_sandbox as seed
from podero_idp import IdpServer
from podero_sandbox import SandboxServer
from preferences import podero
from preferences.accounts import save_homeowner
from preferences.admin.roles import SUPPORT_ACT, SUPPORT_READ_ONLY, support_group
from preferences.models import Device, Homeowner
from preferences.podero.client import get_client

PASSWORD = "correct horse battery"


class Sandbox:
    """Test-side handle on a running sandbox: its control API, in the tests' own words."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.url = server.url

    def control(self, method: str, path: str, json: Any = None) -> Any:
        response = requests.request(method, f"{self.url}/_sandbox/{path}", json=json, timeout=5)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self) -> None:
        self.control("POST", "reset")

    def requests(self) -> list[dict[str, Any]]:
        """API calls received since the last reset, token requests left out."""
        return [r for r in self.control("GET", "requests") if not r["path"].startswith("/oauth2/")]

    def writes(self) -> list[dict[str, Any]]:
        return [r for r in self.requests() if r["method"] != "GET"]

    def clear_requests(self) -> None:
        self.control("DELETE", "requests")

    def fault(self, **rule: Any) -> None:
        self.control("POST", "faults", rule)

    def reading(self, **chosen: str) -> None:
        """Answer questions the docs leave open another plausible way (podero_sandbox/readings.py), until reset."""
        self.control("POST", "readings", chosen)

    def device(self, device_id: str) -> dict[str, Any]:
        return self.control("GET", f"devices/{device_id}")

    def set_device(self, device_id: str, **fields: Any) -> None:
        self.control("POST", f"devices/{device_id}", fields)

    def ev(self, device_id: str, action: str) -> None:
        self.control("POST", f"electric-vehicles/{device_id}/{action}")


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker: Any) -> None:
    """Pages use hashed static file names, as in production, so the manifest must exist."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("collectstatic", "--no-input", verbosity=0)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    server = SandboxServer(port=0, boost_start_delay=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server: SandboxServer, settings: Any) -> Iterator[Sandbox]:
    """The sandbox, freshly seeded, as the portal's Podero."""
    settings.PODERO_BASE_URL = sandbox_server.url
    get_client.cache_clear()
    cache.clear()
    handle = Sandbox(sandbox_server)
    handle.reset()
    handle.control("POST", "config", {"boost_start_delay": 0})
    yield handle
    get_client.cache_clear()


class Idp:
    """Test-side handle on the running stand-in identity provider (podero_idp) and its control API."""

    def __init__(self, server: IdpServer) -> None:
        self.server = server
        self.url = server.url

    def control(self, method: str, path: str, json: Any = None) -> Any:
        response = requests.request(method, f"{self.url}/_idp/{path}", json=json, timeout=5)
        response.raise_for_status()
        return response.json() if response.content else None

    def fault(self, fault: str | None) -> None:
        """Answer every sign-in with `fault` (podero_idp/faults.py) until reset."""
        self.control("POST", "fault", {"fault": fault})

    def ended(self) -> list[dict[str, Any]]:
        """The provider sessions ended through its end_session_endpoint."""
        return list(self.control("GET", "ended"))


@pytest.fixture(scope="session")
def idp_server() -> Iterator[IdpServer]:
    server = IdpServer(port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def idp(idp_server: IdpServer, sandbox: Sandbox, settings: Any) -> Iterator[Idp]:
    """The stand-in identity provider, fresh, as the portal's OIDC provider, beside the sandbox as its Podero;
    both sign-ins offered."""
    from preferences.signin import provider
    from preferences.signin.issuer import form_action

    settings.OIDC_ISSUER = idp_server.url
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": form_action(idp_server.url)}
    settings.SIGN_IN_METHODS = "both"
    settings.ALLOWED_HOSTS = [
        *settings.ALLOWED_HOSTS,
        "127.0.0.1",
    ]  # the callback address the stand-in accepts
    provider.forget()
    handle = Idp(idp_server)
    handle.control("POST", "reset")
    yield handle
    provider.forget()


@pytest.fixture
def listable_cache(settings: Any, request: Any) -> Iterator[dict[str, Any]]:
    """An empty local-memory cache whose keys a test may list, whatever cache the run is configured with."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        },
    }
    cache.clear()
    yield cache._cache
    cache.clear()


@pytest.fixture
def alice(db: None) -> Homeowner:
    homeowner, _ = save_homeowner(
        email="alice@example.com", podero_user_id=seed.ALICE_USER_ID, password=PASSWORD, first_name="Alice"
    )
    return homeowner


@pytest.fixture
def bob(db: None) -> Homeowner:
    homeowner, _ = save_homeowner(
        email="bob@example.com", podero_user_id=seed.BOB_USER_ID, password=PASSWORD, first_name="Bob"
    )
    return homeowner


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """A request in German leaves German active in the thread (LocaleMiddleware activates, nothing deactivates):
    a test that calls the portal's code directly afterwards would otherwise read German."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Tests make many logins; a production-strength hash of each password would cost ~0.5 s apiece."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff_user(django_user_model: Any, email: str, first_name: str, *groups: str) -> Any:
    """A customer-service login in `groups` (none: a staff user who may do nothing here)."""
    user = django_user_model.objects.create_user(
        email, email, PASSWORD, first_name=first_name, last_name="Support", is_staff=True
    )
    user.groups.set([support_group(name) for name in groups])
    return user


@pytest.fixture
def maria(django_user_model: Any) -> Any:
    """Acting support."""
    return staff_user(django_user_model, "support@example.com", "Maria", SUPPORT_ACT)


@pytest.fixture
def sam(django_user_model: Any) -> Any:
    """Read-only support."""
    return staff_user(django_user_model, "readonly@example.com", "Sam", SUPPORT_READ_ONLY)


@pytest.fixture
def norm(django_user_model: Any) -> Any:
    """Staff in no support group."""
    return staff_user(django_user_model, "norm@example.com", "Norm")


@pytest.fixture
def charlie(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("charlie@example.com", "charlie@example.com", PASSWORD)


def known_device(homeowner: Homeowner, kind: podero.DeviceKind, device_id: str, name: str = "") -> Device:
    """The row the dashboard would have written after listing the homeowner's devices."""
    from django.utils import timezone

    device, _ = Device.objects.get_or_create(
        homeowner=homeowner,
        podero_id=device_id,
        defaults={"kind": kind, "name": name, "synced_at": timezone.now()},
    )
    return device


@pytest.fixture
def alice_heat_pump(alice: Homeowner) -> Device:
    return known_device(alice, podero.DeviceKind.HEAT_PUMP, seed.ALICE_HEAT_PUMP_ID, "Nibe S-Series")


@pytest.fixture
def alice_ev(alice: Homeowner) -> Device:
    return known_device(alice, podero.DeviceKind.ELECTRIC_VEHICLE, seed.ALICE_EV_ID, "Tesla Model 3")


@pytest.fixture
def alice_in(client: Any, alice_ev: Device) -> Any:
    """The test client, logged in as Alice, who has her car."""
    client.force_login(alice_ev.homeowner.user)
    return client


@pytest.fixture
def alice_inverter(alice: Homeowner) -> Device:
    return known_device(
        alice, podero.DeviceKind.INVERTER, seed.ALICE_INVERTER_ID, "Fronius Symo GEN24 10.0 Plus"
    )


@pytest.fixture
def bob_heat_pump(bob: Homeowner) -> Device:
    return known_device(bob, podero.DeviceKind.HEAT_PUMP, seed.BOB_HEAT_PUMP_ID, "Vaillant aroTHERM plus")


@pytest.fixture
def bob_wallbox(bob: Homeowner) -> Device:
    return known_device(bob, "wallboxes", seed.BOB_WALLBOX_ID, "Easee Charge")  # type: ignore[arg-type]


@pytest.fixture
def bob_ev(bob: Homeowner) -> Device:
    return known_device(bob, podero.DeviceKind.ELECTRIC_VEHICLE, seed.BOB_EV_ID, "Volkswagen ID.4")
