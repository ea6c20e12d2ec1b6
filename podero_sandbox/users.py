"""The organisation's users (podero-api.md §9.1): `GET /org/{org_id}/users` lists them, `POST` creates one.

A user record is shown with the fields the docs list for `by-ext-id` (the list's item shape is not documented
[INF]): its device counts, `is_onboarded`, `last_login`. A soft-deleted user (deleted through the control API)
is left out unless `include_deleted=true`; its own paths answer 404 as for an unknown user.

Where the docs are silent, readings say how: whether the list comes in pages (`user_pages`) and which status a
second user with the same email or customer number gets (`duplicate_user`).
"""

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from .clock import now_iso
from .errors import ApiError, Invalid, problem
from .model import ELECTRIC_VEHICLES, HEAT_PUMPS, INVERTERS, User
from .readings import Question, register
from .seed import ORG_ID
from .validation import EXTRA_FORBIDDEN, choice, number, parse_json_object, text
from .wire import Request, Response

PAGE_SIZE = 100
USER_PAGES = register(
    Question(
        "user_pages",
        {
            "array": "the user list is a bare JSON array, as documented",
            "paginated": f'in pages of {PAGE_SIZE} users, {{"count", "next", "previous", "results"}}, next a '
            "full URL with ?page=",
        },
        "podero-api.md §9.1, §11: the user list shows no pagination parameters",
    )
)
DUPLICATE_USER = register(
    Question(
        "duplicate_user",
        {
            "conflict": 'a second user with an email or external_user_id already in the org gets 409 {"detail"}',
            "bad_request": 'it gets 400 {"detail"}',
            "unprocessable": "it gets 422 naming the field, as a validation error",
        },
        "podero-api.md §9.1: email must be unique within the org; the status and external ids are not documented",
    )
)

# Device counts of a user record, by the kind whose devices they count (wallboxes: a kind the sandbox may serve).
COUNTS = {
    "num_inverters": INVERTERS,
    "num_heat_pumps": HEAT_PUMPS,
    "num_electric_vehicles": ELECTRIC_VEHICLES,
    "num_wallboxes": "wallboxes",
}
_OPTIONAL_TEXT = (
    "first_name",
    "last_name",
    "street_and_number",
    "street_add_info",
    "zip_code",
    "town",
    "country",
)


def customer_number(position: int) -> str:
    """The partner's customer number of the `position`-th demo user (from 1): C10001, C10002, ..."""
    return "C" + str(10000 + position)


def give_customer_numbers(users: Mapping[str, User]) -> None:
    """Each demo user without an external id gets the customer number of its place in creation order."""
    for position, user in enumerate(users.values(), start=1):
        if not user.external_id:
            user.external_id = customer_number(position)


def user_record(state: Any, user: User) -> dict[str, Any]:
    """A user as the user endpoints show it (podero-api.md §9.1), with its device counts."""
    counts = dict.fromkeys(COUNTS, 0)
    kinds = {kind: name for name, kind in COUNTS.items()}
    for device in state.devices.values():
        if device.owner_id == user.id and device.fields.get("deleted_at") is None and device.kind in kinds:
            counts[kinds[device.kind]] += 1
    return {
        "id": user.id,
        "organization_id": ORG_ID,
        "external_user_id": user.external_id,
        "role": user.role,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        **counts,
        "is_onboarded": user.is_onboarded,
        **dict.fromkeys(("street_and_number", "street_add_info", "zip_code", "town", "country")),
        "latitude": None,
        "longitude": None,
        "last_login": user.last_login,
        "joined_at": user.joined_at,
    }


def list_users(state: Any, request: Request, *, org_id: str) -> Response:
    include_deleted = request.query_flag("include_deleted")
    with state.lock:
        _org(org_id)
        records = [
            user_record(state, user)
            for user in state.users.values()
            if include_deleted or user.deleted_at is None
        ]
        paged = state.readings.answer("user_pages") == "paginated"
    return Response(200, _page(records, request) if paged else records)


def create_user(state: Any, request: Request, *, org_id: str) -> Response:
    payload = parse_json_object(request.body, request.header("content-type"))
    values = _validated(payload)
    with state.lock:
        _org(org_id)
        _refuse_duplicate(state, values)
        user = User(
            id=str(uuid.uuid4()),
            email=values["email"],
            first_name=values.get("first_name") or "",
            last_name=values.get("last_name") or "",
            external_id=values.get("external_user_id"),
            role=values["role"],
            is_onboarded=False,
            joined_at=now_iso(),
        )
        state.users[user.id] = user
        return Response(200, user_record(state, user))


