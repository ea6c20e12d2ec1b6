"""Pending actions ("cues", podero-api.md §3 `actions[]`, §9.4): a device's reconnect when Podero offers no
`auth_session` for it (heat pumps document none, §14), and the information notes a homeowner marks read.

[DOC] An action has a `code` (`reauthenticate`, `information`) and a `resolution_link` with `url` (carrying the
cue's id and a `secret`, which expires an hour after it is issued) and `required_parameters`. The calls sit below
the API's root, outside the organisation: `POST /cues/{cue_id}/resolve?secret=…` (for `reauthenticate` the body
is camelCase `{successUrl, cancelUrl, language}` → `{redirect_url}`), `POST /cues/{cue_id}/state?secret=…`
(`{state: success|fail}` → `{action_id}`, 404 when the action is no longer active) and `POST
/cues/{cue_id}/information/resolve?secret=…` (→ `{action_id}`).
[INF] The text of an information action is not documented: `title` and `message` (or `description`, `text`) are
read when sent. The link's path is not trusted: only its cue id and secret are taken from it, and the portal
builds the paths itself. The secret goes in the query only (`Call.query`): never into a logged or recorded path.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from .calls import Call, read_write_answer
from .errors import PoderoError, PoderoNotFound, PoderoRefused, PoderoUnauthorized

PATH = "/cues"  # "/…": below the API's root, not the organisation's (client.py)
REAUTHENTICATE, INFORMATION = "reauthenticate", "information"
LANGUAGES = ("sv", "de", "en", "hu", "it", "et", "pl", "ro")
_CUE_ID = re.compile(r"/cues/([A-Za-z0-9_-]{1,64})(?:/|$)")
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TEXT_FIELDS = ("message", "description", "text")
_MAX_TEXT = 500


class CueGone(PoderoNotFound):
    """404 on a cue: the action is no longer active (reported already, or replaced by a newer one)."""


class CueRefused(PoderoRefused):
    """400, 403 or 405 on a cue: Podero refused it as asked (a secret that expired, a cue of another kind, or a
    call Podero does not offer). Nothing was changed."""


@dataclass(frozen=True)
class Cue:
    """One pending action of a device, in the portal's terms: `id` and `secret` from its resolution link."""

    code: str
    id: str
    secret: str
    required: tuple[str, ...] = ()
    title: str = ""
    text: str = ""

    @property
    def is_reconnect(self) -> bool:
        return self.code == REAUTHENTICATE

    @property
    def is_information(self) -> bool:
        return self.code == INFORMATION


@dataclass(frozen=True)
class Cues:
    """A device's pending actions we can act on; others (no link, an unknown code) are left out."""

    all: tuple[Cue, ...] = field(default_factory=tuple)

    @property
    def reconnect(self) -> Cue | None:
        return next((cue for cue in self.all if cue.is_reconnect), None)

    @property
    def information(self) -> list[Cue]:
        return [cue for cue in self.all if cue.is_information]

    def get(self, cue_id: str) -> Cue | None:
        return next((cue for cue in self.all if cue.id == cue_id), None)


def read_cues(actions: Any) -> Cues:
    """A device object's `actions` (a list of `{code, resolution_link: {url, required_parameters}}`)."""
    if not isinstance(actions, list):
        return Cues()
    found = []
    for action in actions:
        cue = _read_cue(action)
        if cue is not None:
            found.append(cue)
    return Cues(tuple(found))


def _read_cue(action: Any) -> Cue | None:
    if not isinstance(action, Mapping) or action.get("code") not in (REAUTHENTICATE, INFORMATION):
        return None
    link = action.get("resolution_link")
    url = link.get("url") if isinstance(link, Mapping) else None
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    found = _CUE_ID.search(parts.path)
    secret = parse_qs(parts.query).get("secret", [""])[-1]
    if found is None or not secret:
        return None
    required = link.get("required_parameters") if isinstance(link, Mapping) else None
    return Cue(
        code=action["code"],
        id=found.group(1),
        secret=secret,
        required=tuple(name for name in required if isinstance(name, str))
        if isinstance(required, list)
        else (),
        title=_text(action.get("title")),
        text=next((_text(action.get(name)) for name in _TEXT_FIELDS if _text(action.get(name))), ""),
    )


def _text(value: Any) -> str:
    return value.strip()[:_MAX_TEXT] if isinstance(value, str) else ""


def is_cue_id(value: str) -> bool:
    """Whether `value` can be a cue's id (it comes back in a return address the browser brings)."""
    return bool(_SAFE_ID.match(value))


@dataclass(frozen=True)
class Started:
    """Where to send the homeowner to reconnect; None when Podero's answer named no address."""

    redirect_url: str | None

    @classmethod
    def from_json(cls, body: Any) -> "Started":
        url = body.get("redirect_url") if isinstance(body, Mapping) else None
        if not isinstance(url, str) or not url.lower().startswith(("https://", "http://")):
            return cls(None)
        return cls(url)


def resolve(cue: Cue, *, success_url: str, cancel_url: str, language: str = "") -> Call[Started | None]:
    """POST /cues/{id}/resolve: start reconnecting at the manufacturer; Podero sends the homeowner back to
    `success_url` or `cancel_url`. A POST, so never retried."""
    body: dict[str, Any] = {"successUrl": success_url, "cancelUrl": cancel_url}
    if language in LANGUAGES:
        body["language"] = language
    for name in cue.required:  # anything else Podero asks for, empty: we know nothing more to say
        body.setdefault(name, {} if name in ("location", "clientInfo") else "")
    path = f"{PATH}/{_safe(cue.id)}/resolve"

    def read(response: requests.Response) -> Started | None:
        return read_write_answer(response, Started.from_json, path=path, what="an address", method="POST")

    return _cue_call(path, body, cue, read)


def report(cue: Cue, *, succeeded: bool) -> Call[None]:
    """POST /cues/{id}/state: how the reconnect went. `success` ends the action, `fail` leaves it to retry."""
    body = {"state": "success" if succeeded else "fail"}
    return _cue_call(f"{PATH}/{_safe(cue.id)}/state", body, cue, _nothing)


def mark_read(cue: Cue) -> Call[None]:
    """POST /cues/{id}/information/resolve: the homeowner read the note; Podero no longer lists it."""
    return _cue_call(f"{PATH}/{_safe(cue.id)}/information/resolve", {}, cue, _nothing)


def _cue_call[T](
    path: str, body: dict[str, Any], cue: Cue, read: Callable[[requests.Response], T]
) -> Call[T]:
    return Call("POST", path, body, 200, read, query={"secret": cue.secret}, refine=_refined)


def _refined(exc: PoderoError) -> PoderoError:
    """A cue's 404 and refusals in its own terms: a 403 there is about the cue's secret, not our credentials."""
    if isinstance(exc, PoderoNotFound) and not isinstance(exc, CueGone):
        return CueGone(str(exc), status=exc.status)
    if exc.status in (400, 403, 405) and isinstance(exc, PoderoRefused | PoderoUnauthorized):
        return CueRefused(str(exc), status=exc.status)
    return exc


def _safe(cue_id: str) -> str:
    if not is_cue_id(cue_id):
        raise ValueError("not a cue id")
    return cue_id


def _nothing(response: requests.Response) -> None:
    return None
