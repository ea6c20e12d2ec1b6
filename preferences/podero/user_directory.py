"""The organisation's users at Podero (podero-api.md §9.1): the list staff search and the bulk linking reads,
and creating a user with the partner's customer number.

The docs show the user list as a plain array with no paging [DOC]; it is also read in pages (`{"results",
"next"}`, followed under Podero's address only) or wrapped in `data`/`items`. Its items are read as the
`by-ext-id` record (its shape is the only one documented [INF]). A user we cannot read is left out and counted.
The customer number is Podero's `external_user_id`; the portal's own names stop here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import requests

from . import answers
from .calls import Call, read_answer, read_write_answer
from .client import PoderoClient
from .errors import PoderoBadResponse, PoderoError
from .json_fields import as_object, optional, required, to_bool, to_datetime, to_int, to_str, to_uuid
from .lists import MAX_PAGES, _under

USERS = "users"
# Big organisations list many pages of users; a `next` that goes on beyond this is a loop.
MAX_USER_PAGES = MAX_PAGES * 100
_WRAPPERS = ("data", "items", "results")


@dataclass(frozen=True, kw_only=True)
class PoderoUser:
    """A user of the organisation as Podero lists it. Counts and flags Podero leaves out are None (unknown)."""

    id: UUID
    email: str
    customer_number: str = ""
    # admin, staff, user or guest (podero-api.md §2.3); "" when not sent.
    role: str = ""
    first_name: str = ""
    last_name: str = ""
    heat_pumps: int | None = None
    electric_vehicles: int | None = None
    inverters: int | None = None
    wallboxes: int | None = None
    is_onboarded: bool | None = None
    last_login: datetime | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def from_json(cls, body: Any) -> "PoderoUser":
        """Raises PoderoBadResponse when the user has no readable id or email."""
        data = as_object(body, "user")
        return cls(
            id=required(data, "id", to_uuid),
            email=required(data, "email", to_str).strip().lower(),
            customer_number=(optional(data, "external_user_id", _text) or "").strip(),
            role=optional(data, "role", to_str) or "",
            first_name=optional(data, "first_name", to_str) or "",
            last_name=optional(data, "last_name", to_str) or "",
            heat_pumps=optional(data, "num_heat_pumps", to_int),
            electric_vehicles=optional(data, "num_electric_vehicles", to_int),
            inverters=optional(data, "num_inverters", to_int),
            wallboxes=optional(data, "num_wallboxes", to_int),
            is_onboarded=optional(data, "is_onboarded", to_bool),
            last_login=optional(data, "last_login", to_datetime),
        )


def _text(value: Any) -> str:
    """A customer number: a string, or a number an integer-keyed partner system sent as one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return to_str(value)


class UserList(list[PoderoUser]):
    """The organisation's users we could read. `unreadable` counts the others; `incomplete` says a page could
    not be followed, so a customer missing here may still exist."""

    def __init__(
        self, users: Iterable[PoderoUser] = (), *, unreadable: int = 0, incomplete: bool = False
    ) -> None:
        super().__init__(users)
        self.unreadable = unreadable
        self.incomplete = incomplete


@dataclass(frozen=True)
class _Page:
    users: list[PoderoUser]
    unreadable: int
    next_page: str | None


def list_users(client: PoderoClient, *, include_deleted: bool = False) -> UserList:
    """Every user of the organisation, page after page. Raises PoderoError when the first page fails."""
    query = {"include_deleted": "true"} if include_deleted else {}
    path = _with_query(USERS, query)
    page = client.send(_get_page(path))
    users, unreadable, problem = list(page.users), page.unreadable, ""
    for _ in range(MAX_USER_PAGES):
        if page.next_page is None:
            break
        target = _under(client._api_root, path, page.next_page)
        if target is None:
            problem = "its next page is not at Podero's API address"
            break
        path = _with_query(*target)
        try:
            page = client.send(_get_page(path))
        except PoderoError as exc:
            problem = f"its next page failed ({type(exc).__name__})"
            break
        users += page.users
        unreadable += page.unreadable
    else:
        problem = f"it goes on beyond {MAX_USER_PAGES} pages"
    if problem:
        answers.log_unexpected("GET", USERS, 200, f"user list incomplete: {problem}")
    return UserList(users, unreadable=unreadable, incomplete=bool(problem))


def create_user(
    client: PoderoClient, *, email: str, customer_number: str, first_name: str = "", last_name: str = ""
) -> PoderoUser | None:
    """POST /users: a homeowner (`role: "user"`) with the partner's customer number (podero-api.md §9.1).

    Returns Podero's record, or None when its 2xx answer carries none we can read (created all the same).
    A POST, never retried. Raises PoderoConflict / PoderoRefused / PoderoRejected when Podero refuses it
    (the docs name no status for a taken email or customer number: the sandbox answers each plausible one),
    PoderoUnavailable when it could not be asked or gave no answer (`outcome_unknown`: it may exist now).
    """
    body: dict[str, Any] = {"role": "user", "email": email, "external_user_id": customer_number}
    # Names are documented response fields; sending them is inferred to be accepted as well [INF].
    body |= {name: value for name, value in (("first_name", first_name), ("last_name", last_name)) if value}

    def read(response: requests.Response) -> PoderoUser | None:
        return read_write_answer(response, PoderoUser.from_json, path=USERS, what="a user", method="POST")

    return client.send(Call("POST", USERS, body, 200, read))


class Standing(StrEnum):
    """Whether Podero still knows a user: listed, listed only with the deleted ones, or not at all."""

    ACTIVE = "active"
    DELETED = "deleted"
    UNKNOWN = "unknown"


def standing(client: PoderoClient, user_id: UUID) -> Standing:
    """Whether `user_id` is an active user of the organisation, a deleted one, or one Podero never had.

    There is no documented `GET /users/{id}` (podero-api.md §9.1 [NOT FOUND]) and no documented mark on a deleted
    user, so it compares the list with and without `include_deleted`. Asked only when a user's own paths answer
    404. Raises PoderoError when a list cannot be read; an incomplete list proves nothing, so it raises too.
    """
    for include_deleted in (False, True):
        listed = list_users(client, include_deleted=include_deleted)
        if any(user.id == user_id for user in listed):
            return Standing.DELETED if include_deleted else Standing.ACTIVE
        if listed.incomplete:
            raise PoderoError("Podero's user list could not be read to its end")
    return Standing.UNKNOWN


def _get_page(path: str) -> Call[_Page]:
    def read(response: requests.Response) -> _Page:
        return read_answer(response, _parse_page, method="GET", path=USERS)

    return Call("GET", path, None, 200, read)


def _parse_page(body: Any) -> _Page:
    items, following = body, None
    if isinstance(body, Mapping):
        items = next((body[key] for key in _WRAPPERS if isinstance(body.get(key), list)), None)
        following = body.get("next") if isinstance(body.get("next"), str) and body["next"] else None
    if not isinstance(items, list):
        raise PoderoBadResponse(f"expected a list of users, got {type(body).__name__}")
    users, unreadable = [], 0
    for position, item in enumerate(items, start=1):
        try:
            users.append(PoderoUser.from_json(item))
        except PoderoError as exc:
            answers.note(f"user {position} of {len(items)} left out ({exc})")
            unreadable += 1
    return _Page(users, unreadable, following)


def _with_query(path: str, query: Mapping[str, str]) -> str:
    return f"{path}?{urlencode(query)}" if query else path
