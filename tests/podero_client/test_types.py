from datetime import UTC, datetime

import pytest

from preferences import podero

from .conftest import EV_ID, ev_json, heat_pump_json, inverter_json


def test_device_kinds_are_url_segments_with_labels():
    assert [(kind.value, kind.label) for kind in podero.DeviceKind] == [
        ("heat-pumps", "Heat pump"),
        ("electric-vehicles", "Electric vehicle"),
        ("inverters", "Solar inverter"),
    ]


def test_unknown_fields_are_ignored_but_kept_in_raw():
    ev = podero.ElectricVehicle.from_json(ev_json(brand_new_field={"a": 1}))

    assert ev.raw["brand_new_field"] == {"a": 1}


def test_missing_and_null_optional_fields_become_none_or_their_default():
    data = ev_json(battery_level=None, action_needed=None, is_charge_policy_enabled=None)
    del data["boost_state"], data["device_model"], data["current_state_last_updated_at"]

    ev = podero.ElectricVehicle.from_json(data)

    assert (ev.battery_level, ev.boost_state, ev.current_state_last_updated_at) == (None, None, None)
    assert (ev.action_needed, ev.is_charge_policy_enabled) == (False, False)
    assert ev.manufacturer == ""
    assert ev.display_name == "Electric vehicle"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "not-a-uuid"),
        ("id", None),
        ("is_smart_optimization_active", "yes"),
        ("is_authenticated", 1),
        ("battery_level", "lots"),
        ("battery_level", 64.5),
        ("battery_level", True),
        ("is_plugged_in", "true"),
        ("charge_deadline_at", "7 am"),
        ("current_state_last_updated_at", "yesterday"),
        ("device_model", "Tesla"),
    ],
)
def test_a_wrong_type_in_a_field_we_use_is_a_bad_response(field, value):
    with pytest.raises(podero.PoderoBadResponse, match=field):
        podero.ElectricVehicle.from_json(ev_json(**{field: value}))


def test_whole_number_floats_are_accepted_where_integers_are_expected():
    assert podero.ElectricVehicle.from_json(ev_json(battery_level=64.0)).battery_level == 64


def test_a_deadline_with_seconds_is_read_as_hours_and_minutes():
    assert (
        podero.ElectricVehicle.from_json(ev_json(charge_deadline_at="06:30:00")).charge_deadline_at == "06:30"
    )


def test_a_timestamp_without_a_zone_is_read_as_utc():
    ev = podero.ElectricVehicle.from_json(ev_json(current_state_last_updated_at="2024-05-01T06:15:00"))

    assert ev.current_state_last_updated_at == datetime(2024, 5, 1, 6, 15, tzinfo=UTC)


def test_parse_device_picks_the_class_for_the_kind():
    assert type(podero.parse_device(podero.DeviceKind.HEAT_PUMP, heat_pump_json())) is podero.HeatPump
    assert type(podero.parse_device(podero.DeviceKind.INVERTER, inverter_json())) is podero.Inverter


def test_devices_are_frozen():
    ev = podero.ElectricVehicle.from_json(ev_json())

    with pytest.raises(AttributeError):
        ev.battery_level = 100  # type: ignore[misc]
    assert ev.id == EV_ID
