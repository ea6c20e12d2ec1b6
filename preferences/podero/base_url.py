"""PODERO_BASE_URL, checked and brought to one form: the host root every path is built on.

Accepted: the host root (`https://app.podero.com`) or the API base the docs name
(`https://app.podero.com/api/partners/v2.0/`, podero-api.md §1), with or without a trailing slash; the API prefix
is then not doubled. Refused, with the reason: anything but an absolute https:// URL, except plain http:// to a
loopback address (the local sandbox), since the client secret and the bearer token travel in every request.
"""

import ipaddress
from urllib.parse import urlsplit, urlunsplit

API_PREFIX = "api/partners/v2.0"


def host_root(url: str) -> str:
    """The host root of `url`, without a trailing slash. Raises ValueError saying what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an absolute https:// address such as https://app.podero.com, not {url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("must be a plain address, without credentials, a query or a fragment")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            f"uses plain http:// to {parts.hostname}: the client secret and every access token would cross the "
            "network unencrypted. Use https:// (plain http:// is only for the local sandbox on loopback)."
        )
    path = parts.path.rstrip("/")
    if path.endswith(f"/{API_PREFIX}"):
        path = path.removesuffix(f"/{API_PREFIX}")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
