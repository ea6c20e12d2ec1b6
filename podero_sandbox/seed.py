"""Demo data with fixed ids, so the portal's demo data and tests can refer to them."""

from collections.abc import Callable
from typing import Any, NamedTuple

from .clock import iso_ago
from .model import ELECTRIC_VEHICLES, HEAT_PUMPS, INVERTERS, WEEKDAYS, Device, User

ORG_ID = "8d4c6a52-3f1e-4b7a-9c2d-5e6f7a8b9c0d"
CLIENT_ID = "sandbox-client"
CLIENT_SECRET = "sandbox-secret"  # noqa: S105 - the sandbox's published demo credentials

ALICE_USER_ID = "0a11ce00-0000-4000-8000-000000000001"
ALICE_HEAT_PUMP_ID = "0a11ce00-4ea7-4000-8000-000000000001"
ALICE_EV_ID = "0a11ce00-00e7-4000-8000-000000000001"
ALICE_INVERTER_ID = "0a11ce00-501a-4000-8000-000000000001"
ALICE_BUILDING_ID = "0a11ce00-b1d6-4000-8000-000000000001"

BOB_USER_ID = "0b0b0000-0000-4000-8000-000000000002"
BOB_HEAT_PUMP_ID = "0b0b0000-4ea7-4000-8000-000000000002"
BOB_EV_ID = "0b0b0000-00e7-4000-8000-000000000002"
BOB_BUILDING_ID = "0b0b0000-b1d6-4000-8000-000000000002"
BOB_WALLBOX_ID = "0b0b0000-00b0-4000-8000-000000000002"

DEFAULT_TIMEZONE = "Europe/Berlin"


class DeviceModel(NamedTuple):
    short_name: str
    long_name: str
    manufacturer: str
    model: str
    year: int
    cloud_service: str


HEAT_PUMP_AIR_TO_WATER = ("hp_atw", "Heat Pump (Air-to-Water)")
NIBE = DeviceModel(*HEAT_PUMP_AIR_TO_WATER, "Nibe", "S-Series", 2022, "c10d5e00-0000-4000-8000-00000000a1be")
VAILLANT = DeviceModel(
    *HEAT_PUMP_AIR_TO_WATER, "Vaillant", "aroTHERM plus", 2021, "c10d5e00-0000-4000-8000-0000000a111a"
)
TESLA = DeviceModel(
    "ev", "Electric Vehicle", "Tesla", "Model 3", 2023, "c10d5e00-0000-4000-8000-0000000e5a00"
)
VW = DeviceModel("ev", "Electric Vehicle", "Volkswagen", "ID.4", 2022, "c10d5e00-0000-4000-8000-0000000000a4")
FRONIUS = DeviceModel(
    "inverter",
    "Solar Inverter",
    "Fronius",
    "Symo GEN24 10.0 Plus",
    2023,
    "c10d5e00-0000-4000-8000-00000f0010a5",
)


def seed_users() -> dict[str, User]:
    users = [
        User(
            ALICE_USER_ID,
            "alice@example.com",
            "Alice",
            "Example",
            "portal-alice",
            is_onboarded=True,
            last_login=iso_ago(days=2),
            joined_at=iso_ago(days=120),
        ),
        User(
            BOB_USER_ID,
            "bob@example.com",
            "Bob",
            "Example",
            "portal-bob",
            is_onboarded=True,
            joined_at=iso_ago(days=90),
        ),
    ]
    return {user.id: user for user in users}


def seed_devices() -> dict[str, Device]:
    devices = [
        heat_pump(ALICE_HEAT_PUMP_ID, ALICE_USER_ID, building=ALICE_BUILDING_ID),
        electric_vehicle(ALICE_EV_ID, ALICE_USER_ID, building=ALICE_BUILDING_ID),
        inverter(ALICE_INVERTER_ID, ALICE_USER_ID, building=ALICE_BUILDING_ID),
        heat_pump(
            BOB_HEAT_PUMP_ID,
            BOB_USER_ID,
            model=VAILLANT,
            building=BOB_BUILDING_ID,
            is_smart_optimization_active=False,
            optimization_level="Low",
            current_mode="low",
            indoor_actual_temperature=20.4,
            indoor_target_temperature=20.5,
            indoor_target_temperature_offset=0.0,
            current_power_consumption_w=1240,
            # The demo's device whose manufacturer connection has lapsed: the homeowner must reconnect it.
            **needs_reconnection(BOB_HEAT_PUMP_ID),
        ),
        electric_vehicle(
            BOB_EV_ID,
            BOB_USER_ID,
            model=VW,
            building=BOB_BUILDING_ID,
            is_plugged_in=False,
            battery_level=38,
            battery_capacity_kwh=77.0,
            driving_range=175,
            is_charge_policy_enabled=True,
            charge_deadline_at="06:30",
            minimum_charge_limit=70,
            charge_target_max=80,
        ),
    ]
    if "wallboxes" in BUILDERS:  # the demo's wallbox (wallboxes.py registers the kind)
        devices.append(device_of_kind("wallboxes", BOB_WALLBOX_ID, BOB_USER_ID))
    return {device.id: device for device in devices}


