"""Podero's Partner API, as the portal uses it: `from preferences import podero`.

Callers get a client with `podero.get_client()`, read typed device states (`podero.ElectricVehicle`, ...) and catch
typed errors (`except podero.PoderoConflict`).
"""

from . import calls
from .calls import Call, DeviceChanges
from .client import PoderoClient, get_client
from .errors import (
    PoderoBadResponse,
    PoderoCircuitOpen,
    PoderoConflict,
    PoderoError,
    PoderoNotFound,
    PoderoRedirected,
    PoderoRejected,
    PoderoUnauthorized,
    PoderoUnavailable,
)
from .insights import AuthSession, ChargingSession, EnergyPoint, Savings, SavingsPeriod, SessionPage
from .types import (
    WEEKDAYS,
    DayTarget,
    DeviceKind,
    DeviceList,
    DeviceState,
    ElectricVehicle,
    HeatPump,
    Inverter,
    WeeklyChargePolicy,
    parse_device,
    parse_device_list,
    state_class,
)

__all__ = [
    "WEEKDAYS",
    "AuthSession",
    "Call",
    "ChargingSession",
    "DayTarget",
    "DeviceChanges",
    "DeviceKind",
    "DeviceList",
    "DeviceState",
    "ElectricVehicle",
    "EnergyPoint",
    "HeatPump",
    "Inverter",
    "PoderoBadResponse",
    "PoderoCircuitOpen",
    "PoderoClient",
    "PoderoConflict",
    "PoderoError",
    "PoderoNotFound",
    "PoderoRedirected",
    "PoderoRejected",
    "PoderoUnauthorized",
    "PoderoUnavailable",
    "Savings",
    "SavingsPeriod",
    "SessionPage",
    "WeeklyChargePolicy",
    "calls",
    "get_client",
    "parse_device",
    "parse_device_list",
    "state_class",
]
