"""Finding a Podero user by the partner's own id, its customer number (podero-api.md §9.1,
`GET /org/{org_id}/users/by-ext-id/{external_id}`).

Read tolerantly: only the user's `id` is needed; the email and names are read when they can be, and a user
record wrapped in `data` is unwrapped. A 404 means Podero knows no such customer (None); any other failure is the
client's typed error.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from uuid import UUID

from .calls import Call, read_answer
from .client import get_client
from .errors import PoderoNotFound
from .json_fields import as_object, optional, required, to_str, to_uuid


@dataclass(frozen=True)
class PoderoUser:
    id: UUID
    customer_number: str | None
    email: str | None
    first_name: str | None
    last_name: str | None


def parse_user(body: Any) -> PoderoUser:
    data: Mapping[str, Any] = as_object(body, "user")
    if "id" not in data and isinstance(data.get("data"), Mapping):
        data = data["data"]
    return PoderoUser(
        id=required(data, "id", to_uuid),
        customer_number=optional(data, "external_user_id", to_str),
        email=optional(data, "email", to_str),
        first_name=optional(data, "first_name", to_str),
        last_name=optional(data, "last_name", to_str),
    )


def find_user_call(customer_number: str) -> Call[PoderoUser]:
    # The customer number is the partner's text: quoted whole, so "/", "?" or ".." stay inside the one segment.
    path = f"users/by-ext-id/{quote(customer_number, safe='')}"
    return Call(
        "GET", path, None, 200, lambda response: read_answer(response, parse_user, method="GET", path=path)
    )


def user_by_customer_number(customer_number: str) -> PoderoUser | None:
    """The Podero user whose external id is `customer_number`, or None if Podero knows none.

    Raises PoderoUnavailable (and its kin) when Podero cannot say."""
    try:
        return get_client().send(find_user_call(customer_number))
    except PoderoNotFound:
        return None