def heat_pump(device_id: str, owner_id: str, *, model: DeviceModel = NIBE, **overrides: Any) -> Device:
    fields = _common_fields(device_id, model) | {
        "current_mode": "mid",
        "optimization_level": "Mid",
        "current_power_consumption_w": 2341,
        "outdoor_temperature": 4.5,
        "indoor_actual_temperature": 21.3,
        "indoor_target_temperature": 21.5,
        "indoor_target_temperature_offset": 1.5,
        "inlet_temperature": 33.8,
        "outlet_temperature": 38.9,
        "dhw_temperature": 47.2,
        "dhw_standard_temperature": 48.0,
        "is_hot_water_heating_enabled": True,
        "is_space_heating_enabled": True,
        "is_pool_heating_enabled": False,
        "is_space_cooling_enabled": False,
        "heating_policy_name": "Comfort",
        "is_heating_policy_enabled": True,
        "maximum_temperature_limit": 23.5,
        "minimum_temperature_limit": 19.5,
        "minimum_dhw_temperature_limit": 40.0,
        "is_away_mode_enabled": False,
        "away_mode_start": None,
        "away_mode_end": None,
        "away_mode_minimum_temperature_limit": 16.0,
    }
    return Device(kind=HEAT_PUMPS, owner_id=owner_id, fields=fields | overrides)


def electric_vehicle(
    device_id: str, owner_id: str, *, model: DeviceModel = TESLA, **overrides: Any
) -> Device:
    fields = (
        _common_fields(device_id, model)
        | {
            "current_mode": None,
            "charge_target_min": 20,
            "charge_target_max": 90,
            "is_charge_policy_enabled": False,
            "charge_policy_last_updated_at": iso_ago(days=12),
            "minimum_charge_limit": 80,
            "charge_deadline_at": "07:00",
            "is_over_charge_allowed": False,
            "is_plugged_in": True,
            "is_charging": False,
            "charge_rate_w": 0,
            "battery_level": 54,
            "battery_capacity_kwh": 75.0,
            "is_fully_charged": False,
            "driving_range": 265,
        }
        | overrides
    )
    device = Device(kind=ELECTRIC_VEHICLES, owner_id=owner_id, fields=fields)
    device.charge_policy = daily_policy(fields["minimum_charge_limit"], fields["charge_deadline_at"])
    return device


def inverter(device_id: str, owner_id: str, *, model: DeviceModel = FRONIUS, **overrides: Any) -> Device:
    fields = _common_fields(device_id, model) | {
        "current_mode": None,
        "solar_power_rating_kw": 10.0,
        "is_battery_connected": True,
        "battery_capacity_kwh": 10.0,
        "min_battery_charge": 20.0,
        "max_battery_charge": 90.0,
        "current_solar_production_w": 4320,
        "household_consumption_w": 1150,
        "battery_charge_discharge_power_w": -1200,
        "current_power_to_grid_w": 1970,
        "battery_charge_level_percent": 68,
        "solar_surplus_w": 3170,
    }
    return Device(kind=INVERTERS, owner_id=owner_id, fields=fields | overrides)


def needs_reconnection(device_id: str) -> dict[str, Any]:
    """The fields of a device whose manufacturer login has expired (podero-api.md §3, §9.4)."""
    cue_id = f"c0e00000-0000-4000-8000-{device_id[-12:]}"
    return {
        "is_authenticated": False,
        "connection_status": "error",
        "steering_status": "error",
        "lifecycle_state": "error",
        "lifecycle_error": "The manufacturer refused the stored login.",
        "action_needed": True,
        "actions": [
            {
                "code": "reauthenticate",
                "resolution_link": {
                    "url": f"/api/partners/v2.0/cues/{cue_id}/resolve?secret=sandbox",
                    "required_parameters": ["successUrl", "cancelUrl"],
                },
            }
        ],
    }


def device_of_kind(kind: str, device_id: str, owner_id: str) -> Device:
    return BUILDERS[kind](device_id, owner_id)


# How to build a demo device of each kind; kinds.register_kind adds one.
BUILDERS: dict[str, Callable[[str, str], Device]] = {
    HEAT_PUMPS: heat_pump,
    ELECTRIC_VEHICLES: electric_vehicle,
    INVERTERS: inverter,
}


def daily_policy(percentage: int, deadline: str, timezone: str = DEFAULT_TIMEZONE) -> dict[str, Any]:
    days: dict[str, Any] = {
        day: {"charge_percentage": percentage, "charge_deadline": deadline} for day in WEEKDAYS
    }
    return days | {"timezone": timezone}


def _common_fields(device_id: str, model: DeviceModel) -> dict[str, Any]:
    return {
        "connection_status": "ok",
        "monitoring_status": "ok",
        "steering_status": "ok",
        "device_model": {
            "device_type": {"short_name": model.short_name, "long_name": model.long_name},
            "manufacturer": model.manufacturer,
            "model": model.model,
            "cloud_service_instructions": f"Sign in with your {model.manufacturer} account to connect it.",
            "cloud_service_signup_link": "",
            "year": model.year,
            "cloud_service": model.cloud_service,
        },
        "owner": None,
        "created_at": iso_ago(days=120),
        "updated_at": iso_ago(days=3),
        "price_zone": "DE_LU",
        "id": device_id,
        "deleted_at": None,
        "lifecycle_state": "authenticated",
        "lifecycle_error": None,
        "building": None,
        "pause_power_until": None,
        "is_pause_power_active": False,
        "external_device_id": "",
        "is_authenticated": True,
        "is_smart_optimization_active": True,
        "optimization_score": 0.82,
        "comment": "",
        "current_state_last_updated_at": iso_ago(minutes=4),
        "last_monitoring_executed_at": iso_ago(minutes=2),
        "is_inverter_forced_mode_enabled": False,
        "is_inverter_forced_mode_active": False,
        "inverter_forced_mode_since": "0001-01-01T00:00:00Z",
        "is_forecasting_enabled": True,
        "is_trading_enabled": False,
        "actual_steering_state": "unknown",
        "action_needed": False,
        "actions": [],
    }
