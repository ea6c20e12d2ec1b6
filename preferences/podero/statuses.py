"""Podero's non-2xx answers as typed errors: the one place that knows what each status code means for us.

A write that got 429 or 503 was refused before it was processed (outcome known: not applied). A 500, 502, 504
or other 5xx may come from behind a gateway after Podero started on it, so for a write the outcome is unknown.
"""

import logging
from collections.abc import Mapping
from typing import Any

import requests

from .errors import (
    PoderoConflict,
    PoderoError,
    PoderoNotFound,
    PoderoRejected,
    PoderoUnauthorized,
    PoderoUnavailable,
)
from .transport import UNKNOWN_OUTCOME, retry_after_seconds

logger = logging.getLogger(__name__)

NOT_PROCESSED = frozenset({429, 503})
# django-ninja puts where the error is first ("body", then the parameter name "payload"), the field last.
_LOCATION_PARTS = frozenset({"body", "payload", "query", "path", "header", "cookie", "form", "file"})
_MAX_MESSAGE = 300


def raise_for_status(response: requests.Response, *, method: str, path: str, write: bool) -> None:
    """Return if `response` is a 2xx; otherwise raise the matching PoderoError."""
    status = response.status_code
    where = f"{method} {path}"
    if 200 <= status < 300:
        return
    if status == 404:
        raise PoderoNotFound(f"Podero knows no such resource: {where}", status=status)
    if status in (401, 403):
        raise PoderoUnauthorized(f"Podero refused our credentials (HTTP {status}) for {where}", status=status)
    if status == 409:
        raise conflict_from(response)
    if status == 422:
        raise rejected_from(response)
    if status == 429 or status >= 500:
        raise unavailable_from(response, where=where, write=write)
    raise PoderoError(f"Unexpected HTTP {status} from Podero for {where}", status=status)


def unavailable_from(response: requests.Response, *, where: str, write: bool) -> PoderoUnavailable:
    status = response.status_code
    outcome_unknown = write and status not in NOT_PROCESSED
    if outcome_unknown:
        message = f"Podero failed (HTTP {status}) on {where}. {UNKNOWN_OUTCOME}"
    else:
        message = f"Podero is unavailable (HTTP {status}) for {where}; the request was not processed."
    logger.warning("Podero %s: HTTP %s, giving up", where, status)
    return PoderoUnavailable(
        message, status=status, retry_after=retry_after_seconds(response), outcome_unknown=outcome_unknown
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
