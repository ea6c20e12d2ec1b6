"""Whether Podero knows a user id in the organisation, asked when staff link a homeowner to it (the admin's
homeowner form, `create_homeowner`).

Podero documents no GET of one user by id (podero-api.md §9.1 [NOT FOUND]); its documented equivalent is the
organisation's list of users (`GET /org/{org_id}/users`), read here tolerantly: a bare list, or one wrapped
(`data`, `items`, `results`). A user soft-deleted in Podero is not in that list, so it is not known.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from .calls import Call, read_answer
from .errors import PoderoBadResponse

if TYPE_CHECKING:
    from .client import PoderoClient

USERS_PATH = "users"
_LIST_WRAPPERS = ("data", "items", "results")


def user_ids(body: Any) -> set[UUID]:
    """The ids in Podero's list of users; an item without a readable id is left out."""
    items = body
    if isinstance(body, Mapping):
        items = next((body[key] for key in _LIST_WRAPPERS if isinstance(body.get(key), list)), None)
    if not isinstance(items, list):
        raise PoderoBadResponse(f"expected a list of users, got {type(body).__name__}")
    found = set()
    for item in items:
        try:
            found.add(UUID(str(item["id"])))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def list_users() -> Call[set[UUID]]:
    return Call(
        "GET",
        USERS_PATH,
        None,
        200,
        lambda response: read_answer(response, user_ids, method="GET", path=USERS_PATH),
    )


def user_is_known(client: "PoderoClient", user_id: UUID) -> bool:
    """Whether `user_id` is one of the organisation's users. Raises PoderoError when Podero cannot tell."""
    return user_id in client.send(list_users())
