"""The Partner API v2.0 routes and the OAuth2 token endpoint, as the real API answers them."""

import base64
import binascii
import json
from typing import Any
from urllib.parse import parse_qs, unquote

from . import readings, user_lookup, users
from .connect import CONNECT_PATH
from .connect_ui import ONBOARDING_PATH
from .errors import ApiError, method_not_allowed, not_found, unauthorized
from .seed import CLIENT_ID, CLIENT_SECRET
from .state import SandboxState
from .validation import parse_json_object
from .wire import Request, Response, dispatch, no_content, route

TOKEN_PATH = "/oauth2/token/"  # noqa: S105 - a path, not a secret
USER = r"/api/partners/v2\.0/org/(?P<org_id>[^/]+)/users/(?P<user_id>[^/]+)"
# Any kind's path segment: the state answers 404 for a kind it does not serve (model.KINDS).
KIND = r"(?P<kind>[a-z][a-z0-9-]*)"
EV = r"electric-vehicles/(?P<device_id>[^/]+)"
CUE = r"/api/partners/v2\.0/cues/(?P<cue_id>[^/]+)"


def handle(state: SandboxState, request: Request) -> Response:
    try:
        return _dispatch(state, request)
    except ApiError as error:
        return Response(error.status, readings.shape_error(state.readings, error.body), error.headers)


def _dispatch(state: SandboxState, request: Request) -> Response:
    if request.path == TOKEN_PATH:
        if request.method != "POST":
            raise method_not_allowed()
        return issue_token(state, request)
    if not request.path.startswith("/api/"):
        raise not_found()
    _authenticate(state, request)
    return dispatch(ROUTES, state, request)


def issue_token(state: SandboxState, request: Request) -> Response:
    if _grant_type(request) != "client_credentials":
        raise ApiError(400, {"error": "unsupported_grant_type"})
    if _basic_credentials(request.header("authorization")) != (CLIENT_ID, CLIENT_SECRET):
        raise ApiError(401, {"error": "invalid_client"})
    return Response(200, state.issue_token(), {"Cache-Control": "no-store", "Pragma": "no-cache"})


def _grant_type(request: Request) -> str | None:
    content_type = request.header("content-type") or ""
    if "json" in content_type or request.body.lstrip().startswith("{"):
        try:
            payload = json.loads(request.body)
        except ValueError:
            return None
        return payload.get("grant_type") if isinstance(payload, dict) else None
    values = parse_qs(request.body).get("grant_type", [])
    return values[-1] if values else None


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, separator, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if separator else None


