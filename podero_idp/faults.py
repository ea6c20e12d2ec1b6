"""The faulty answers the stand-in can give, for the tests and for trying the portal's refusal pages by hand.

A fault is chosen per sign-in on the login page, or for every sign-in through the control API
(`POST /_idp/fault {"fault": "expired"}`, `null` to stop) or `--fault` on the command line."""

FAULTS = {
    "bad_signature": "the ID token is signed with a key the JWKS does not hold",
    "wrong_audience": "the ID token is addressed to another client",
    "expired": "the ID token expired an hour ago",
    "missing_claim": "neither the ID token nor userinfo carries the customer number",
    "odd_claim": "the customer number is a list instead of text",
    "wrong_nonce": "the ID token carries another nonce than the sign-in sent",
}


def checked(fault: object) -> str | None:
    """`fault` if it is one of FAULTS, None for none; ValueError otherwise."""
    if fault in (None, ""):
        return None
    if not isinstance(fault, str) or fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; one of {', '.join(FAULTS)}")
    return fault
