"""The identity provider's issuer as a setting (read at start, so nothing here imports Django's models)."""

from urllib.parse import urlsplit

DISCOVERY_PATH = "/.well-known/openid-configuration"
SIGN_IN_CHOICES = ("password", "oidc", "both")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def issuer_of(url: str) -> str:
    """The issuer, from the issuer itself or its discovery URL; `https://` only, except on loopback."""
    url = url.strip().removesuffix(DISCOVERY_PATH).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"={url!r} is not a URL: set it to the issuer, such as https://login.example.com")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise ValueError(f"={url!r} is plain http: the identity provider must be reached over https://")
    return url


def discovery_url(issuer: str) -> str:
    return issuer + DISCOVERY_PATH


def form_action(issuer: str) -> list[str]:
    """The CSP `form-action` sources: the portal, and the provider's origin when there is one, since the sign-out
    form's answer goes on to the provider's end_session_endpoint (a redirect the browser checks against it)."""
    if not issuer:
        return ["'self'"]
    parts = urlsplit(issuer)
    return ["'self'", f"{parts.scheme}://{parts.netloc}"]
