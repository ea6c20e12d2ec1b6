"""The records the sandbox keeps: users and their devices."""

from dataclasses import dataclass, field
from typing import Any

HEAT_PUMPS = "heat-pumps"
ELECTRIC_VEHICLES = "electric-vehicles"
INVERTERS = "inverters"
# The kinds served, in the order lists show them; kinds.register_kind adds one.
KINDS = [HEAT_PUMPS, ELECTRIC_VEHICLES, INVERTERS]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class User:
    id: str
    email: str
    first_name: str
    last_name: str
    external_id: str | None = None
    # Podero's user record beyond the owner object (podero-api.md §9.1); see users.py for how they are shown.
    role: str = "user"
    is_onboarded: bool | None = None
    last_login: str | None = None
    joined_at: str | None = None
    deleted_at: str | None = None

    def as_owner(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "external_id": self.external_id,
        }


@dataclass
class Device:
    """One device: the fields Podero shows, plus what Podero keeps to itself.

    `fields` holds every public field except `owner` (rendered from the user) and, for EVs,
    `boost_state` (derived from the rest by `boost.refresh`).
    """

    kind: str
    owner_id: str
    fields: dict[str, Any]
    boost_for_next_session: bool = False
    has_active_session: bool = True
    boost_phase: str | None = None
    boost_requested_at: float = 0.0
    session_id: str | None = None
    session_started_at: str | None = None
    session_start_battery_level: int | None = None
    charge_policy: dict[str, Any] = field(default_factory=dict)
    # Whether a weekly schedule was ever PUT (the `charge_policy` reading may answer "none" until then).
    has_weekly_policy: bool = False

    @property
    def id(self) -> str:
        device_id: str = self.fields["id"]
        return device_id

    @property
    def is_ev(self) -> bool:
        return self.kind == ELECTRIC_VEHICLES
