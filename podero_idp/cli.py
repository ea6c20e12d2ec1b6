"""The command line shared by `python -m podero_idp` and `manage.py podero_idp`."""

import argparse
import sys
from typing import TextIO

from podero_sandbox.cli import log_requests_to_stderr

from .customers import CUSTOMERS
from .faults import FAULTS
from .oauth import CLAIM, CLIENT_ID, CLIENT_SECRET
from .server import IdpServer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8766, help="port to listen on (default 8766; 0 = any free)"
    )
    parser.add_argument("--fault", choices=sorted(FAULTS), help="answer every sign-in with this fault")


def run(*, host: str, port: int, fault: str | None = None, out: TextIO = sys.stdout) -> None:
    """Serve until Ctrl-C, logging each request to stderr."""
    log_requests_to_stderr(__package__)
    server = IdpServer(host=host, port=port, fault=fault)
    out.write(banner(server.url) + "\n")
    out.flush()
    server.serve_forever()


def banner(url: str) -> str:
    return "\n".join(
        [
            f"Stand-in identity provider (OpenID Connect) on {url}  -  Ctrl-C to stop",
            f"  client       {CLIENT_ID} / {CLIENT_SECRET}",
            f"  claim        {CLAIM}",
            *(f"  customer     {c.customer_number:<13}{c.name} <{c.email}>" for c in CUSTOMERS),
            f"  control API  {url}/_idp/ (reset, fault, end_session, ended, sessions)",
        ]
    )


def logins() -> str:
    """What `make run` prints last: the demo customers to pick on the stand-in's login page."""
    return "\n".join(
        [
            "Sign in with the energy company's account (the stand-in provider's login page lists them):",
            *(f"  {c.name:<14} customer number {c.customer_number}" for c in CUSTOMERS),
            "  (Erin's number is not one Podero knows: she gets the page that says whom to contact)",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m podero_idp", description="Run the stand-in identity provider."
    )
    add_arguments(parser)
    options = parser.parse_args(argv)
    run(host=options.host, port=options.port, fault=options.fault)
