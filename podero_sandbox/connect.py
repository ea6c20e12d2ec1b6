"""A page standing in for the manufacturer's sign-in, where an auth_session's authentication_url leads.

"Connect" marks the device authenticated again and sends the browser to the session's success_url; "Cancel"
sends it to the cancel_url and changes nothing (podero-api.md §9.3, §9.4). Each session can be used once.
Not part of Podero's API: no bearer token, no faults, not journaled. The Connect UI that adds a device is
connect_ui.py.
"""

import html
from urllib.parse import parse_qs

from . import connect_ui
from .connect_ui import ONBOARDING_PATH
from .state import SandboxState
from .wire import Request, Response

CONNECT_PATH = "/connect/reauthenticate"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body></html>
"""

FORM = """<p>Podero asks to steer your <strong>{name}</strong> again. Sign in to your manufacturer account to allow it.
(This is the Podero sandbox standing in for the manufacturer: no password is needed.)</p>
<form method="post" action="{action}">
<input type="hidden" name="session_id" value="{session_id}">
<button type="submit" name="decision" value="approve">Connect</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form>"""


def is_connect_path(path: str) -> bool:
    return path in (CONNECT_PATH, ONBOARDING_PATH)


def handle(state: SandboxState, request: Request) -> Response:
    if request.path == ONBOARDING_PATH:
        return connect_ui.handle(state, request)  # Podero's own Connect UI, adding a device
    if request.method == "GET":
        session_id = _value(request.query, "session_id")
        session = state.auth_session(session_id)
        if session is None:
            return _page(
                404, "This link is no longer valid", "<p>Start the reconnection again from the portal.</p>"
            )
        body = FORM.format(
            name=html.escape(state.device_name(session.device_id) or "device"),
            action=CONNECT_PATH,
            session_id=html.escape(session.id),
        )
        return _page(200, "Reconnect your device", body)
    if request.method == "POST":
        session_id = _value(request.body, "session_id")
        approved = _value(request.body, "decision") == "approve"
        session = state.finish_auth_session(session_id, approved=approved)
        if session is None:
            return _page(
                404, "This link is no longer valid", "<p>Start the reconnection again from the portal.</p>"
            )
        target = session.success_url if approved else session.cancel_url
        if target:
            return Response(303, headers={"Location": target, "Content-Length": "0"}, raw=b"")
        outcome = "Your device is connected again." if approved else "Nothing was changed."
        return _page(200, "Done", f"<p>{outcome} You can close this page.</p>")
    return _page(405, "Method not allowed", "")


def _value(encoded: str, name: str) -> str:
    values = parse_qs(encoded).get(name, [])
    return values[-1] if values else ""


def _page(status: int, title: str, body: str) -> Response:
    content = PAGE.format(title=html.escape(title), body=body).encode()
    return Response(status, headers={"Content-Type": "text/html; charset=utf-8"}, raw=content)
