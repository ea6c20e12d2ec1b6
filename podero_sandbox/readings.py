"""Readings: where Podero's docs leave a shape or a behaviour open, the sandbox can answer each plausible way.

Each `Question` names something the docs leave open and lists its plausible answers; the first answer is what
the sandbox does unless told otherwise. Switch answers
- on the command line: `--reading times=date_time` (repeatable), kept across /_sandbox/reset;
- at run time: `POST /_sandbox/readings {"times": "date_time"}` (until the next reset), and
  `GET /_sandbox/readings` lists every question, each answer with what it means, and the current one.

The sandbox's state stays canonical (the control API shows it as stored); a reading only changes how the API
answers. To add a question: `register(Question(...))` below, then consult `readings.answer("name")` where the
sandbox answers: shapes through `shape_*` here, behaviour in state.py (see `charge_policy`).
"""

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import odd_values
from .model import ELECTRIC_VEHICLES, WEEKDAYS
from .reading_values import number, time_of_day
from .seed import DEFAULT_TIMEZONE
from .wire import Response


@dataclass(frozen=True)
class Question:
    name: str
    # answer -> what it means; the first is the default
    answers: Mapping[str, str]
    about: str

    @property
    def default(self) -> str:
        return next(iter(self.answers))


QUESTIONS: dict[str, Question] = {}


def register(question: Question) -> Question:
    QUESTIONS[question.name] = question
    return question


NUMBERS = register(
    Question(
        "numbers",
        {
            "integers": "measures and percentages documented as integers are sent as integers",
            "fractions": "measures come with a fraction (265.4 km, 54.4 %), percentages as floats (80.0)",
            "strings": 'measures and percentages as strings ("265", "80"), as a serialised Decimal',
        },
        "podero-api.md §5.3-§5.4: integer fields, in a language with one number type (or a Decimal)",
    )
)
TIMES = register(
    Question(
        "times",
        {
            "hh_mm": 'charge_deadline_at and each day\'s charge_deadline as "07:00"',
            "hh_mm_ss": 'as "07:00:00"',
            "date_time": 'as the moment it names, a full ISO date-time in UTC: "2026-01-01T06:00:00Z" for 07:00 '
            "in Berlin (the device's own deadline in Europe/Berlin, the seed's zone), as in the wallbox example",
            "time_offset": 'as the time with the zone\'s UTC offset, "07:00+01:00"',
        },
        "podero-api.md §12.7: the EV page says HH:MM, the wallbox example shows a date-time",
    )
)
CHARGE_POLICY = register(
    Question(
        "charge_policy",
        {
            "object": "GET /charge-policy always answers the weekly policy (the daily default on every day)",
            "data_null": 'until a weekly schedule is PUT, GET /charge-policy answers "data": null',
            "not_found": "until a weekly schedule is PUT, GET /charge-policy answers 404",
        },
        "podero-api.md §5.6: what a vehicle without a weekly policy answers is not documented",
    )
)
WRITE_ANSWER = register(
    Question(
        "write_answer",
        {
            "object": "a PUT answers 200 with the device (or the policy)",
            "no_content": "a PUT answers 204 without a body",
            "ok": 'a PUT answers 200 with the JSON string "OK", as the general device PATCH does (§9.5)',
            "ok_text": "a PUT answers 200 with the plain text OK",
        },
        "podero-api.md §5.1, §5.6: the EV PUT and the charge-policy PUT answers are not documented",
    )
)
EXTRA_FIELDS = register(
    Question(
        "extra_fields",
        {
            "none": "answers carry the documented fields only",
            "unknown": "every object also carries fields the docs do not name (a newer API version)",
        },
        "podero-api.md §1: fixes and additions ship to every supported version",
    )
)
NULLS = register(
    Question(
        "nulls",
        {
            "none": "fields carry values",
            "optional": "every field except id, is_smart_optimization_active and is_authenticated is null, "
            "and so is the weekly policy's time zone",
        },
        "podero-api.md §1: the schemas are nullable almost everywhere",
    )
)
ONBOARDING_OBJECT_ID = register(
    Question(
        "onboarding_object_id",
        {
            "device_id": "once the Connect page added the device, the session's object_id is its id",
            "null": "object_id stays null: the new device shows only in the user's device lists",
        },
        "podero-api.md §9.3: the example shows object_id null; what it holds afterwards is not documented",
    )
)
ONBOARDING_EXPIRED = register(
    Question(
        "onboarding_expired",
        {
            "readable": "an expired session still reads back, with its expiration_date in the past",
            "not_found": "an expired session reads back as 404",
        },
        "podero-api.md §9.3: sessions are valid until the end of the next day; what happens after is not documented",
    )
)
ONBOARDING_TYPE = register(
    Question(
        "onboarding_type",
        {
            "device_type": "the device type (ev/iv/wb/hp) is read from the field device_type, and the Connect "
            "page adds that kind",
            "unread": "the device type is not a field Podero reads (the guides' examples send none): the "
            "Connect page asks the homeowner which kind to add",
        },
        "podero-api.md §9.3: the device type field's name is not visible in the reference",
    )
)
DEVICE_LIST = register(
    Question(
        "device_list",
        {
            "readable": "every listed device is a device object",
            "one_unreadable": "each list of electric vehicles also holds one device described in a way the "
            "docs do not allow (an id that is no UUID, no connection flag)",
        },
        "a device in a state or version a portal cannot read must not hide the others",
    )
)

