"""A stateful stand-in for the Podero Partner API v2.0, for local runs, browser tests and contract tests.

Standard library only (no Django), so tests can start it in a thread:

    server = SandboxServer(port=0, boost_start_delay=0)
    server.start()
    ...  # talk to server.url; inspect server.state
    server.stop()
"""

from . import wallboxes  # the fourth kind: registers itself, its routes and its demo device
from .kinds import register_kind, unregister_kind
from .seed import (
    ALICE_EV_ID,
    ALICE_HEAT_PUMP_ID,
    ALICE_INVERTER_ID,
    ALICE_USER_ID,
    BOB_EV_ID,
    BOB_HEAT_PUMP_ID,
    BOB_USER_ID,
    BOB_WALLBOX_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    ORG_ID,
)
from .server import SandboxServer
from .state import SandboxState

__all__ = [
    "ALICE_EV_ID",
    "ALICE_HEAT_PUMP_ID",
    "ALICE_INVERTER_ID",
    "ALICE_USER_ID",
    "BOB_EV_ID",
    "BOB_HEAT_PUMP_ID",
    "BOB_USER_ID",
    "BOB_WALLBOX_ID",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "ORG_ID",
    "SandboxServer",
    "SandboxState",
    "register_kind",
    "unregister_kind",
    "wallboxes",
]
