"""Device onboarding sessions (podero-api.md §9.3): POST /device-onboarding opens one, GET reads it back, and the
Connect page (connect_ui.py) adds the device of the asked type through the sandbox's device builders
(seed.device_of_kind, so a kind registered later, such as wallboxes, is added too).

A session is valid until the end of the day after it was opened (`expiration_date`, UTC here: the docs name no
zone). The control API moves a session's expiry into the past (`POST /_sandbox/device-onboarding/{id}/expire`),
standing in for a day going by. Readings (readings.py): whether `object_id` names the added device, whether an
expired session still reads back or is a 404, and whether the device type is a field Podero reads at all.
"""

import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from .clock import utc_now
from .errors import Invalid, not_found, problem
from .seed import BUILDERS, ORG_ID, device_of_kind
from .validation import Validator, boolean, choice, text

LANGUAGES = ("sv", "de", "en", "hu", "it", "et", "pl", "ro")
PRICE_ZONES = (
    "AT", "AT_HOURLY", "BE", "CH", "EE", "DE_LU", "HU", "IT_CNOR", "IT_CSUD", "IT_NORD", "IT_PUN", "IT_SARD",
    "IT_SICI", "IT_SUD", "PT", "RO", "SE_1", "SE_2", "SE_3", "SE_4", "UK",
)  # fmt: skip
# Podero's device-type codes and the path segment of their devices.
TYPES = {"ev": "electric-vehicles", "iv": "inverters", "wb": "wallboxes", "hp": "heat-pumps"}


@dataclass
class OnboardingSession:
    id: str
    user: str
    success_url: str
    cancel_url: str
    expiration_date: str
    language: str
    device_type: str | None
    building_id: str | None
    smart_optimization: bool = True
    object_id: str | None = None
    # What became of it on the Connect page: None while open, "connected" or "cancelled".
    finished: str | None = None
    external_metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def expired(self) -> bool:
        return date.fromisoformat(self.expiration_date) < utc_now().date()

    def as_json(self, *, object_id: bool = True) -> dict[str, Any]:
        return {
            "authentication_url": None,  # filled in by the caller, which knows the host
            "id": self.id,
            "user": self.user,
            "success_url": self.success_url,
            "cancel_url": self.cancel_url,
            "expiration_date": self.expiration_date,
            "object_id": self.object_id if object_id else None,
            "external_metadata": dict(self.external_metadata),
        }

    def internal(self) -> dict[str, Any]:
        return asdict(self) | {"expired": self.expired}


def _url(value: Any) -> str:
    address = text(value)
    if len(address) > 8000:
        raise ValueError("String should have at most 8000 characters")
    return address


def _uuid(value: Any) -> str:
    try:
        return str(uuid.UUID(text(value)))
    except ValueError:
        raise ValueError("Input should be a valid UUID") from None


def _fields(reads_type: bool) -> dict[str, tuple[Validator, bool]]:
    """Each field's check and whether it is required."""
    fields: dict[str, tuple[Validator, bool]] = {
        "language": (choice(*LANGUAGES), True),
        "price_zone_default": (choice(*PRICE_ZONES), True),
        "is_smart_optimization_active_default": (boolean, False),
        "success_url": (_url, True),
        "cancel_url": (_url, True),
        "user_id": (_uuid, True),
        "building_id": (_uuid, False),
    }
    if reads_type:
        fields["device_type"] = (choice(*TYPES), False)
    return fields


def open_session(payload: dict[str, Any], *, users: dict[str, Any], reads_type: bool) -> OnboardingSession:
    """A new session from the POST's body; raises Invalid (422) as pydantic would. Unknown fields are ignored."""
    values, problems = {}, []
    for name, (check, required) in _fields(reads_type).items():
        if payload.get(name) is None:
            if required:
                problems.append(problem((name,), "Field required"))
            continue
        try:
            values[name] = check(payload[name])
        except ValueError as exc:
            problems.append(problem((name,), str(exc)))
    if problems:
        raise Invalid(problems)
    if values["user_id"] not in users:
        raise not_found()
    return OnboardingSession(
        id=str(uuid.uuid4()),
        user=values["user_id"],
        success_url=values["success_url"],
        cancel_url=values["cancel_url"],
        expiration_date=(utc_now().date() + timedelta(days=1)).isoformat(),
        language=values["language"],
        device_type=values.get("device_type"),
        building_id=values.get("building_id"),
        smart_optimization=values.get("is_smart_optimization_active_default", True),
    )


def addable_types() -> dict[str, str]:
    """The device types the Connect page can add now: those whose kind the sandbox serves."""
    return {code: kind for code, kind in TYPES.items() if kind in BUILDERS}


def connect(session: OnboardingSession, devices: dict[str, Any], device_type: str) -> str:
    """Add the device of `device_type` for the session's user; its id."""
    kind = addable_types().get(device_type)
    if kind is None:
        raise ValueError(f"the sandbox cannot add a device of type {device_type!r}")
    device = device_of_kind(kind, str(uuid.uuid4()), session.user)
    device.fields["is_smart_optimization_active"] = session.smart_optimization
    device.fields["building"] = session.building_id
    devices[device.id] = device
    session.object_id, session.finished = device.id, "connected"
    return device.id


__all__ = ["ORG_ID", "OnboardingSession", "addable_types", "connect", "open_session"]
