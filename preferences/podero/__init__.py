"""Podero's Partner API, as the portal uses it: `from preferences import podero` for its types and errors.

Callers read typed device states (`podero.ElectricVehicle`, ...), build calls (`podero.calls.start_boost(...)`) and
catch typed errors (`except podero.PoderoConflict`). Podero's field names and states stay in here: a state answers
in the portal's terms (`needs_reconnect`, `boost_requested`). Only the modules that talk to Podero import the
client (`from preferences.podero.client import get_client`).
"""

from . import calls, cues, onboarding
from .calls import Call, DeviceChanges
from .errors import (
    ALREADY_CHARGING,
    FULLY_CHARGED,
    MINIMUM_CHARGE,
    NO_ACTIVE_SESSION,
    READY_BY,
    TIMEZONE,
    Objection,
    PoderoBadResponse,
    PoderoCircuitOpen,
    PoderoConflict,
    PoderoError,
    PoderoNotFound,
    PoderoRedirected,
    PoderoRefused,
    PoderoRejected,
    PoderoUnauthorized,
    PoderoUnavailable,
)
from .insights import EnergyPoint, Savings, SavingsPeriod
from .levels import OptimizationLevel
from .lists import DeviceList, parse_device_list
from .onboarding import DeviceType, OnboardingSession
from .policy import WEEKDAYS, DayTarget, WeeklyChargePolicy
from .sessions import AuthSession, ChargingSession, SessionPage
from .types import (
    DeviceKind,
    DeviceState,
    ElectricVehicle,
    HeatPump,
    HeatPumpMode,
    Inverter,
    parse_device,
    state_class,
)

__all__ = [
    "ALREADY_CHARGING",
    "FULLY_CHARGED",
    "MINIMUM_CHARGE",
    "NO_ACTIVE_SESSION",
    "READY_BY",
    "TIMEZONE",
    "WEEKDAYS",
    "AuthSession",
    "Call",
    "ChargingSession",
    "DayTarget",
    "DeviceChanges",
    "DeviceKind",
    "DeviceList",
    "DeviceState",
    "DeviceType",
    "ElectricVehicle",
    "EnergyPoint",
    "HeatPump",
    "HeatPumpMode",
    "Inverter",
    "Objection",
    "OnboardingSession",
    "OptimizationLevel",
    "PoderoBadResponse",
    "PoderoCircuitOpen",
    "PoderoConflict",
    "PoderoError",
    "PoderoNotFound",
    "PoderoRedirected",
    "PoderoRefused",
    "PoderoRejected",
    "PoderoUnauthorized",
    "PoderoUnavailable",
    "Savings",
    "SavingsPeriod",
    "SessionPage",
    "WeeklyChargePolicy",
    "calls",
    "cues",
    "onboarding",
    "parse_device",
    "parse_device_list",
    "state_class",
]
