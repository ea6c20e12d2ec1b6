"""What the sandbox remembers, behind one lock: users, devices, access tokens, fault rules, the request journal,
open sign-in and onboarding sessions, the run-time config and the chosen readings. SandboxStore seeds and resets all of it,
issues and checks tokens, keeps the journal and plans faults; its lookups (a device by id or by owner, its
public and internal views) are called with the lock held, by the Partner API operations in state.py and by the
control API (control.py)."""

import copy
import threading
import time
from dataclasses import asdict, dataclass, replace
from typing import Any

from . import boost, cues
from .errors import not_found
from .faults import FaultBook, FaultPlan
from .model import HEAT_PUMPS, Device, User
from .onboarding import OnboardingSession
from .readings import Readings
from .seed import ORG_ID, seed_devices, seed_users
from .tokens import TokenBook
from .users import give_customer_numbers


@dataclass(frozen=True)
class AuthSession:
    """A sign-in at the manufacturer's stand-in (connect.py): from an auth_session, or from a cue's /resolve
    (`cue_id`: its action stays listed, in progress, until the outcome is reported)."""

    id: str
    device_id: str
    success_url: str | None
    cancel_url: str | None
    cue_id: str | None = None


@dataclass
class Config:
    boost_start_delay: float = 2.0
    token_expires_in: float = 36000
    latency_ms: float = 0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class SandboxStore:
    """Users, devices, tokens, fault rules and the request journal.

    Public methods take `lock`; the control API takes it too and then uses the helpers.
    """

    def __init__(
        self,
        *,
        boost_start_delay: float = 2.0,
        latency_ms: float = 0,
        token_expires_in: float = 36000,
        readings: dict[str, str] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self._initial_config = Config(boost_start_delay, token_expires_in, latency_ms)
        self._initial_readings = dict(readings or {})
        Readings(self._initial_readings)  # refuse an unknown reading at start
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.generation += 1
            self.config = replace(self._initial_config)
            self.readings = Readings(self._initial_readings)
            self.users: dict[str, User] = seed_users()
            give_customer_numbers(self.users)
            self.devices: dict[str, Device] = seed_devices()
            self.tokens = TokenBook()
            self.faults = FaultBook()
            self.journal: list[dict[str, Any]] = []
            self.auth_sessions: dict[str, AuthSession] = {}
            self.cues_in_progress: set[str] = set()
            self.lapsed_by_reading: set[str] = set()
            self.onboarding_sessions: dict[str, OnboardingSession] = {}
            for device in self.devices.values():
                self.refresh(device)

    # Tokens, journal, faults

    def issue_token(self) -> dict[str, Any]:
        with self.lock:
            expires_in = self.config.token_expires_in
            token = self.tokens.issue(expires_in)
            body: dict[str, Any] = {
                "access_token": token,
                "expires_in": round(expires_in),
                "token_type": "Bearer",
                "scope": "read write",
            }
            expiry = self.readings.answer("token_expiry")
        if expiry == "string":
            body["expires_in"] = str(body["expires_in"])
        elif expiry == "absent":
            del body["expires_in"]
        return body

    def is_token_valid(self, token: str) -> bool:
        with self.lock:
            return self.tokens.is_valid(token)

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.expire_all()

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.journal.append(entry)

    def recorded_requests(self) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(self.journal)

    def clear_requests(self) -> None:
        with self.lock:
            self.journal.clear()

    def plan_faults(self, method: str, path: str) -> tuple[FaultPlan, float]:
        """The fault plan for one API request, and the global latency in milliseconds."""
        with self.lock:
            return self.faults.plan_for(method, path), self.config.latency_ms

    # Helpers, called with the lock held

    def refresh(self, device: Device) -> None:
        if device.is_ev:
            boost.refresh(device, now=time.monotonic(), start_delay=self.config.boost_start_delay)
        if (
            device.kind == HEAT_PUMPS
            and device.id not in self.lapsed_by_reading
            and self.readings.answer("heat_pump_cues") == "lapsed"
        ):
            # Once per heat pump: from then on its cues are state like any other (resolved, read, gone).
            self.lapsed_by_reading.add(device.id)
            device.fields.update(cues.lapsed_with_cues(device.id))

    def public_view(self, device: Device) -> dict[str, Any]:
        self.refresh(device)
        view = copy.deepcopy(device.fields)
        view["owner"] = self.users[device.owner_id].as_owner()
        return view

    def internal_view(self, device: Device) -> dict[str, Any]:
        view = self.public_view(device) | {"kind": device.kind, "owner_user_id": device.owner_id}
        if device.is_ev:
            view |= {
                "boost_for_next_session": device.boost_for_next_session,
                "has_active_session": device.has_active_session,
                "boost_phase": device.boost_phase,
                "charge_policy": copy.deepcopy(device.charge_policy),
            }
        return view

    def device_by_id(self, device_id: str) -> Device:
        device = self.devices.get(device_id)
        if device is None:
            raise not_found()
        return device

    def _user(self, org_id: str, user_id: str) -> User:
        # A soft-deleted user is unknown to its own paths (users.py).
        if org_id != ORG_ID or user_id not in self.users or self.users[user_id].deleted_at is not None:
            raise not_found()
        return self.users[user_id]

    def _owned_device(
        self, org_id: str, user_id: str, kind: str, device_id: str, *, include_deleted: bool = False
    ) -> Device:
        self._user(org_id, user_id)
        device = self.devices.get(device_id)
        if device is None or device.owner_id != user_id or device.kind != kind:
            raise not_found()
        if not self._visible(device, include_deleted):
            raise not_found()
        self.refresh(device)
        return device

    @staticmethod
    def _visible(device: Device, include_deleted: bool) -> bool:
        return include_deleted or device.fields.get("deleted_at") is None