def _authenticate(state: SandboxState, request: Request) -> None:
    scheme, _, token = (request.header("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not state.is_token_valid(token.strip()):
        raise unauthorized()


def list_devices(state: SandboxState, request: Request, *, org_id: str, user_id: str, kind: str) -> Response:
    include_deleted = request.query_flag("include_deleted")
    views = state.list_devices(org_id, user_id, kind, include_deleted=include_deleted)
    pages = state.readings.answer("list_pages")
    shaped = readings.shape_device_list(state.readings, kind, views)
    if pages == "array":
        return Response(200, shaped)
    return Response(200, one_page(shaped, request, elsewhere=pages == "next_elsewhere"))


def device_detail(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, kind: str, device_id: str
) -> Response:
    include_deleted = request.query_flag("include_deleted")
    view = state.device_detail(org_id, user_id, kind, device_id, include_deleted=include_deleted)
    return Response(200, readings.shape_device(state.readings, view, kind))


def update_device(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, kind: str, device_id: str
) -> Response:
    payload = parse_json_object(request.body, request.header("content-type"))
    view = state.update_device(org_id, user_id, kind, device_id, payload)
    return readings.write_answer(state.readings, readings.shape_device(state.readings, view, kind))


def start_boost(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    state.start_boost(org_id, user_id, device_id)
    return no_content()


def cancel_boost(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    state.cancel_boost(org_id, user_id, device_id)
    return no_content()


def charge_policy(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    return Response(
        200, readings.shape_policy(state.readings, state.charge_policy(org_id, user_id, device_id))
    )


def update_charge_policy(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    payload = parse_json_object(request.body, request.header("content-type"))
    body = state.update_charge_policy(org_id, user_id, device_id, payload)
    return readings.write_answer(state.readings, readings.shape_policy(state.readings, body))


def current_session(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    return Response(200, state.current_session(org_id, user_id, device_id))


def device_data(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, kind: str, device_id: str
) -> Response:
    return Response(*state.device_data(org_id, user_id, kind, device_id, request))


def device_savings(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, kind: str, device_id: str
) -> Response:
    return Response(200, state.device_savings(org_id, user_id, kind, device_id, request))


def device_statistics(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, kind: str, device_id: str
) -> Response:
    if kind != "heat-pumps":
        raise not_found()  # only heat pumps have /statistics (podero-api.md §4.1)
    return Response(200, state.device_statistics(org_id, user_id, kind, device_id, request))


def charging_sessions(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, device_id: str
) -> Response:
    return Response(200, state.charging_sessions(org_id, user_id, device_id, request))


def start_auth_session(
    state: SandboxState, request: Request, *, org_id: str, user_id: str, kind: str, device_id: str
) -> Response:
    payload = parse_json_object(request.body, request.header("content-type"))
    host = request.header("host") or "127.0.0.1"
    connect_url = f"http://{host}{CONNECT_PATH}"
    return Response(200, state.start_auth_session(org_id, user_id, kind, device_id, payload, connect_url))


def resolve_cue(state: SandboxState, request: Request, *, cue_id: str) -> Response:
    payload = parse_json_object(request.body, request.header("content-type"))
    connect_url = f"http://{request.header('host') or '127.0.0.1'}{CONNECT_PATH}"
    return Response(200, state.resolve_cue(cue_id, _secret(request), payload, connect_url))


def report_cue(state: SandboxState, request: Request, *, cue_id: str) -> Response:
    payload = parse_json_object(request.body, request.header("content-type"))
    return Response(200, state.report_cue(cue_id, _secret(request), payload))


def read_information(state: SandboxState, request: Request, *, cue_id: str) -> Response:
    return Response(200, state.read_information(cue_id, _secret(request)))


def _secret(request: Request) -> str:
    return parse_qs(request.query).get("secret", [""])[-1]


def start_onboarding(state: SandboxState, request: Request) -> Response:
    payload = parse_json_object(request.body, request.header("content-type"))
    return Response(200, state.start_onboarding(payload, _connect_url(request, ONBOARDING_PATH)))


def onboarding_detail(state: SandboxState, request: Request, *, session_id: str) -> Response:
    return Response(200, state.onboarding_detail(session_id, _connect_url(request, ONBOARDING_PATH)))


def _connect_url(request: Request, path: str) -> str:
    return f"http://{request.header('host') or '127.0.0.1'}{path}"


def one_page(items: list[Any], request: Request, *, elsewhere: bool) -> dict[str, Any]:
    """The `page` (from 1) of `items`, one a page, as a paginating API framework wraps it."""
    asked = parse_qs(request.query).get("page", ["1"])[-1]
    page = int(asked) if asked.isdigit() and int(asked) > 0 else 1
    host = "elsewhere.example" if elsewhere else request.header("host")
    link = f"http://{host}{request.path}?page=%d"
    return {
        "count": len(items),
        "next": link % (page + 1) if page < len(items) else None,
        "previous": link % (page - 1) if page > 1 else None,
        "results": items[page - 1 : page],
    }


ROUTES = [
    route(r"/api/partners/v2\.0/org/(?P<org_id>[^/]+)/users", GET=users.list_users, POST=users.create_user),
    route(r"/api/partners/v2\.0/device-onboarding", POST=start_onboarding),
    route(r"/api/partners/v2\.0/device-onboarding/(?P<session_id>[^/]+)", GET=onboarding_detail),
    *user_lookup.ROUTES,
    route(f"{CUE}/resolve", POST=resolve_cue),
    route(f"{CUE}/state", POST=report_cue),
    route(f"{CUE}/information/resolve", POST=read_information),
    route(f"{USER}/{KIND}", GET=list_devices),
    route(f"{USER}/{KIND}/(?P<device_id>[^/]+)", GET=device_detail, PUT=update_device),
    route(f"{USER}/{EV}/boost", POST=start_boost, DELETE=cancel_boost),
    route(f"{USER}/{EV}/charge-policy", GET=charge_policy, PUT=update_charge_policy),
    route(f"{USER}/{EV}/sessions/current", GET=current_session),
    route(f"{USER}/{EV}/sessions", GET=charging_sessions),
    route(f"{USER}/{KIND}/(?P<device_id>[^/]+)/data", GET=device_data),
    route(f"{USER}/{KIND}/(?P<device_id>[^/]+)/savings", GET=device_savings),
    route(f"{USER}/{KIND}/(?P<device_id>[^/]+)/statistics", GET=device_statistics),
    route(f"{USER}/{KIND}/(?P<device_id>[^/]+)/auth_session", POST=start_auth_session),
]