def _org(org_id: str) -> None:
    if org_id != ORG_ID:
        raise ApiError(404, {"detail": "Not Found"})


def _validated(payload: dict[str, Any]) -> dict[str, Any]:
    """The fields of a new user, checked as pydantic would: role and email required, the rest optional."""
    checks = {
        "role": choice("admin", "staff", "user"),
        "email": _email,
        "external_user_id": _nullable_text,
        **dict.fromkeys(_OPTIONAL_TEXT, _nullable_text),
        "latitude": _nullable(number(low=-90, high=90)),
        "longitude": _nullable(number(low=-180, high=180)),
    }
    problems = [problem((key,), EXTRA_FORBIDDEN) for key in payload if key not in checks]
    values: dict[str, Any] = {}
    for key in ("role", "email"):
        if key not in payload:
            problems.append(problem((key,), "Field required"))
    for key, check in checks.items():
        if key in payload:
            try:
                values[key] = check(payload[key])
            except ValueError as exc:
                problems.append(problem((key,), str(exc)))
    if problems:
        raise Invalid(problems)
    return values


def _email(value: Any) -> str:
    address = text(value).strip()
    local, at, domain = address.partition("@")
    if not at or not local or "." not in domain or " " in address:
        raise ValueError("value is not a valid email address: An email address must have an @-sign.")
    return address


def _nullable_text(value: Any) -> str | None:
    return None if value is None else text(value)


def _nullable(check: Any) -> Any:
    return lambda value: None if value is None else check(value)


def _refuse_duplicate(state: Any, values: dict[str, Any]) -> None:
    """Email is unique within the org (§9.1); the sandbox keeps the partner's customer number unique too [INF]."""
    email, external = values["email"].lower(), values.get("external_user_id")
    for user in state.users.values():
        if user.email.lower() == email:
            field, detail = "email", "A user with this email already exists in the organization."
        elif external and user.external_id == external:
            field, detail = "external_user_id", "A user with this external_user_id already exists."
        else:
            continue
        answer = state.readings.answer("duplicate_user")
        if answer == "unprocessable":
            raise Invalid([problem((field,), f"Value error, {detail}")])
        raise ApiError(409 if answer == "conflict" else 400, {"detail": detail})


def _page(records: list[dict[str, Any]], request: Request) -> dict[str, Any]:
    asked = parse_qs(request.query).get("page", ["1"])[-1]
    page = int(asked) if asked.isdigit() and int(asked) > 0 else 1
    link = f"http://{request.header('host')}{request.path}?page=%d"
    if request.query_flag("include_deleted"):
        link += "&include_deleted=true"
    start = (page - 1) * PAGE_SIZE
    return {
        "count": len(records),
        "next": link % (page + 1) if start + PAGE_SIZE < len(records) else None,
        "previous": link % (page - 1) if page > 1 else None,
        "results": records[start : start + PAGE_SIZE],
    }


# The control API's side (/_sandbox/users/...): test and demo set-up, not Podero's API.


def change_user(state: Any, request: Request, *, user_id: str) -> Response:
    """Set a user's record as Podero would have it: `is_onboarded`, `last_login`, `email`, `external_user_id`."""
    spec = request.json_or_none()
    if not isinstance(spec, dict) or not set(spec) <= set(_CHANGEABLE):
        raise ApiError(400, {"detail": f"a JSON object with any of {', '.join(_CHANGEABLE)}"})
    with state.lock:
        user = _known(state, user_id)
        for key, value in spec.items():
            setattr(user, _CHANGEABLE[key], value)
        return Response(200, user_record(state, user))


def delete_user(state: Any, request: Request, *, user_id: str) -> Response:
    """Soft-delete a user, as Podero does: gone from the list and its own paths, kept for `include_deleted`."""
    with state.lock:
        user = _known(state, user_id)
        user.deleted_at = user.deleted_at or now_iso()
        return Response(200, user_record(state, user) | {"deleted_at": user.deleted_at})


_CHANGEABLE = {
    "is_onboarded": "is_onboarded",
    "last_login": "last_login",
    "email": "email",
    "external_user_id": "external_id",
}


def _known(state: Any, user_id: str) -> User:
    user: User | None = state.users.get(user_id)
    if user is None:
        raise ApiError(404, {"detail": f"no user {user_id}"})
    return user
