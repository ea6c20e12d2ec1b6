"""Every intent a homeowner (or staff for them) can ask of a device, in one table.

A row says all the portal knows of an intent: its URL below a device (`<kind>/<id>/<path>/`, named `verb`), which
kinds offer it (the kind's `controls`), the part of the device page whose note says what happened (`slot`), its
handler (one function that the homeowner's view and the admin both call; they differ only in how they answer),
the note once it went through (`done`), whether staff may ask it and with which reason field, and the changes it
records in the audit trail with their words in Recent changes and in the admin.

Each concept registers its intents beside their handlers (devices/intents.py, charging/intents.py: the app loads
them when it starts); a new intent is one `register(Intent(...))` there and its handler. This module knows no
Django model, so models.py can take the audit trail's choices from it.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser, User
    from django.forms import Form
    from django.http import QueryDict

    from preferences.devices.notes import Note
    from preferences.models import Change, Device
    from preferences.podero import PoderoError


class Recorded(enum.StrEnum):
    """What the audit trail records, as stored in `Change.intent` (also `Change.Intent`)."""

    PAUSE_OPTIMIZATION = "pause_optimization"
    RESUME_OPTIMIZATION = "resume_optimization"
    CHARGE_NOW = "charge_now"
    CANCEL_BOOST = "cancel_boost"
    SET_CHARGE_DEADLINE = "set_charge_deadline"
    DISABLE_CHARGE_POLICY = "disable_charge_policy"
    SET_WEEKLY_SCHEDULE = "set_weekly_schedule"
    SET_TRIP_TARGET = "set_trip_target"
    RESTORE_TRIP_TARGET = "restore_trip_target"
    RECONNECT = "reconnect"
    SET_OPTIMIZATION_LEVEL = "set_optimization_level"
    SMART_CHARGING_OFF = "smart_charging_off"
    SMART_CHARGING_ON = "smart_charging_on"


@dataclass(frozen=True)
class Said:
    """A recorded change in words: its name in the admin, and its line in Recent changes, by someone (staff,
    the portal) and by the homeowner ("You" takes another form of the verb in many languages)."""

    label: Promise
    by: Promise  # "%(who)s …"
    by_you: Promise


@dataclass(frozen=True, kw_only=True)
class Ask:
    """One asking of an intent: by whom, of which device, with what was posted."""

    intent: "Intent"
    device: "Device"
    actor: "User | AnonymousUser"
    data: "QueryDict"
    now: "datetime"
    reason: str = ""
    # The asker's own fields are valid too (staff's reason): an intent's form is only acted on when both are.
    ready: bool = True
    # Field ids (the admin shows several devices on a page); by default Django's own, whatever the purpose.
    auto_id: Callable[[str], str] = "id_%s".format
    absolute_uri: Callable[[str], str] = str  # for addresses another site sends the browser back to


@dataclass(frozen=True, kw_only=True)
class Answer:
    """What a handler did, for the homeowner's view and the admin to say each in their way."""

    note: "Note | None" = None  # beside the control; None when the part itself says what happened
    alone: "Note | None" = None  # the same for a page without the part (staff's); `note` by default
    forms: "dict[str, Form] | None" = None  # not done: these forms again, with what was typed (and errors)
    status: int = 200
    failure: "PoderoError | None" = None  # Podero failed it; what it recorded says so
    known: dict[str, Any] = field(default_factory=dict)  # what it learned, so the part is not read again
    along: tuple[str, ...] = ()  # other parts it changed
    undo: "Change | None" = None  # the change an Undo button undoes
    leave_to: str = ""  # the address the browser goes to next (another site's)

    @property
    def said_alone(self) -> "Note | None":
        return self.alone or self.note


# The controls a kind may have (Kind.controls); every kind has ANY.
ANY = "any"
OPTIMIZATION = "optimization"
CHARGING = "charging"
LEVEL = "level"  # a heat pump's optimisation level


@dataclass(frozen=True, kw_only=True)
class Intent:
    verb: str  # the URL's name (`preferences:<verb>`), and how kinds and the admin name the intent
    control: str  # the kind's control that offers it
    slot: str  # the page part whose note says what happened; "" when it answers with a page of its own
    handler: Callable[["Ask"], "Answer"]
    path: str = ""  # below the device's URL; the verb by default
    done: Promise | None = None  # the note once it went through, for handlers that say nothing else
    records: dict[str, Said] = field(default_factory=dict)
    # Staff ask it in the admin with a reason: the reason field's purpose ("quick": the device's one reason box).
    staff_reason: str | None = None
    staff_path: str = ""  # the admin's URL below the device; the path by default
    page: str = ""  # the template of a page of its own, for an intent that sends the browser elsewhere
    # It posts a form of its own, which the handler checks together with what the asker brings (staff's reason:
    # `Ask.ready`); the reason of an intent without one is checked before its handler runs.
    form: bool = False
    # The step before it, for the homeowner (`?confirm=<this>` on the device page): a POST without
    # `confirmed=yes` answers with that step and sends nothing. Staff's admin asks in its own way.
    confirm: str = ""

    @property
    def url_path(self) -> str:
        return self.path or self.verb

    @property
    def admin_path(self) -> str:
        return self.staff_path or self.url_path

    @property
    def admin_url_name(self) -> str:
        return "preferences_homeowner_" + self.admin_path.replace("-", "_").replace("/", "_")


_INTENTS: dict[str, Intent] = {}


def register(intent: Intent) -> Intent:
    _INTENTS[intent.verb] = intent
    return intent


def unregister(verb: str) -> None:
    _INTENTS.pop(verb, None)


def get(verb: str) -> Intent:
    """The intent of a verb. Raises KeyError for an unknown one."""
    return _INTENTS[verb]


def all_intents() -> list[Intent]:
    return list(_INTENTS.values())


def asked_by_staff() -> list[Intent]:
    return [intent for intent in _INTENTS.values() if intent.staff_reason is not None]


def recorder_of(recorded: str) -> Intent | None:
    """The intent whose handler records `recorded` (a Change.intent)."""
    return next((intent for intent in _INTENTS.values() if recorded in intent.records), None)


def said(recorded: str) -> Said | None:
    intent = recorder_of(recorded)
    return intent.records[recorded] if intent is not None else None


def slot_of(recorded: str) -> str:
    """Where the device page says what a recorded change did ("": nowhere, e.g. a reconnection)."""
    intent = recorder_of(recorded)
    return intent.slot if intent is not None else ""


def recorded_choices() -> list[tuple[str, str]]:
    """`Change.intent`'s choices: every recorded change any intent makes, with its name."""
    return [
        (value, str(words.label)) for intent in _INTENTS.values() for value, words in intent.records.items()
    ]
