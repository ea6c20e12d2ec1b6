"""What can go wrong when talking to Podero, as exceptions callers can tell apart.

Messages carry at most a method, a short path and a status: never a token, a secret or a response body.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass


class PoderoError(Exception):
    """Podero answered in a way we did not plan for. `status` is the HTTP status, if there was one."""

    def __init__(self, message: str = "", *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PoderoUnavailable(PoderoError):
    """Podero could not be reached, did not answer in time, or said it is overloaded or broken.

    `outcome_unknown` is True when a write may have been applied even though no definite answer came back
    (a read timeout, a dropped connection, a gateway error). `retry_after` is Podero's Retry-After in seconds.
    """

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        retry_after: float | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after
        self.outcome_unknown = outcome_unknown


class PoderoCircuitOpen(PoderoUnavailable):
    """Podero failed repeatedly just now, so the call was not even attempted (see breaker.py). Nothing was sent."""


class PoderoBadResponse(PoderoUnavailable):
    """A 2xx whose body is not JSON or not the shape we expect. For a write, Podero accepted something."""


class PoderoNotFound(PoderoError):
    """404: Podero does not know this user or device (or no longer does)."""


class PoderoUnauthorized(PoderoError):
    """Our credentials were refused (401 even after a fresh token, 400/401 at the token endpoint, or 403)."""


class PoderoRefused(PoderoError):
    """400, 405 or another 4xx with no meaning of its own: Podero refused the request as we sent it (a bug on
    our side, or a change in Podero's API). Nothing was applied."""


class PoderoRedirected(PoderoError):
    """Podero answered with a redirect, which we never follow: PODERO_BASE_URL is most likely wrong.

    A redirect would turn a PUT into a GET or send the bearer token to another host; the message says where
    Podero pointed, so the setting can be corrected.
    """


class PoderoConflict(PoderoError):
    """409: Podero refused because of the device's state, e.g. a boost while already charging (api §5.5).

    `state` is the EV's boost_state, `reason` Podero's code (`already_charging`, `fully_charged`,
    `no_active_session`, `internal_error`); both are kept as sent, "" when missing.
    """

    def __init__(
        self, message: str = "", *, state: str = "", reason: str = "", status: int | None = 409
    ) -> None:
        super().__init__(message or f"Podero refused: {reason or 'no reason given'}", status=status)
        self.state = state
        self.reason = reason


# Why Podero refused a Charge now (its 409 reasons, podero-api.md §5.5).
ALREADY_CHARGING, FULLY_CHARGED, NO_ACTIVE_SESSION = "already_charging", "fully_charged", "no_active_session"


class PoderoRejected(PoderoError):
    """422: Podero rejected the values we sent.

    `field_errors` maps Podero's field name to its messages ("" for errors not tied to a field);
    `message` summarises them in one line, suitable for a form's non-field error.
    """

    def __init__(
        self,
        message: str = "",
        *,
        field_errors: Mapping[str, list[str]] | None = None,
        status: int | None = 422,
    ) -> None:
        self.message = message or "Podero rejected the values."
        super().__init__(self.message, status=status)
        self.field_errors: dict[str, list[str]] = dict(field_errors or {})

    def objections(self) -> list["Objection"]:
        """Each of Podero's objections in the portal's terms: which value, of which weekday, within which limits."""
        return [
            _objection(name, message) for name, messages in self.field_errors.items() for message in messages
        ]


# The values of a charging plan an objection can be about (a form names its fields after them).
MINIMUM_CHARGE, READY_BY, TIMEZONE = "minimum_charge", "ready_by", "timezone"
_VALUES = {
    "minimum_charge_limit": MINIMUM_CHARGE,
    "charge_percentage": MINIMUM_CHARGE,
    "charge_deadline_at": READY_BY,
    "charge_deadline": READY_BY,
    "timezone": TIMEZONE,
}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Podero's limits, in the words of its 422 answers (pydantic's messages).
_AT_MOST = re.compile(r"less than or equal to (\d+)")
_AT_LEAST = re.compile(r"greater than or equal to (\d+)")


@dataclass(frozen=True)
class Objection:
    """One value Podero did not accept: `value` is MINIMUM_CHARGE, READY_BY, TIMEZONE or "" (something else),
    `day` the weekday of a week's target it concerns (None: the car's own setting)."""

    value: str
    day: str | None = None
    at_most: int | None = None
    at_least: int | None = None


def _objection(podero_name: str, message: str) -> Objection:
    day, _dot, part = podero_name.partition(".")
    if day not in _WEEKDAYS or not part:
        day, part = "", podero_name
    most, least = _AT_MOST.search(message), _AT_LEAST.search(message)
    return Objection(
        value=_VALUES.get(part, ""),
        day=day or None,
        at_most=int(most.group(1)) if most else None,
        at_least=int(least.group(1)) if least else None,
    )
