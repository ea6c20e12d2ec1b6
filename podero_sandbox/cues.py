"""Pending actions ("cues", podero-api.md §3 `actions[]`, §9.4), served statefully.

A device lists its actions in its `actions` field; each has a `code` (`reauthenticate`, `information`) and a
`resolution_link` whose `url` carries the cue's id and its `secret`. `POST /cues/{id}/resolve?secret=…` starts a
reauthenticate action (in progress) with the camelCase `successUrl` and `cancelUrl` and answers `{redirect_url}`,
the sandbox's stand-in for the manufacturer's sign-in (connect.py); `POST /cues/{id}/state?secret=…` reports its
outcome: `success` removes the action, `fail` leaves it to retry, and a cue that is not in progress (never
started, or reported already) is no longer active: 404. `POST /cues/{id}/information/resolve?secret=…` marks an
information action read: it is gone. A wrong secret is 403, a cue of the other code 400. Called with the lock held.
"""

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import ApiError, not_found
from .model import Device
from .seed import needs_reconnection

SECRET = "sandbox"  # noqa: S105 - the sandbox's published secret of every cue it lists
_CUE_ID = re.compile(r"/cues/([^/?]+)(?:/|$)")


def lapsed_with_cues(device_id: str) -> dict[str, Any]:
    """A heat pump whose manufacturer connection lapsed, with a reauthenticate cue (the seed's) and an
    information cue beside it (the `heat_pump_cues=lapsed` reading)."""
    fields = needs_reconnection(device_id)
    info_id = f"c0e00000-0000-4000-8001-{device_id[-12:]}"
    fields["actions"].append(
        {
            "code": "information",
            "title": "New prices from January",
            "message": "Your energy company's prices change on 1 January. Podero plans with the new prices "
            "from then on.",
            "resolution_link": {
                "url": f"/api/partners/v2.0/cues/{info_id}/information/resolve?secret={SECRET}",
                "required_parameters": [],
            },
        }
    )
    return fields


def cue_id_of(action: Any) -> str | None:
    link = action.get("resolution_link") if isinstance(action, dict) else None
    url = link.get("url") if isinstance(link, dict) else None
    if not isinstance(url, str):
        return None
    found = _CUE_ID.search(urlsplit(url).path)
    return found.group(1) if found else None


def secret_of(action: dict[str, Any]) -> str:
    url = action["resolution_link"]["url"]
    return str(parse_qs(urlsplit(str(url)).query).get("secret", [""])[-1])


def find(devices: dict[str, Device], cue_id: str) -> tuple[Device, dict[str, Any]]:
    """The device listing the cue `cue_id`, and its action; 404 when no device lists it."""
    for device in devices.values():
        for action in device.fields.get("actions") or []:
            if cue_id_of(action) == cue_id:
                return device, action
    raise not_found()


def check(action: dict[str, Any], secret: str, code: str) -> None:
    """403 for a secret that is not the cue's, 400 for a cue of the other code."""
    if not secret or secret != secret_of(action):
        raise ApiError(403, {"detail": "The secret is invalid or has expired."})
    if action.get("code") != code:
        raise ApiError(400, {"detail": f"This action is not a {code} action."})


def missing_parameters(action: dict[str, Any], payload: dict[str, Any]) -> None:
    """422 (django-ninja's shape) for each required parameter the body leaves out or sends as no text."""
    required = action["resolution_link"].get("required_parameters") or []
    errors = [
        {"type": "missing", "loc": ["body", "payload", name], "msg": "Field required"}
        for name in required
        if not isinstance(payload.get(name), str) or not payload[name] or len(payload[name]) > 8000
    ]
    if errors:
        raise ApiError(422, {"detail": errors})


def remove(device: Device, cue_id: str) -> None:
    """The action is done: no longer listed; `action_needed` while a reauthenticate action is left."""
    left = [action for action in device.fields.get("actions") or [] if cue_id_of(action) != cue_id]
    device.fields["actions"] = left
    device.fields["action_needed"] = any(action.get("code") == "reauthenticate" for action in left)
