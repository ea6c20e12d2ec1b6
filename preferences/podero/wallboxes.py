"""Wallboxes in Podero's terms (podero-api.md §7, §5.5, §9.4): the state a wallbox reports, and the two boost
calls. Everything else a wallbox does goes through the calls every kind shares: the list and detail (`GET
…/wallboxes`, `…/wallboxes/{id}`), the smart-optimization `PUT` and the reconnect (`POST …/auth_session`).

What the docs show and what is inferred:
- [DOC] detail `GET …/wallboxes/{wallbox_id}`, `PUT …/wallboxes/{wallbox_id}`, `POST`/`DELETE …/boost` (204, idempotent
  DELETE), `POST …/auth_session`; 409 reasons `already_charging`, `fully_charged`, `internal_error`.
- [DOC] `DELETE …/boost` on a wallbox also stops a boost that is running (back to surplus control), unlike an EV's.
- [INF] the list `GET …/wallboxes` (by analogy with every other kind); `is_plugged_in`, `is_charging` and
  `boost_state` on the wallbox object (the docs derive its state pill from the first two, and a 409's `state` is a
  `boost_state` value); the charging power as `charge_rate_w` (the EV's name). Each is read tolerantly: a wallbox
  that leaves them out is "not known", never an error.
- [NOT FOUND] sessions, `/data` and `/savings` for wallboxes: the portal shows no history for them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from .calls import Call, user_path
from .json_fields import optional, to_bool, to_int, to_str
from .types import DeviceState

WALLBOXES = "wallboxes"  # the path segment under /users/{user_id}/, and the portal's kind slug
INTERNAL_ERROR = "internal_error"  # a wallbox's 409 reason besides already_charging and fully_charged


@dataclass(frozen=True, kw_only=True)
class Wallbox(DeviceState):
    """A wallbox as Podero reports it. Charge now is Podero's boost: `boost_state` when Podero sends it, else
    what the plug and the charging say."""

    kind: ClassVar[str] = WALLBOXES

    is_plugged_in: bool | None = None
    is_charging: bool | None = None
    boost_state: str | None = None
    charge_rate_w: int | None = None
    charge_power_max_w: int | None = None

    @property
    def tells_boost(self) -> bool:
        """Whether Podero reports a boost state at all for this wallbox ([INF]: the docs do not promise it)."""
        return self.boost_state is not None

    @property
    def boost_offered(self) -> bool:
        return self.boost_state == "available"

    @property
    def boost_running(self) -> bool:
        return self.boost_state == "ongoing"

    @property
    def boost_requested(self) -> bool:
        """Podero is starting it: the state changes within seconds."""
        return self.boost_state == "requested"

    @property
    def boost_in_flight(self) -> bool:
        """A boost Podero is starting or running: Stop charging ends it (DELETE …/boost)."""
        return self.boost_running or self.boost_requested

    @classmethod
    def _fields(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        return super()._fields(data) | {
            "is_plugged_in": optional(data, "is_plugged_in", to_bool),
            "is_charging": optional(data, "is_charging", to_bool),
            "boost_state": optional(data, "boost_state", to_str),
            "charge_rate_w": optional(data, "charge_rate_w", to_int),
            "charge_power_max_w": optional(data, "charge_power_max_w", to_int),
        }


def start_boost(*, user_id: UUID | str, wallbox_id: UUID | str) -> Call[None]:
    """POST …/wallboxes/{id}/boost, no body: charge at full power now, or as soon as a car is plugged in. 204;
    a 409 is Podero saying there is nothing to do (PoderoConflict). A POST: never retried."""
    return Call("POST", user_path(user_id, WALLBOXES, wallbox_id, "boost"), None, 204, _nothing)


def stop_boost(*, user_id: UUID | str, wallbox_id: UUID | str) -> Call[None]:
    """DELETE …/wallboxes/{id}/boost: stop a running boost and disarm one waiting for a car; 204 either way."""
    return Call("DELETE", user_path(user_id, WALLBOXES, wallbox_id, "boost"), None, 204, _nothing)


def _nothing(response: object) -> None:
    return None
