"""A user found by the partner's own id (podero-api.md §9.1): `GET /org/{org_id}/users/by-ext-id/{external_id}`.

The partner's id is its customer number (`users.give_customer_numbers`), so the stand-in identity provider
(podero_idp) and the sandbox agree on who is who.
"""

from typing import Any
from urllib.parse import unquote

from .errors import not_found
from .model import User
from .seed import ORG_ID
from .users import customer_number, user_record
from .wire import Request, Response, route

__all__ = ["ROUTES", "customer_number", "user_by_external_id"]


def user_by_external_id(state: Any, request: Request, *, org_id: str, external_id: str) -> Response:
    wanted = unquote(external_id)
    with state.lock:
        if org_id != ORG_ID:
            raise not_found()
        for user in state.users.values():
            if user.external_id == wanted and _visible(user, request.query_flag("include_deleted")):
                return Response(200, user_record(state, user))
    raise not_found()


def _visible(user: User, include_deleted: bool) -> bool:
    return include_deleted or user.deleted_at is None


ROUTES = [
    route(
        r"/api/partners/v2\.0/org/(?P<org_id>[^/]+)/users/by-ext-id/(?P<external_id>[^/]+)",
        GET=user_by_external_id,
    )
]
