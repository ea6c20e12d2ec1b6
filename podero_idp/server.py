"""The HTTP side of the stand-in identity provider: one thread per connection, the OIDC endpoints (oauth.py does
the protocol through Authlib), the login page, and a control API for the tests (`/_idp/`)."""

import json
import logging
import os
import secrets
import socket
import threading
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from authlib.oauth2 import OAuth2Error
from joserfc import jwt
from joserfc.errors import JoseError

from . import pages
from .customers import customer
from .faults import checked
from .oauth import CLAIM, StandInServer, claims_of, is_portal_address
from .wire import Request

logger = logging.getLogger(__name__)
Answer = tuple[int, Any, list[tuple[str, str]]]
SESSION_COOKIE = "stand_in_idp_session"


class IdpState:
    """The Authlib server, the browser sessions at the provider (cookie -> customer sub) and the sign-outs."""

    def __init__(self, issuer: str, fault: str | None = None) -> None:
        self.issuer = issuer
        self.initial_fault = fault
        self.reset()

    def reset(self) -> None:
        self.oauth = StandInServer(self.issuer)
        self.oauth.fault = self.initial_fault
        self.sessions: dict[str, str] = {}
        self.offers_end_session = True
        self.ended: list[dict[str, Any]] = []

    def discovery(self) -> dict[str, Any]:
        base = self.issuer
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name", CLAIM],
        } | ({"end_session_endpoint": f"{base}/end_session"} if self.offers_end_session else {})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "StandInIdP/1.0"
    server: "IdpHTTPServer"

    def do_GET(self) -> None:
        try:
            self._answer(self._route())
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            logger.exception("stand-in IdP failed on %s %s", self.command, self.path)
            self._answer((500, {"error": "server_error"}, []))

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)

    def _route(self) -> Answer:
        state = self.server.state
        parts = urlsplit(self.path)
        self.query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.form = parse_qs(body, keep_blank_values=True) if self.command == "POST" else {}
        self.raw_body = body
        path = parts.path
        if path == "/.well-known/openid-configuration":
            return 200, state.discovery(), []
        if path == "/jwks":
            return 200, state.oauth.keys.jwks(), []
        if path == "/authorize":
            return self._authorize(parts.query)
        if path == "/token" and self.command == "POST":
            return state.oauth.create_token_response(self._oauth_request())  # type: ignore[no-any-return]
        if path == "/userinfo":
            return self._userinfo()
        if path == "/end_session":
            return self._end_session()
        if path.startswith("/_idp/"):
            return self._control(path.removeprefix("/_idp/"))
        return 404, {"error": "not_found"}, []

    def _oauth_request(self) -> Request:
        return Request(
            self.command, self.server.state.issuer + self.path, self.headers, self.query, self.form
        )

    def _authorize(self, query: str) -> Answer:
        oauth = self.server.state.oauth
        request = self._oauth_request()
        try:
            grant = oauth.get_consent_grant(request, end_user=None)
        except OAuth2Error as error:
            return 400, pages.error_page(f"{error.error}: {error.description or ''}"), []
        if self.command == "GET":
            return 200, pages.login_page(query, self._signed_in_as()), []
        chosen = customer(self._form_value("customer"))
        if self._form_value("cancel") or chosen is None:
            return oauth.create_authorization_response(request, grant_user=None, grant=grant)  # type: ignore[no-any-return]
        try:
            checked(self._form_value("fault"))  # the code keeps it (oauth.CodeGrant)
        except ValueError as refused:
            return 400, pages.error_page(str(refused)), []
        status, body, headers = oauth.create_authorization_response(request, grant_user=chosen, grant=grant)
        session = secrets.token_urlsafe(16)
        self.server.state.sessions[session] = chosen.sub
        cookie = f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax"
        return status, body, [*headers, ("Set-Cookie", cookie)]

    def _userinfo(self) -> Answer:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        grant = self.server.state.oauth.grant_of(token.strip()) if scheme.lower() == "bearer" else None
        if grant is None:
            return 401, {"error": "invalid_token"}, [("WWW-Authenticate", 'Bearer error="invalid_token"')]
        return 200, claims_of(grant.user, grant.scope, grant.fault), []

    def _end_session(self) -> Answer:
        """Ends the provider's session of this browser and, when the ID token hint is one of ours, goes back to
        `post_logout_redirect_uri`."""
        state = self.server.state
        hint = self._form_value("id_token_hint")
        back = self._form_value("post_logout_redirect_uri")
        try:
            token = jwt.decode(hint, state.oauth.keys.signing, algorithms=["RS256"])
        except (JoseError, ValueError):
            return 400, pages.error_page("id_token_hint is not an ID token this provider signed."), []
        session = self._cookie()
        state.sessions.pop(session or "", None)
        state.ended.append({"sub": token.claims.get("sub"), "at": time.time()})
        if is_portal_address(back):
            return 302, "", [("Location", back)]
        return 200, pages.signed_out_page(), []

    def _control(self, what: str) -> Answer:
        state = self.server.state
        if what == "reset" and self.command == "POST":
            state.reset()
            return 204, "", []
        if what == "fault" and self.command == "POST":
            try:
                state.oauth.fault = checked((json.loads(self.raw_body or "{}") or {}).get("fault"))
            except (ValueError, AttributeError) as refused:
                return 400, {"detail": str(refused)}, []
            return 204, "", []
        if what == "end_session" and self.command == "POST":
            state.offers_end_session = bool((json.loads(self.raw_body or "{}") or {}).get("offered", True))
            return 204, "", []
        if what == "ended":
            return 200, state.ended, []
        if what == "sessions":
            return 200, sorted(state.sessions.values()), []
        return 404, {"detail": "no such control"}, []

    def _form_value(self, name: str) -> str:
        values = self.form.get(name) or self.query.get(name) or [""]
        return values[0]

    def _cookie(self) -> str | None:
        jar = SimpleCookie(self.headers.get("Cookie") or "")
        morsel = jar.get(SESSION_COOKIE)
        return morsel.value if morsel else None

    def _signed_in_as(self) -> str | None:
        sub = self.server.state.sessions.get(self._cookie() or "")
        found = customer(sub) if sub else None
        return found.name if found else None

    def _answer(self, answer: Answer) -> None:
        status, body, headers = answer
        if isinstance(body, dict | list):
            payload = json.dumps(body).encode()
            content_type = "application/json"
        else:
            payload = body if isinstance(body, bytes) else str(body).encode()
            content_type = "text/html; charset=utf-8"
        self.send_response(status)
        names = {name.lower() for name, _ in headers}
        if "content-type" not in names:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class IdpHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: IdpState) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.state = state
        super().__init__(address, Handler)


class IdpServer:
    """The stand-in on `host`:`port` (0: a free port). `url` is its issuer."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 8766, fault: str | None = None) -> None:
        # Authlib refuses plain http unless told; the stand-in only listens on this machine.
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
        self.state = IdpState("", checked(fault))
        self.httpd = IdpHTTPServer((host, port), self.state)
        self.state.issuer = self.url
        self.state.reset()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        address, port = self.httpd.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True, name="stand-in-idp")
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.httpd.server_close()
