"""An EV's charging sessions as Podero reports them (podero-api.md §5.7, §5.8), and the start of a reconnection
(§9.4): where to send the homeowner to sign in at the manufacturer again."""

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import PoderoBadResponse
from .json_fields import to_bool, to_datetime, to_float, to_percent_int, to_str
from .tolerant import Reader, list_of, object_of, whole

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChargingSession:
    """One charging session (podero-api.md §5.7). Money in EUR, energy in kWh, charge levels in percent."""

    id: str
    plug_in: datetime | None
    unplug: datetime | None
    charge_deadline: datetime | None
    energy_kwh: float | None
    cost_eur: float | None
    savings_eur: float | None
    expected_savings_eur: float | None
    is_at_home: bool | None
    outcome: str | None
    initial_soc: int | None
    final_soc: int | None
    target_soc: int | None
    average_power_kw: float | None

    @classmethod
    def from_json(cls, data: Any, read: Reader | None = None) -> "ChargingSession":
        item = object_of(data, "charging session")
        read = read or Reader("charging session")
        return cls(
            id=str(item.get("id") or ""),
            plug_in=read.get(item, "plug_in_time", to_datetime),
            unplug=read.get(item, "unplug_time", to_datetime)
            or read.get(item, "inferred_session_end", to_datetime),
            charge_deadline=read.get(item, "charge_deadline", to_datetime),
            energy_kwh=read.get(item, "energy_charged_kwh", to_float),
            cost_eur=read.get(item, "actual_cost_eur", to_float),
            savings_eur=read.get(item, "actual_savings_eur", to_float),
            expected_savings_eur=read.get(item, "expected_savings_eur", to_float),
            is_at_home=read.get(item, "is_at_home", to_bool),
            outcome=read.get(item, "session_outcome", to_str),
            initial_soc=read.get(item, "initial_soc_pct", to_percent_int),
            final_soc=read.get(item, "final_soc_pct", to_percent_int),
            target_soc=read.get(item, "target_soc_pct", to_percent_int),
            average_power_kw=read.get(item, "avg_charge_power_kw", to_float),
        )


@dataclass(frozen=True)
class SessionPage:
    """One page of /sessions: `total` sessions in the range, `items` from `offset`."""

    total: int
    items: tuple[ChargingSession, ...]
    offset: int
    limit: int
    # Podero sent something in these sessions that cannot be shown (a date out of range, an absurd figure): left
    # out, and the card says so.
    unreadable: bool = False

    @classmethod
    def from_json(cls, data: Any, *, offset: int, limit: int) -> "SessionPage":
        return read_session_page(data, offset=offset, limit=limit)[0]


def read_session_page(data: Any, *, offset: int, limit: int) -> tuple[SessionPage, bool]:
    """The page with its sessions newest first, and whether Podero sent them oldest first (the docs do not say
    which order it pages in; newest first is assumed until a page shows otherwise)."""
    body = object_of(data, "sessions")
    read = Reader("sessions")
    items = [
        ChargingSession.from_json(item, read) for item in list_of(body.get("items") or [], "sessions items")
    ]
    total = read.get(body, "total", whole)
    unreadable = bool(read.unreadable)
    read.done()
    times = [session.plug_in for session in items if session.plug_in is not None]
    oldest_first = len(set(times)) > 1 and times == sorted(times)
    newest_first = sorted(items, key=_newest_first)
    # A page past the end holds nothing, and says nothing about how many there are before it.
    seen = offset + len(items) if items else 0
    page = SessionPage(
        total=max(total if total is not None else 0, seen),
        items=tuple(newest_first),
        offset=offset,
        limit=limit,
        unreadable=unreadable,
    )
    return page, oldest_first


def _newest_first(session: ChargingSession) -> tuple[bool, float]:
    # Sessions without a plug-in time keep to the end.
    return (session.plug_in is None, -session.plug_in.timestamp() if session.plug_in else 0.0)


def parse_current_session(data: Any) -> ChargingSession | None:
    """`{"session": null}` when the car is not charging (podero-api.md §5.7)."""
    body = object_of(data, "current session")
    session = body.get("session")
    return None if session is None else ChargingSession.from_json(session)


@dataclass(frozen=True)
class AuthSession:
    """Where to send the homeowner to sign in at the manufacturer again (podero-api.md §9.4)."""

    authentication_url: str | None
    session_id: str | None

    @classmethod
    def from_json(cls, data: Any) -> "AuthSession":
        body = object_of(data, "auth session")
        read = Reader("auth session")
        url = read.get(body, "authentication_url", to_str)
        if url is not None and not url.lower().startswith(("https://", "http://")):
            raise PoderoBadResponse("auth session: authentication_url is not a web address")
        session = cls(authentication_url=url, session_id=read.get(body, "session_id", to_str))
        read.done()
        return session
