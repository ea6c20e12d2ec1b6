"""What can go wrong when talking to Podero, as exceptions callers can tell apart.

Messages carry at most a method, a short path and a status: never a token, a secret or a response body.
"""

from collections.abc import Mapping


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
