"""A stand-in for the energy company's identity provider, speaking OpenID Connect, for local runs and the tests.

Built on Authlib's authorization server: discovery, the authorization code flow with PKCE, RS256-signed ID
tokens, JWKS, userinfo and end_session. Its login page lists demo customers whose customer numbers are those of
the Podero sandbox's users (plus one Podero does not know), and it can answer with a faulty ID token on request
(faults.py). Like the sandbox, tests start it in a thread:

    server = IdpServer(port=0)
    server.start()
    ...  # the portal's OIDC_ISSUER = server.url
    server.stop()
"""

from .customers import CUSTOMERS, UNKNOWN_CUSTOMER, Customer
from .faults import FAULTS
from .oauth import CLIENT_ID, CLIENT_SECRET
from .server import IdpServer

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "CUSTOMERS", "FAULTS", "UNKNOWN_CUSTOMER", "Customer", "IdpServer"]
