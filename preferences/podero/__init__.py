"""Podero's Partner API, as the portal uses it: `from preferences import podero`.

Callers get a client with `podero.get_client()`, read typed results (`podero.ElectricVehicle`, ...) and catch
typed errors (`except podero.PoderoConflict`).
"""

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
    Device,
    DeviceKind,
    DeviceList,
    ElectricVehicle,
    HeatPump,
    Inverter,
    WeeklyChargePolicy,
    parse_device,
    parse_device_list,
)

__all__ = [
    "WEEKDAYS",
    "AuthSession",
    "ChargingSession",
    "DayTarget",
    "Device",
    "DeviceKind",
    "DeviceList",
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
    "get_client",
    "parse_device",
    "parse_device_list",
]
