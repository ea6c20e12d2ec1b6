"""The way a request takes through the portal's own code: saving the charging plan and pressing Charge now each
cross at most five of its packages (the concept's, audit, devices, podero, and the responder's), and no module is
entered again while it is still at work further down the same call stack (A calls B, which calls back into A).

Only packages count: the app's own modules (models.py, intents.py, accounts.py, dates.py, ...) are its shared
kernel, and templatetags/ is where Django requires the templates' tags. Only the portal's own code is traced; Django
and the libraries in between are left out of the stack, so a call through Django (a template tag, a form's
clean) counts as a call from the module that asked Django.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import pytest

import podero_sandbox as seed
from tests.helpers import CONFIRMED, HTMX, action_url

TEMPLATE_TAGS = "templatetags"


@dataclass
class Trace:
    packages: set[str] = field(default_factory=set)
    reentries: list[str] = field(default_factory=list)
    _stack: list[tuple[FrameType, str]] = field(default_factory=list)

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        module = frame.f_globals.get("__name__", "")
        if not module.startswith("preferences."):
            return
        if event == "call":
            self._enter(frame, module)
        elif event == "return" and self._stack and self._stack[-1][0] is frame:
            self._stack.pop()

    def _enter(self, frame: FrameType, module: str) -> None:
        package = module.split(".")[1]
        if package != TEMPLATE_TAGS and hasattr(sys.modules.get(f"preferences.{package}"), "__path__"):
            self.packages.add(package)
        modules = [name for _frame, name in self._stack]
        if modules and modules[-1] != module and module in modules:
            self.reentries.append(" → ".join([*modules[modules.index(module) :], module]))
        self._stack.append((frame, module))


@contextmanager
def traced() -> Iterator[Trace]:
    trace = Trace()
    sys.setprofile(trace)
    try:
        yield trace
    finally:
        sys.setprofile(None)


def _plan_save(client: Any, ev: Any) -> Any:
    data = {"choice": "daily", "minimum_charge": "70", "ready_by": "06:30", "timezone": "Europe/Berlin"}
    return client.post(action_url(ev, "charging-plan"), data, headers=HTMX)


def _charge_now(client: Any, ev: Any) -> Any:
    return client.post(action_url(ev, "charge-now"), CONFIRMED, headers=HTMX)


@pytest.mark.parametrize(
    ("ask", "concept"), [(_plan_save, "charging"), (_charge_now, "charging")], ids=["plan", "charge-now"]
)
def test_a_homeowner_s_request_crosses_five_packages_and_never_walks_back(
    client: Any, alice: Any, alice_ev: Any, sandbox: Any, ask: Callable[..., Any], concept: str
) -> None:
    sandbox.set_device(seed.ALICE_EV_ID, is_plugged_in=True, is_charging=False, boost_state="available")
    client.force_login(alice.user)
    client.get(
        action_url(alice_ev, "charging-plan").rsplit("charging-plan/", 1)[0]
    )  # caches warmed as in use

    with traced() as trace:
        response = ask(client, alice_ev)

    assert response.status_code == 200
    assert trace.packages <= {concept, "audit", "devices", "podero"}, trace.packages
    assert trace.reentries == [], "\n".join(trace.reentries)
