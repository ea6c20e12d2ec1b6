"""The OpenID Connect side, on Authlib: the registered client, authorization codes with PKCE, bearer tokens and
RS256 ID tokens. Authlib validates the requests and builds the codes, tokens and ID tokens; this module only
keeps them (in memory) and says which key signs and which claims go in, faults included (faults.py)."""

import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from joserfc.jwk import KeyParameters, RSAKey

from .customers import Customer
from .wire import Request

CLIENT_ID = "podero-portal"
CLIENT_SECRET = "stand-in-idp-secret"  # noqa: S105 - the stand-in's published demo credentials
CALLBACK_PATH = "/accounts/signin/callback/"
CLAIM = "customer_number"
KID = "stand-in-1"
CODE_SECONDS = 60
TOKEN_SECONDS = 3600
ID_TOKEN_SECONDS = 300
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Client(ClientMixin):  # type: ignore[misc]
    """The portal, registered with its demo secret. Its redirect URI is the portal's sign-in callback on any
    loopback port (tests run the portal on a free port)."""

    def get_client_id(self) -> str:
        return CLIENT_ID

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return is_portal_address(redirect_uri) and urlsplit(redirect_uri).path == CALLBACK_PATH

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret or "", CLIENT_SECRET)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


CLIENT = Client()


def is_portal_address(url: str) -> bool:
    """A page of the portal on this machine: where the stand-in sends the browser back to."""
    parts = urlsplit(url or "")
    return parts.scheme == "http" and parts.hostname in _LOOPBACK


@dataclass
class Code(AuthorizationCodeMixin):  # type: ignore[misc]
    code: str
    redirect_uri: str
    scope: str
    user: Customer
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    fault: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def is_expired(self) -> bool:
        return time.time() > self.auth_time + CODE_SECONDS


@dataclass(frozen=True)
class Grant:
    """What an access token stands for, for userinfo."""

    user: Customer
    scope: str
    fault: str | None
    expires_at: float


class Keys:
    """The signing key the JWKS publishes, and a stranger with the same kid for the bad-signature fault."""

    def __init__(self) -> None:
        parameters: KeyParameters = {"kid": KID, "use": "sig", "alg": "RS256"}
        self.signing = RSAKey.generate_key(2048, parameters=parameters, private=True)
        self.stranger = RSAKey.generate_key(2048, parameters=parameters, private=True)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.signing.as_dict(private=False)]}


def claims_of(user: Customer, scope: str, fault: str | None) -> dict[str, Any]:
    """The person's claims, as the ID token and userinfo carry them."""
    scopes = scope.split()
    claims: dict[str, Any] = {"sub": user.sub}
    if "email" in scopes:
        claims |= {"email": user.email, "email_verified": True}
    if "profile" in scopes:
        claims["name"] = user.name
    if fault == "odd_claim":
        claims[CLAIM] = [user.customer_number, user.customer_number]
    elif fault != "missing_claim":
        claims[CLAIM] = user.customer_number
    return claims


_signing = threading.local()  # the fault of the ID token being signed in this thread


class StandInServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's authorization server with the stand-in's memory: codes, tokens, and the default fault."""

    def __init__(self, issuer: str) -> None:
        super().__init__(scopes_supported=["openid", "email", "profile"])
        self.issuer = issuer
        self.keys = Keys()
        self.lock = threading.Lock()
        self.codes: dict[str, Code] = {}
        self.grants: dict[str, Grant] = {}
        self.fault: str | None = None
        self.register_token_generator(
            "default",
            BearerTokenGenerator(lambda **_: secrets.token_urlsafe(32), expires_generator=TOKEN_SECONDS),
        )
        self.register_grant(CodeGrant, [PkceRequired(), IdToken(self)])

    def query_client(self, client_id: str) -> Client | None:
        return CLIENT if client_id == CLIENT_ID else None

    def save_token(self, token: Mapping[str, Any], request: Request) -> None:
        code = request.authorization_code
        grant = Grant(request.user, token.get("scope", ""), code.fault, time.time() + TOKEN_SECONDS)
        with self.lock:
            self.grants[token["access_token"]] = grant

    def grant_of(self, access_token: str) -> Grant | None:
        with self.lock:
            grant = self.grants.get(access_token)
        return grant if grant is not None and grant.expires_at > time.time() else None

    def create_oauth2_request(self, request: Request) -> Request:
        return request

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, list[tuple[str, str]]]:
        return status, body, list(headers)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        pass


class PkceRequired(CodeChallenge):  # type: ignore[misc]
    """PKCE for every sign-in, the confidential portal's too (Authlib requires it of public clients only), S256
    only: a sign-in without a code challenge is refused at the authorization endpoint."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def __init__(self) -> None:
        super().__init__(required=True)

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("this provider requires PKCE with code_challenge_method=S256")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
    server: StandInServer

    def save_authorization_code(self, code: str, request: Request) -> None:
        data = request.payload.data
        chosen = data.get("fault") or self.server.fault
        with self.server.lock:
            self.server.codes[code] = Code(
                code=code,
                redirect_uri=request.payload.redirect_uri,
                scope=request.payload.scope,
                user=request.user,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                fault=chosen,
            )

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        with self.server.lock:
            found = self.server.codes.get(code)
        return found if found is not None and not found.is_expired() else None

    def delete_authorization_code(self, authorization_code: Code) -> None:
        with self.server.lock:
            self.server.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: Code) -> Customer:
        return authorization_code.user


class IdToken(OpenIDCode):  # type: ignore[misc]
    """The ID token: RS256 with the published key, the issuer, the portal as audience, five minutes long, and
    the nonce the sign-in sent, unless a fault says otherwise."""

    def __init__(self, server: StandInServer) -> None:
        super().__init__(require_nonce=True)
        self.server = server

    def exists_nonce(self, nonce: str, request: Request) -> bool:
        with self.server.lock:
            return any(code.nonce == nonce for code in self.server.codes.values())

    def encode_id_token(self, token: dict[str, Any], request: Request) -> str:
        _signing.fault = request.authorization_code.fault
        try:
            return str(super().encode_id_token(token, request))
        finally:
            _signing.fault = None

    def resolve_client_private_key(self, client: Client) -> RSAKey:
        return self.server.keys.stranger if _signing.fault == "bad_signature" else self.server.keys.signing

    def get_client_algorithm(self, client: Client) -> str:
        return "RS256"

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": "RS256", "kid": KID}

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {"iss": self.server.issuer, "aud": [CLIENT_ID], "iat": now}
        claims["exp"] = now + ID_TOKEN_SECONDS
        if _signing.fault == "wrong_audience":
            claims["aud"] = ["another-client"]
        if _signing.fault == "expired":
            claims |= {"iat": now - 2 * TOKEN_SECONDS, "exp": now - TOKEN_SECONDS}
        return claims

    def get_authorization_code_claims(self, authorization_code: Code) -> dict[str, Any]:
        claims: dict[str, Any] = super().get_authorization_code_claims(authorization_code)
        if authorization_code.fault == "wrong_nonce":
            claims["nonce"] = "not-the-nonce-the-sign-in-sent"
        return claims

    def generate_user_info(self, user: Customer, scope: str) -> UserInfo:
        return UserInfo(claims_of(user, scope, _signing.fault))
