"""Podero's non-2xx answers as typed errors: the one place that knows what each status code means for us.

A write that got 429 or 503 was refused before it was processed (outcome known: not applied). A 500, 502, 504
or other 5xx may come from behind a gateway after Podero started on it, so for a write the outcome is unknown;
it stays unknown when a retry of it was then refused with a 429 or 503.
"""

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from .answers import log_unexpected
from .errors import (
    PoderoConflict,
    PoderoError,
    PoderoNotFound,
    PoderoRedirected,
    PoderoRefused,
    PoderoRejected,
    PoderoUnauthorized,
    PoderoUnavailable,
)
from .transport import UNKNOWN_OUTCOME, retry_after_seconds

NOT_PROCESSED = frozenset({429, 503})
CONFLICT_REASONS = frozenset({"already_charging", "fully_charged", "no_active_session", "internal_error"})
# django-ninja puts where the error is first ("body", then the parameter name "payload"), the field last.
_LOCATION_PARTS = frozenset({"body", "payload", "query", "path", "header", "cookie", "form", "file"})
_MAX_MESSAGE = 300


def raise_for_status(response: requests.Response, *, method: str, path: str, write: bool) -> None:
    """Return if `response` is a 2xx; otherwise log one line and raise the matching PoderoError."""
    if 200 <= response.status_code < 300:
        return
    exc = error_for(response, method=method, path=path, write=write)
    # A 409 on boost is an answer the caller plans for (nothing to do); a redirect is a configuration error.
    planned = isinstance(exc, PoderoConflict) and path.endswith("/boost")
    level = logging.INFO if planned else logging.WARNING
    if isinstance(exc, PoderoRedirected):
        level = logging.ERROR
    log_unexpected(method, path, response.status_code, _in_words(exc), level=level)
    raise exc


def _in_words(exc: PoderoError) -> str:
    # A 422's messages come from the body and may repeat what we sent: the log names the fields only.
    if isinstance(exc, PoderoRejected):
        return f"Podero rejected the values (fields: {', '.join(sorted(exc.field_errors)) or 'none named'})"
    if isinstance(exc, PoderoConflict):
        # Podero's reason codes (podero-api.md §5.5) only: anything else came from the body.
        known = exc.reason in CONFLICT_REASONS
        return (
            f"Podero refused because of the device's state ({exc.reason if known else 'an unknown reason'})"
        )
    return str(exc)


def error_for(response: requests.Response, *, method: str, path: str, write: bool) -> PoderoError:
    """The PoderoError a non-2xx answer means."""
    status = response.status_code
    where = f"{method} {path}"
    if 300 <= status < 400:
        return redirected_from(response, where=where)
    if status == 404:
        return PoderoNotFound(f"Podero knows no such resource: {where}", status=status)
    if status in (401, 403):
        return PoderoUnauthorized(
            f"Podero refused our credentials (HTTP {status}) for {where}", status=status
        )
    if status == 409:
        return conflict_from(response)
    if status == 422:
        return rejected_from(response)
    if status == 429 or status >= 500:
        return unavailable_from(response, where=where, write=write)
    if 400 <= status < 500:
        return PoderoRefused(f"Unexpected HTTP {status} from Podero for {where}", status=status)
    return PoderoError(f"Unexpected HTTP {status} from Podero for {where}", status=status)


def unavailable_from(response: requests.Response, *, where: str, write: bool) -> PoderoUnavailable:
    status = response.status_code
    outcome_unknown = write and (
        status not in NOT_PROCESSED or _an_earlier_attempt_may_have_applied(response)
    )
    if outcome_unknown:
        message = f"Podero failed (HTTP {status}) on {where}. {UNKNOWN_OUTCOME}"
    else:
        message = f"Podero is unavailable (HTTP {status}) for {where}; the request was not processed."
    return PoderoUnavailable(
        message, status=status, retry_after=retry_after_seconds(response), outcome_unknown=outcome_unknown
    )


def _an_earlier_attempt_may_have_applied(response: requests.Response) -> bool:
    retries = getattr(response.raw, "retries", None)
    return any(
        attempt.status is not None and attempt.status >= 500 and attempt.status not in NOT_PROCESSED
        for attempt in getattr(retries, "history", ())
    )


def redirected_from(response: requests.Response, *, where: str) -> PoderoRedirected:
    location = urlsplit(response.headers.get("Location", ""))
    # Without query and fragment: they could carry anything, and the address is what needs fixing.
    target = urlunsplit((location.scheme, location.netloc, location.path, "", "")) or "an unnamed address"
    return PoderoRedirected(
        f"Podero redirected {where} (HTTP {response.status_code}) to {target}; redirects are not followed. "
        "Check PODERO_BASE_URL: it must be Podero's https:// address, e.g. https://app.podero.com.",
        status=response.status_code,
    )


def conflict_from(response: requests.Response) -> PoderoConflict:
    """409 `{"state": ..., "reason": ...}` (podero-api.md §5.5), also accepted wrapped in "detail"."""
    body = _json_or_none(response)
    if isinstance(body, Mapping) and isinstance(body.get("detail"), Mapping):
        body = body["detail"]
    if not isinstance(body, Mapping):
        body = {}
    return PoderoConflict(state=_str_or_empty(body.get("state")), reason=_str_or_empty(body.get("reason")))


def rejected_from(response: requests.Response) -> PoderoRejected:
    field_errors = field_errors_from(_json_or_none(response))
    message = "; ".join(
        f"{name}: {text}" if name else text for name, texts in field_errors.items() for text in texts
    )
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return PoderoRejected(message, field_errors=field_errors)


def field_errors_from(body: Any) -> dict[str, list[str]]:
    """django-ninja's `{"detail": [{"loc": [...], "msg": ...}]}` by field name; `{"detail": "text"}` under ""."""
    detail = body.get("detail", body.get("message")) if isinstance(body, Mapping) else None
    errors: dict[str, list[str]] = {}
    if isinstance(detail, str):
        errors[""] = [detail]
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, Mapping):
                name, text = _field_name(item.get("loc")), str(item.get("msg") or "invalid value")
            else:
                name, text = "", str(item)
            errors.setdefault(name, []).append(text)
    return errors


def _field_name(loc: Any) -> str:
    """The field a django-ninja `loc` points at: "minimum_charge_limit", or "sat.charge_percentage" inside a
    charge policy's day, so the day is not lost."""
    if not isinstance(loc, list):
        return ""
    parts = [str(part) for part in loc if isinstance(part, str | int) and part not in _LOCATION_PARTS]
    return ".".join(parts)


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _str_or_empty(value: Any) -> str:
    return value if isinstance(value, str) else ""
