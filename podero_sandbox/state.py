"""Everything the sandbox remembers, behind one lock, and the API operations on it."""

import copy
import threading
import time
import uuid
from dataclasses import asdict, dataclass, replace
from typing import Any

from . import boost, history_api
from .clock import now_iso
from .errors import ApiError, not_found
from .faults import FaultBook, FaultPlan
from .model import ELECTRIC_VEHICLES, INVERTERS, KINDS, WEEKDAYS, Device, User
from .readings import Readings
from .seed import DEFAULT_TIMEZONE, ORG_ID, daily_policy, seed_devices, seed_users
from .tokens import TokenBook
from .validation import validate_charge_policy, validate_device_update

POLICY_FIELDS = ("is_charge_policy_enabled", "charge_deadline_at", "minimum_charge_limit")
DAILY_DEFAULT_FIELDS = ("charge_deadline_at", "minimum_charge_limit")


@dataclass(frozen=True)
class AuthSession:
    id: str
    device_id: str
    success_url: str | None
    cancel_url: str | None


@dataclass
class Config:
    boost_start_delay: float = 2.0
    token_expires_in: float = 36000
    latency_ms: float = 0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class SandboxState:
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
            self.devices: dict[str, Device] = seed_devices()
            self.tokens = TokenBook()
            self.faults = FaultBook()
            self.journal: list[dict[str, Any]] = []
            self.auth_sessions: dict[str, AuthSession] = {}
            for device in self.devices.values():
                self.refresh(device)

    # Tokens, journal, faults

    def issue_token(self) -> dict[str, Any]:
        with self.lock:
            expires_in = self.config.token_expires_in
            token = self.tokens.issue(expires_in)
        return {
            "access_token": token,
            "expires_in": round(expires_in),
            "token_type": "Bearer",
            "scope": "read write",
        }

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

    # The Partner API

    def list_devices(
        self, org_id: str, user_id: str, kind: str, *, include_deleted: bool = False
    ) -> list[Any]:
        with self.lock:
            self._user(org_id, user_id)
            if kind not in KINDS:
                raise not_found()
            owned = [
                device
                for device in self.devices.values()
                if device.owner_id == user_id
                and device.kind == kind
                and self._visible(device, include_deleted)
            ]
            return [self.public_view(device) for device in owned]

    def device_detail(
        self, org_id: str, user_id: str, kind: str, device_id: str, *, include_deleted: bool = False
    ) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id, include_deleted=include_deleted)
            return self.public_view(device)

    def update_device(
        self, org_id: str, user_id: str, kind: str, device_id: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id)
            changes = validate_device_update(kind, payload, device.fields)
            device.fields.update(changes)
            self._apply_side_effects(device, changes)
            device.fields["updated_at"] = now_iso()
            return self.public_view(device)

    def start_boost(self, org_id: str, user_id: str, device_id: str) -> None:
        with self.lock:
            device = self._owned_device(org_id, user_id, ELECTRIC_VEHICLES, device_id)
            boost.request_boost(device, now=time.monotonic())
            boost.settle(device)

    def cancel_boost(self, org_id: str, user_id: str, device_id: str) -> None:
        with self.lock:
            device = self._owned_device(org_id, user_id, ELECTRIC_VEHICLES, device_id)
            boost.disarm_boost(device)

    def charge_policy(self, org_id: str, user_id: str, device_id: str) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, ELECTRIC_VEHICLES, device_id)
            if not device.has_weekly_policy:
                answer = self.readings.answer("charge_policy")
                if answer == "not_found":
                    raise not_found()
                if answer == "data_null":
                    return self._policy_view(device) | {"data": None}
            return self._policy_view(device)

    def update_charge_policy(
        self, org_id: str, user_id: str, device_id: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, ELECTRIC_VEHICLES, device_id)
            device.charge_policy.update(validate_charge_policy(payload))
            device.has_weekly_policy = True
            device.fields["charge_policy_last_updated_at"] = device.fields["updated_at"] = now_iso()
            return self._policy_view(device)

    def current_session(self, org_id: str, user_id: str, device_id: str) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, ELECTRIC_VEHICLES, device_id)
            return {"session": boost.current_session(device)}

    # History (history_api.py) and reconnecting (podero-api.md §9.4)

    def device_data(
        self, org_id: str, user_id: str, kind: str, device_id: str, request: Any
    ) -> tuple[int, dict[str, Any]]:
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id)
        return history_api.device_data(device, request)

    def device_savings(
        self, org_id: str, user_id: str, kind: str, device_id: str, request: Any
    ) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id)
        return history_api.device_savings(device, request)

    def device_statistics(
        self, org_id: str, user_id: str, kind: str, device_id: str, request: Any
    ) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id)
        return history_api.device_statistics(device, request)

    def charging_sessions(self, org_id: str, user_id: str, device_id: str, request: Any) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, ELECTRIC_VEHICLES, device_id)
        return history_api.charging_sessions(device, request)

    def start_auth_session(
        self, org_id: str, user_id: str, kind: str, device_id: str, payload: dict[str, Any], connect_url: str
    ) -> dict[str, Any]:
        """POST .../auth_session: a session on the manufacturer's sign-in page (connect.py)."""
        urls = {}
        for name in ("success_url", "cancel_url"):
            value = payload.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > 8000):
                raise ApiError(
                    422,
                    {
                        "detail": [
                            {
                                "type": "string_type",
                                "loc": ["body", "payload", name],
                                "msg": "Input should be a valid string",
                            }
                        ]
                    },
                )
            urls[name] = value
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id)
            session_id = str(uuid.uuid4())
            self.auth_sessions[session_id] = AuthSession(
                session_id, device.id, urls["success_url"], urls["cancel_url"]
            )
        return {
            "authentication_url": f"{connect_url}?session_id={session_id}",
            "device_id": device.id,
            "session_id": session_id,
        }

    def auth_session(self, session_id: str) -> "AuthSession | None":
        with self.lock:
            return self.auth_sessions.get(session_id)

    def finish_auth_session(self, session_id: str, *, approved: bool) -> "AuthSession | None":
        """The homeowner signed in at the manufacturer (approved) or gave up. Each session is used once."""
        with self.lock:
            session = self.auth_sessions.pop(session_id, None)
            if session is None:
                return None
            device = self.devices.get(session.device_id)
            if approved and device is not None:
                device.fields.update(
                    is_authenticated=True,
                    action_needed=False,
                    actions=[],
                    lifecycle_state="authenticated",
                    lifecycle_error=None,
                    connection_status="ok",
                    updated_at=now_iso(),
                )
            return session

    def device_name(self, device_id: str) -> str:
        with self.lock:
            device = self.devices.get(device_id)
            if device is None:
                return ""
            model = device.fields.get("device_model") or {}
            return f"{model.get('manufacturer', '')} {model.get('model', '')}".strip()

    # Helpers, called with the lock held

    def refresh(self, device: Device) -> None:
        if device.is_ev:
            boost.refresh(device, now=time.monotonic(), start_delay=self.config.boost_start_delay)

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
        if org_id != ORG_ID or user_id not in self.users:
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

    def _apply_side_effects(self, device: Device, changes: dict[str, Any]) -> None:
        if device.kind == ELECTRIC_VEHICLES:
            self._sync_daily_default(device, changes)
        if device.kind == INVERTERS:
            settle_inverter(device.fields)

    def _sync_daily_default(self, device: Device, changes: dict[str, Any]) -> None:
        """The seed calls the PUT's deadline and limit "a default target that applies every day": under the
        first reading they are written to every day of the week; under the other the week is left alone."""
        fields = device.fields
        rewrites_week = self.readings.answer("daily_deadline") == "rewrites_week"
        if rewrites_week and any(name in changes for name in DAILY_DEFAULT_FIELDS):
            device.charge_policy = daily_policy(
                fields["minimum_charge_limit"],
                fields["charge_deadline_at"],
                device.charge_policy.get("timezone", DEFAULT_TIMEZONE),
            )
        if any(name in changes for name in POLICY_FIELDS):
            fields["charge_policy_last_updated_at"] = now_iso()

    def _policy_view(self, device: Device) -> dict[str, Any]:
        policy = device.charge_policy
        data = {day: dict(policy[day]) for day in WEEKDAYS} | {"timezone": policy["timezone"]}
        metadata = {"electric_vehicle_id": device.id, "user_id": device.owner_id, "error": None}
        return {"metadata": metadata, "data": data}


def settle_inverter(fields: dict[str, Any]) -> None:
    """Keep the power flows consistent with the battery being there or not (§6.4 sign conventions)."""
    if not fields["is_battery_connected"]:
        fields["battery_charge_level_percent"] = None
        fields["battery_charge_discharge_power_w"] = 0
    elif fields["battery_charge_level_percent"] is None:
        fields["battery_charge_level_percent"] = 50
    fields["solar_surplus_w"] = fields["current_solar_production_w"] - fields["household_consumption_w"]
    fields["current_power_to_grid_w"] = fields["solar_surplus_w"] + fields["battery_charge_discharge_power_w"]