DAILY_DEADLINE = register(
    Question(
        "daily_deadline",
        {
            "rewrites_week": "a device PUT of charge_deadline_at / minimum_charge_limit writes that target to all "
            'seven days of /charge-policy (the seed\'s "a default target that applies every day")',
            "leaves_week": "the daily default leaves the weekly policy alone",
        },
        "podero-api.md §5.6: how the daily fields and the weekly object relate is not documented",
    )
)
TOKEN_EXPIRY = register(
    Question(
        "token_expiry",
        {
            "seconds": "the token answer's expires_in is a number of seconds (36000)",
            "string": 'expires_in is a string ("36000")',
            "absent": "the token answer has no expires_in",
        },
        "podero-api.md §2.1: the token answer is shown by example only",
    )
)
SAVINGS_UNITS = register(
    Question(
        "savings_units",
        {
            "dotted": 'savings\' metadata.units keyed "consumption.total", the consumption in kWh',
            "nested": 'units nested, {"consumption": {"total": "Wh"}}, the consumption in Wh',
            "underscored": 'units keyed "consumption_total": "Wh", the consumption in Wh',
        },
        "podero-api.md §4.5: units are presumably in metadata.units, their keys are not documented",
    )
)
SESSION_ORDER = register(
    Question(
        "session_order",
        {
            "newest_first": "/sessions pages the sessions newest first",
            "oldest_first": "/sessions pages them oldest first",
        },
        "podero-api.md §5.7: the order of the paginated sessions is not documented",
    )
)
LIST_PAGES = register(
    Question(
        "list_pages",
        {
            "array": "a list of devices is a bare JSON array, as documented",
            "paginated": 'in pages of one device, {"count", "next", "previous", "results"}, next a full URL',
            "next_elsewhere": "in pages of one device whose next page is on another host",
        },
        "podero-api.md §11: pagination conventions beyond charging sessions are not documented",
    )
)
ODD_VALUES = register(
    Question(
        "odd_values",
        odd_values.ANSWERS,
        "podero-api.md §1: numbers and date-times of any size and sign; currency presumably in metadata.units",
    )
)

DATA_AHEAD = register(
    Question(
        "data_ahead",
        {
            "past_only": "/data ends at now: no prices and no plan for the coming hours",
            "prices_and_plan": "/data goes on to the end of tomorrow: day-ahead prices, and estimated_consumption "
            "where Podero plans to charge or run",
            "prices_only": "/data goes on to the end of tomorrow with the day-ahead prices only (no consumption)",
        },
        "podero-api.md §4.5, §5.8: whether /data reaches into the future (prices, planned use) is not documented",
    )
)

HEAT_PUMP_CUES = register(
    Question(
        "heat_pump_cues",
        {
            "as_seeded": "heat pumps as seeded: only the demo's lapsed one lists an action (a reauthenticate cue)",
            "lapsed": "every heat pump's manufacturer connection has lapsed: it lists a reauthenticate cue and an "
            "information cue, served statefully under /cues",
        },
        "podero-api.md §9.4, §14: heat pumps have no auth_session; their reconnect goes through a cue",
    )
)


