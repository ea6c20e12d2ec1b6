"""A page standing in for Podero's white-label Connect UI, where an onboarding session's authentication_url leads
(podero-api.md §9.3): in the session's language (German or English here), it adds the device on "Connect" and
sends the browser to the session's success_url, or to its cancel_url on "Cancel". An expired session's page says
so and leads back to the cancel_url; a session is used once. Not part of Podero's API: no bearer token, no faults,
not journaled.
"""

import html
from urllib.parse import parse_qs

from .state import SandboxState
from .wire import Request, Response

ONBOARDING_PATH = "/connect/onboarding"

WORDS = {
    "en": {
        "title": "Add your device",
        "intro": "Sign in to your manufacturer account to let Podero steer it. (This is the Podero sandbox "
        "standing in for Podero's Connect page: no password is needed.)",
        "kind": "Which device?",
        "connect": "Connect",
        "cancel": "Cancel",
        "expired": "This link has expired",
        "expired_text": "Start adding the device again from the portal.",
        "used": "This link was already used",
        "back": "Back to the portal",
        "gone": "This link is not valid",
        "ev": "Electric vehicle",
        "iv": "Solar inverter",
        "wb": "Wallbox",
        "hp": "Heat pump",
    },
    "de": {
        "title": "Gerät hinzufügen",
        "intro": "Melden Sie sich bei Ihrem Herstellerkonto an, damit Podero das Gerät steuern kann. (Dies ist die "
        "Podero-Sandbox anstelle der Connect-Seite von Podero: kein Passwort nötig.)",
        "kind": "Welches Gerät?",
        "connect": "Verbinden",
        "cancel": "Abbrechen",
        "expired": "Dieser Link ist abgelaufen",
        "expired_text": "Beginnen Sie im Portal noch einmal mit dem Hinzufügen.",
        "used": "Dieser Link wurde schon verwendet",
        "back": "Zurück zum Portal",
        "gone": "Dieser Link ist ungültig",
        "ev": "Elektroauto",
        "iv": "Wechselrichter",
        "wb": "Wallbox",
        "hp": "Wärmepumpe",
    },
}

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body><main><h1>{title}</h1>
{body}
</main></body></html>
"""


def handle(state: SandboxState, request: Request) -> Response:
    values = request.query if request.method == "GET" else request.body
    session_id = _value(values, "onboarding_session_id")
    session = state.onboarding_session(session_id)
    if session is None or request.method not in ("GET", "POST"):
        return _page(404, "en", WORDS["en"]["gone"], "")
    words = WORDS.get(session.language, WORDS["en"])
    if session.finished is not None:
        back = f'<p><a href="{html.escape(session.success_url)}">{words["back"]}</a></p>'
        return _page(410, session.language, words["used"], back)
    if session.expired:
        back = f'<p>{words["expired_text"]}</p><p><a href="{html.escape(session.cancel_url)}">{words["back"]}</a></p>'
        return _page(410, session.language, words["expired"], back)
    if request.method == "GET":
        return _page(200, session.language, words["title"], _form(session.id, session.device_type, words))
    if _value(request.body, "decision") != "connect":
        state.finish_onboarding(session.id, device_type=None)
        return _redirect(session.cancel_url)
    chosen = session.device_type or _value(request.body, "device_type")
    try:
        state.finish_onboarding(session.id, device_type=chosen)
    except ValueError as exc:
        return _page(422, session.language, words["title"], f"<p>{html.escape(str(exc))}</p>")
    return _redirect(session.success_url)


def _form(session_id: str, device_type: str | None, words: dict[str, str]) -> str:
    if device_type:
        kind = f"<p><strong>{words.get(device_type, device_type)}</strong></p>"
    else:
        options = "".join(
            f'<option value="{code}">{words[code]}</option>' for code in ("ev", "iv", "wb", "hp")
        )
        kind = f'<p><label for="device_type">{words["kind"]}</label> <select id="device_type" name="device_type">{options}</select></p>'
    return (
        f"<p>{words['intro']}</p>"
        f'<form method="post" action="{ONBOARDING_PATH}">'
        f'<input type="hidden" name="onboarding_session_id" value="{html.escape(session_id)}">{kind}'
        f'<button type="submit" name="decision" value="connect">{words["connect"]}</button> '
        f'<button type="submit" name="decision" value="cancel">{words["cancel"]}</button></form>'
    )


def _value(encoded: str, name: str) -> str:
    values = parse_qs(encoded).get(name, [])
    return values[-1] if values else ""


def _redirect(url: str) -> Response:
    return Response(303, headers={"Location": url, "Content-Length": "0"}, raw=b"")


def _page(status: int, lang: str, title: str, body: str) -> Response:
    content = PAGE.format(lang=html.escape(lang), title=html.escape(title), body=body).encode()
    return Response(status, headers={"Content-Type": "text/html; charset=utf-8"}, raw=content)
