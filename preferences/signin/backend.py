"""mozilla-django-oidc's authorization code flow (with PKCE, state and nonce), with what it leaves to us: the
provider's endpoints from discovery, the ID token's audience, issuer and expiry checked, each refusal told apart
(problems.py), and the login found or created by the customer-number claim (homeowners.py)."""

from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from preferences.accounts import LoginWithHomeowner

from . import provider
from .homeowners import customer_number_of, homeowner_for
from .problems import SignInProblem


class _Endpoint:
    """An OIDC_OP_* endpoint read from the discovery document when first used, not when the backend is built:
    Django builds every backend for each password login too."""

    def __init__(self, setting: str) -> None:
        self.setting = setting

    def __get__(self, instance: object, owner: type | None = None) -> str:
        return provider.endpoint(self.setting)


class CustomerAccountBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    OIDC_OP_TOKEN_ENDPOINT = _Endpoint("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _Endpoint("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _Endpoint("OIDC_OP_JWKS_ENDPOINT")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent's __init__ without its check that a JWKS endpoint is configured: that would read the
        # discovery document whenever Django builds the backends, for every password login too.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None  # the key comes from the provider's JWKS
        self.UserModel = get_user_model()

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or "code" not in request.GET or "nonce" not in kwargs:
            return None  # a password login: not ours
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            raise SignInProblem("refused", f"the provider refused the code (HTTP {status})") from None
        except requests.RequestException as exc:
            raise SignInProblem(
                "provider_down", f"the provider did not answer: {type(exc).__name__}"
            ) from None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError:
            raise SignInProblem("expired", "the ID token has expired") from None
        except jwt.InvalidTokenError as exc:
            raise SignInProblem("signature", f"the ID token is invalid: {type(exc).__name__}") from None
        except SuspiciousOperation as exc:
            code = "nonce" if "Nonce" in str(exc) else "signature"
            raise SignInProblem(code, str(exc)) from None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SignInProblem("audience", "the ID token is for another client")
        if payload.get("iss") != settings.OIDC_ISSUER:
            raise SignInProblem("issuer", "the ID token is from another issuer")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = dict(self.get_userinfo(access_token, id_token, payload))
        if claims.get("sub") != payload.get("sub"):
            raise SignInProblem("refused", "userinfo is about another subject than the ID token")
        claim = settings.OIDC_CUSTOMER_NUMBER_CLAIM
        number = customer_number_of(payload.get(claim, claims.get(claim)))
        email = claims.get("email") if claims.get("email_verified", True) is True else None
        homeowner = homeowner_for(number, email=email if isinstance(email, str) else None)
        if not homeowner.user.is_active:
            raise SignInProblem("switched_off", "the homeowner's login is inactive")
        return homeowner.user

    def get_user(self, user_id: Any) -> Any:
        return LoginWithHomeowner.get_user(self, user_id)
