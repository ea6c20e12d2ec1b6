"""A user found by the partner's own id (podero-api.md §9.1): `GET /org/{org_id}/users/by-ext-id/{external_id}`.

The partner's id is its customer number. Each demo user without one gets the customer number of its place in
creation order ("C" + str(10000 + i), i from 1), so the stand-in identity provider (podero_idp) and the sandbox
agree on who is who.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from .errors import not_found
from .model import ELECTRIC_VEHICLES, HEAT_PUMPS, INVERTERS, User
from .seed import ORG_ID
from .wire import Request, Response, route

COUNTS = {
    "num_inverters": INVERTERS,
    "num_heat_pumps": HEAT_PUMPS,
    "num_electric_vehicles": ELECTRIC_VEHICLES,
    "num_wallboxes": "wallboxes",
}


def customer_number(position: int) -> str:
    """The customer number of the `position`-th demo user (from 1): C10001, C10002, ..."""
    return "C" + str(10000 + position)


def give_customer_numbers(users: Mapping[str, User]) -> None:
    for position, user in enumerate(users.values(), start=1):
        if not user.external_id:
            user.external_id = customer_number(position)


def user_by_external_id(state: Any, request: Request, *, org_id: str, external_id: str) -> Response:
    wanted = unquote(external_id)
    with state.lock:
        if org_id != ORG_ID:
            raise not_found()
        for user in state.users.values():
            if user.external_id == wanted and _visible(user, request.query_flag("include_deleted")):
                return Response(200, _record(state, user))
    raise not_found()


def _visible(user: User, include_deleted: bool) -> bool:
    return include_deleted or getattr(user, "deleted_at", None) is None


def _record(state: Any, user: User) -> dict[str, Any]:
    """The documented 200 answer: the required fields, and the optional ones the sandbox knows."""
    counts = dict.fromkeys(COUNTS, 0)
    names = {kind: name for name, kind in COUNTS.items()}
    for device in state.devices.values():
        if device.owner_id == user.id and device.fields.get("deleted_at") is None and device.kind in names:
            counts[names[device.kind]] += 1
    return {
        "id": user.id,
        "organization_id": ORG_ID,
        "external_user_id": user.external_id,
        "role": "user",
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_onboarded": True,
        **counts,
    }


ROUTES = [
    route(
        r"/api/partners/v2\.0/org/(?P<org_id>[^/]+)/users/by-ext-id/(?P<external_id>[^/]+)",
        GET=user_by_external_id,
    )
]
