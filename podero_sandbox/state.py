"""The Partner API's operations on what the sandbox remembers (store.py): SandboxState lists, shows and writes
devices with what a write changes besides the fields it names (the daily default's week, an inverter's power
flows), starts and cancels boosts, reads and writes charge policies, hands the history endpoints
(history_api.py) the device they ask about, and runs the reconnect sign-in sessions (podero-api.md §9.4) and the
onboarding sessions that add a device (§9.3, onboarding.py)."""

import time
import uuid
from typing import Any

from . import boost, cues, history_api, odd_values, onboarding
from .clock import now_iso
from .errors import ApiError, not_found
from .model import ELECTRIC_VEHICLES, INVERTERS, KINDS, WEEKDAYS, Device
from .seed import DEFAULT_TIMEZONE, daily_policy
from .store import AuthSession, SandboxStore
from .validation import validate_charge_policy, validate_device_update

POLICY_FIELDS = ("is_charge_policy_enabled", "charge_deadline_at", "minimum_charge_limit")
DAILY_DEFAULT_FIELDS = ("charge_deadline_at", "minimum_charge_limit")


class SandboxState(SandboxStore):
    """What the sandbox remembers (SandboxStore) and the Partner API's operations on it, as api.py and connect.py
    call them. Each takes `lock` while it reads or writes the store."""

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
            odd = self.readings.answer("odd_values")
            ahead = self.readings.answer("data_ahead")
        status, body = history_api.device_data(device, request, ahead=ahead)
        return status, odd_values.data(odd, body) if status == 200 else body

    def device_savings(
        self, org_id: str, user_id: str, kind: str, device_id: str, request: Any
    ) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id)
            units = self.readings.answer("savings_units")
            odd = self.readings.answer("odd_values")
        return odd_values.savings(odd, history_api.device_savings(device, request, units=units))

    def device_statistics(
        self, org_id: str, user_id: str, kind: str, device_id: str, request: Any
    ) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, kind, device_id)
        return history_api.device_statistics(device, request)

    def charging_sessions(self, org_id: str, user_id: str, device_id: str, request: Any) -> dict[str, Any]:
        with self.lock:
            device = self._owned_device(org_id, user_id, ELECTRIC_VEHICLES, device_id)
            oldest_first = self.readings.answer("session_order") == "oldest_first"
            odd = self.readings.answer("odd_values")
        return odd_values.sessions(
            odd, history_api.charging_sessions(device, request, oldest_first=oldest_first)
        )

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
                signed_in = {
                    "is_authenticated": True,
                    "lifecycle_state": "authenticated",
                    "lifecycle_error": None,
                    "connection_status": "ok",
                    "steering_status": "ok",
                    "updated_at": now_iso(),
                }
                if session.cue_id is None:
                    signed_in |= {"action_needed": False, "actions": []}
                # A cue's action stays listed, in progress, until its outcome is reported (/state).
                device.fields.update(signed_in)
            return session

    # Cues: a device's pending actions (podero-api.md §9.4; cues.py)

    def resolve_cue(
        self, cue_id: str, secret: str, payload: dict[str, Any], connect_url: str
    ) -> dict[str, Any]:
        """POST /cues/{id}/resolve: a reauthenticate action in progress, and where to sign in."""
        with self.lock:
            device, action = self._cue(cue_id)
            cues.check(action, secret, "reauthenticate")
            cues.missing_parameters(action, payload)
            session_id = str(uuid.uuid4())
            self.auth_sessions[session_id] = AuthSession(
                session_id, device.id, payload.get("successUrl"), payload.get("cancelUrl"), cue_id=cue_id
            )
            self.cues_in_progress.add(cue_id)
        return {"redirect_url": f"{connect_url}?session_id={session_id}"}

    def report_cue(self, cue_id: str, secret: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST /cues/{id}/state: `success` ends the action, `fail` leaves it to retry; 404 when it is not in
        progress (no longer active)."""
        state = payload.get("state")
        if state not in ("success", "fail"):
            raise ApiError(
                422,
                {
                    "detail": [
                        {
                            "type": "enum",
                            "loc": ["body", "payload", "state"],
                            "msg": "Input should be 'success' or 'fail'",
                        }
                    ]
                },
            )
        with self.lock:
            device, action = self._cue(cue_id)
            cues.check(action, secret, str(action.get("code")))
            if cue_id not in self.cues_in_progress:
                raise not_found()
            self.cues_in_progress.discard(cue_id)
            if state == "success":
                cues.remove(device, cue_id)
                device.fields["updated_at"] = now_iso()
        return {"action_id": cue_id}

    def read_information(self, cue_id: str, secret: str) -> dict[str, Any]:
        """POST /cues/{id}/information/resolve: the information action is read, and gone."""
        with self.lock:
            device, action = self._cue(cue_id)
            cues.check(action, secret, "information")
            cues.remove(device, cue_id)
        return {"action_id": cue_id}

    def _cue(self, cue_id: str) -> tuple[Device, dict[str, Any]]:
        for device in self.devices.values():
            self.refresh(device)
        return cues.find(self.devices, cue_id)

    # Adding a device (podero-api.md §9.3; onboarding.py)

    def start_onboarding(self, payload: dict[str, Any], connect_url: str) -> dict[str, Any]:
        with self.lock:
            reads_type = self.readings.answer("onboarding_type") == "device_type"
            session = onboarding.open_session(payload, users=self.users, reads_type=reads_type)
            self.onboarding_sessions[session.id] = session
            return self._onboarding_view(session, connect_url)

    def onboarding_detail(self, session_id: str, connect_url: str) -> dict[str, Any]:
        with self.lock:
            session = self.onboarding_sessions.get(session_id)
            if session is None or (
                session.expired and self.readings.answer("onboarding_expired") == "not_found"
            ):
                raise not_found()
            return self._onboarding_view(session, connect_url)

    def onboarding_session(self, session_id: str) -> "onboarding.OnboardingSession | None":
        with self.lock:
            return self.onboarding_sessions.get(session_id)

    def finish_onboarding(
        self, session_id: str, *, device_type: str | None
    ) -> "onboarding.OnboardingSession":
        """The homeowner connected a device of `device_type` on the Connect page (None: cancelled)."""
        with self.lock:
            session = self.onboarding_sessions[session_id]
            if device_type is None:
                session.finished = "cancelled"
            else:
                self.refresh(self.devices[onboarding.connect(session, self.devices, device_type)])
            return session

    def _onboarding_view(self, session: "onboarding.OnboardingSession", connect_url: str) -> dict[str, Any]:
        names_device = self.readings.answer("onboarding_object_id") == "device_id"
        view = session.as_json(object_id=names_device)
        view["authentication_url"] = f"{connect_url}?onboarding_session_id={session.id}"
        return view

    def device_name(self, device_id: str) -> str:
        with self.lock:
            device = self.devices.get(device_id)
            if device is None:
                return ""
            model = device.fields.get("device_model") or {}
            return f"{model.get('manufacturer', '')} {model.get('model', '')}".strip()

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
