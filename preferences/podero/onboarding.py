"""Adding a device (podero-api.md §9.3): an onboarding session sends the homeowner through Podero's white-label
Connect UI, which creates the device and sends them back to `success_url` or `cancel_url`.

Confirmed on Podero's pages (December 2026): the paths, `language` (sv de en hu it et pl ro), `price_zone_default`,
`is_smart_optimization_active_default`, `success_url`/`cancel_url` (at most 8000 characters), `user_id`, optional
`building_id`; the answer `{authentication_url, id, user, success_url, cancel_url, expiration_date, object_id,
external_metadata}`; sessions are valid until the end of the next day. Not visible there, so inferred [INF]: the
device type's field name (`device_type`, enum ev | iv | wb | hp: the guides' own examples leave it out, so
Podero's Connect UI may ask for the kind itself), and that `object_id` names the device once it was added.
Outside the organisation's path: these calls go below the API's root.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

import requests

from .calls import Call, read_answer, read_write_answer
from .errors import PoderoBadResponse
from .json_fields import to_str
from .tolerant import Reader, object_of

PATH = "/device-onboarding"  # "/…": below the API's root, not the organisation's (client.py)
LANGUAGES = ("sv", "de", "en", "hu", "it", "et", "pl", "ro")


class DeviceType(StrEnum):
    """The kinds Podero's Connect UI adds, by its codes; `kind` is the path segment their devices are under."""

    ELECTRIC_VEHICLE = "ev"
    INVERTER = "iv"
    WALLBOX = "wb"
    HEAT_PUMP = "hp"

    @property
    def kind(self) -> str:
        return {"ev": "electric-vehicles", "iv": "inverters", "wb": "wallboxes", "hp": "heat-pumps"}[
            self.value
        ]


@dataclass(frozen=True)
class OnboardingSession:
    """One onboarding session as Podero reports it. `device_id`: the device it added ([INF] `object_id`)."""

    id: str
    authentication_url: str | None
    expires_on: date | None
    device_id: UUID | None

    @classmethod
    def from_json(cls, data: Any) -> "OnboardingSession":
        body = object_of(data, "onboarding session")
        read = Reader("onboarding session")
        session_id = read.get(body, "id", to_str)
        if not session_id:
            raise PoderoBadResponse("onboarding session: no id")
        url = read.get(body, "authentication_url", to_str)
        if url is not None and not url.lower().startswith(("https://", "http://")):
            raise PoderoBadResponse("onboarding session: authentication_url is not a web address")
        session = cls(
            id=session_id,
            authentication_url=url,
            expires_on=read.get(body, "expiration_date", _to_date),
            device_id=read.get(body, "object_id", _to_uuid),
        )
        read.done()
        return session


def _to_date(value: Any) -> date:
    """A date, or the date of a date-time (either may be what `expiration_date` carries)."""
    if not isinstance(value, str):
        raise ValueError("not a date")
    return date.fromisoformat(value[:10])


def _to_uuid(value: Any) -> UUID:
    return UUID(str(value))


def start_onboarding(
    *,
    user_id: UUID | str,
    device_type: DeviceType,
    language: str,
    price_zone: str,
    success_url: str,
    cancel_url: str,
    building_id: UUID | str | None = None,
) -> Call[OnboardingSession | None]:
    """POST /device-onboarding: a session in Podero's Connect UI in `language` (English if Podero has not that
    one). A POST, so never retried. None: a 2xx without a session we can read."""
    body: dict[str, Any] = {
        "user_id": str(UUID(str(user_id))),
        "device_type": device_type.value,
        "language": language if language in LANGUAGES else "en",
        "price_zone_default": price_zone,
        "is_smart_optimization_active_default": True,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    if building_id is not None:
        body["building_id"] = str(UUID(str(building_id)))

    def read(response: requests.Response) -> OnboardingSession | None:
        return read_write_answer(
            response, OnboardingSession.from_json, path=PATH, what="an onboarding session", method="POST"
        )

    return Call("POST", PATH, body, 200, read)


def get_onboarding(session_id: UUID | str) -> Call[OnboardingSession]:
    path = f"{PATH}/{UUID(str(session_id))}"
    return Call(
        "GET",
        path,
        None,
        200,
        lambda response: read_answer(response, OnboardingSession.from_json, method="GET", path=path),
    )
