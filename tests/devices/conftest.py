"""A kind of device the portal has never seen, a home battery, registered for a test as its own files would: its
state class (as podero/types.py would hold it), its entry in the registry (devices/kinds.py), its German name (as
the catalogue would hold it), and the sandbox's register_kind."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils.translation import gettext_lazy, trans_real

import podero_sandbox as seed
from podero_sandbox.model import Device as SandboxDevice
from podero_sandbox.seed import _common_fields  # the fields every sandbox device has
from podero_sandbox.validation import boolean
from preferences import podero
from preferences.devices import kinds

KIND = "home-batteries"
BATTERY_ID = "0a11ce00-ba77-4000-8000-000000000001"


@pytest.fixture
def home_batteries(sandbox: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[kinds.Kind]:
    @dataclass(frozen=True, kw_only=True)
    class HomeBattery(podero.DeviceState):  # registers its parser for "home-batteries"
        kind = KIND

    def key_state(state: podero.DeviceState) -> str:
        return "Storing the sun for the evening"

    kind = kinds.register(kinds.Kind(slug=KIND, name=gettext_lazy("Home battery"), key_state=key_state))
    seed.register_kind(
        KIND,
        writable={"is_smart_optimization_active": boolean},
        build=lambda device_id, owner_id: SandboxDevice(
            kind=KIND, owner_id=owner_id, fields=_common_fields(device_id, seed_model())
        ),
    )
    state = sandbox.server.state
    with state.lock:
        state.devices[BATTERY_ID] = seed.seed.device_of_kind(KIND, BATTERY_ID, seed.ALICE_USER_ID)
    monkeypatch.setitem(trans_real.translation("de")._catalog._catalogs[0], "Home battery", "Heimspeicher")
    yield kind
    kinds.unregister(KIND)
    seed.unregister_kind(KIND)
    podero.types._STATE_CLASSES.pop(KIND, None)


def seed_model() -> Any:
    from podero_sandbox.seed import DeviceModel

    return DeviceModel(
        "battery", "Home Battery", "Sonnen", "eco 10", 2024, "c10d5e00-0000-4000-8000-0000000ba77e"
    )