class Readings:
    """The answer chosen for each question. Not thread-safe: the caller holds the state lock."""

    def __init__(self, chosen: Mapping[str, str] | None = None) -> None:
        self._chosen: dict[str, str] = {}
        self.update(chosen or {})

    def answer(self, name: str) -> str:
        return self._chosen.get(name, QUESTIONS[name].default)

    def update(self, chosen: Mapping[str, Any]) -> None:
        """Choose answers; raises ValueError naming an unknown question or answer (and then changes nothing)."""
        for name, answer in chosen.items():
            question = QUESTIONS.get(name)
            if question is None:
                raise ValueError(f"unknown reading {name!r}; known: {', '.join(QUESTIONS)}")
            if answer not in question.answers:
                raise ValueError(
                    f"reading {name!r} has no answer {answer!r}; known: {', '.join(question.answers)}"
                )
        self._chosen.update(chosen)

    def chosen(self) -> dict[str, str]:
        return {name: self.answer(name) for name in QUESTIONS}

    def as_json(self) -> dict[str, Any]:
        return {
            name: {"current": self.answer(name), "answers": dict(question.answers), "about": question.about}
            for name, question in QUESTIONS.items()
        }


# How the API shows things under each reading. Each takes the canonical view and returns what to send.

# Never null: without them a device cannot be shown at all (see the portal's types.py).
_ALWAYS_SET = ("id", "is_smart_optimization_active", "is_authenticated")
_MEASURES = ("battery_level", "driving_range", "charge_rate_w", "current_power_consumption_w")
_PERCENTAGES = ("minimum_charge_limit", "charge_target_min", "charge_target_max")
UNKNOWN_FIELDS = {"energy_flex_index": 0.7, "partner_tags": ["beta"], "next_api_field": {"nested": True}}


def shape_device(readings: Readings, view: dict[str, Any], kind: str = "") -> dict[str, Any]:
    view = copy.deepcopy(view)
    numbers = readings.answer("numbers")
    for name in (*_MEASURES, *_PERCENTAGES) if numbers != "integers" else ():
        if isinstance(view.get(name), int) and not isinstance(view[name], bool):
            view[name] = number(numbers, view[name], measure=name in _MEASURES)
    if isinstance(view.get("charge_deadline_at"), str):
        view["charge_deadline_at"] = time_of_day(
            readings.answer("times"), view["charge_deadline_at"], DEFAULT_TIMEZONE
        )
    if readings.answer("extra_fields") == "unknown":
        view |= UNKNOWN_FIELDS
        if isinstance(view.get("device_model"), dict):
            view["device_model"]["next_api_field"] = "x"
    if readings.answer("nulls") == "optional":
        view = {name: value if name in _ALWAYS_SET else None for name, value in view.items()}
    return odd_values.device(readings.answer("odd_values"), kind, view)


def shape_device_list(readings: Readings, kind: str, views: list[dict[str, Any]]) -> list[Any]:
    shaped: list[Any] = [shape_device(readings, view, kind) for view in views]
    if readings.answer("device_list") == "one_unreadable" and kind == ELECTRIC_VEHICLES and views:
        odd = shape_device(readings, views[0], kind) | {"id": "ev-from-the-future"}
        odd.pop("is_authenticated", None)
        shaped.append(odd)
    return shaped


def shape_policy(readings: Readings, body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    data = body.get("data")
    if isinstance(data, dict):
        for day in WEEKDAYS:
            target = data.get(day)
            if not isinstance(target, dict):
                continue
            if isinstance(target.get("charge_percentage"), int):
                target["charge_percentage"] = number(readings.answer("numbers"), target["charge_percentage"])
            if isinstance(target.get("charge_deadline"), str):
                zone = data.get("timezone") or DEFAULT_TIMEZONE
                target["charge_deadline"] = time_of_day(
                    readings.answer("times"), target["charge_deadline"], zone
                )
            if readings.answer("extra_fields") == "unknown":
                target["charge_power_limit_w"] = None
        if readings.answer("nulls") == "optional":
            data["timezone"] = None
    if readings.answer("extra_fields") == "unknown":
        body |= {"links": {"self": "charge-policy"}}
        if isinstance(data, dict):
            data["policy_version"] = 3
        if isinstance(body.get("metadata"), dict):
            body["metadata"]["request_id"] = "sandbox"
    return body


def shape_error(readings: Readings, body: Any) -> Any:
    if readings.answer("extra_fields") == "unknown" and isinstance(body, dict):
        return body | {"trace_id": "sandbox", "docs": "https://developers.podero.com"}
    return body


def write_answer(readings: Readings, body: Any) -> Response:
    """The answer to a PUT that was applied; `body` is what it answers under the default reading."""
    answer = readings.answer("write_answer")
    if answer == "no_content":
        return Response(204)
    if answer == "ok":
        return Response(200, "OK")
    if answer == "ok_text":
        return Response(200, headers={"Content-Type": "text/plain"}, raw=b"OK")
    return Response(200, body)
