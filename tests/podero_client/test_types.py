from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from preferences import podero
from preferences.podero import answers

from .conftest import EV_ID, ev_json, heat_pump_json, inverter_json


def test_device_kinds_are_podero_s_path_segments_each_parsed_by_its_own_state_class():
    assert [(kind.value, podero.state_class(kind)) for kind in podero.DeviceKind] == [
        ("heat-pumps", podero.HeatPump),
        ("electric-vehicles", podero.ElectricVehicle),
        ("inverters", podero.Inverter),
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
    assert ev.display_name == ""  # the portal names the kind instead (kinds.device_name)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "not-a-uuid"),
        ("id", None),
        ("is_smart_optimization_active", "yes"),
        ("is_smart_optimization_active", None),
        ("is_authenticated", 1),
    ],
)
def test_a_device_without_a_readable_id_switch_or_connection_flag_is_unreadable(field, value):
    with pytest.raises(podero.PoderoBadResponse, match=field):
        podero.ElectricVehicle.from_json(ev_json(**{field: value}))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("battery_level", "lots"),
        ("battery_level", True),
        ("is_plugged_in", "true"),
        ("charge_deadline_at", "7 am"),
        ("current_state_last_updated_at", "yesterday"),
    ],
)
def test_any_other_field_we_cannot_read_is_unknown_and_noted(field, value):
    with answers.collecting() as notes:
        ev = podero.ElectricVehicle.from_json(ev_json(**{field: value}))

    assert getattr(ev, field) is None
    assert notes == [f"field {field!r}: unexpected {type(value).__name__} value, read as unknown"]


def test_a_device_model_that_is_no_object_leaves_only_the_name_unknown():
    with answers.collecting() as notes:
        ev = podero.ElectricVehicle.from_json(ev_json(device_model="Tesla"))

    assert ev.display_name == ""  # the portal names the kind instead (kinds.device_name)
    assert notes == ["field 'device_model': unexpected str value, read as unknown"]


@pytest.mark.parametrize(("sent", "read"), [(64.0, 64), (64.4, 64), (64.6, 65), (100, 100), (99.6, 100)])
def test_numbers_documented_as_integers_may_come_with_a_fraction(sent, read):
    assert podero.ElectricVehicle.from_json(ev_json(battery_level=sent)).battery_level == read


@pytest.mark.parametrize(
    ("field", "sent", "read"),
    [("minimum_charge_limit", "60", 60), ("charge_target_max", "80.00", 80), ("battery_level", " 64.6 ", 65)],
)
def test_numbers_may_come_as_strings_as_a_serialised_decimal(field, sent, read):
    assert getattr(podero.ElectricVehicle.from_json(ev_json(**{field: sent})), field) == read


@pytest.mark.parametrize("sent", ["1e3", "nan", "inf", "6O", ""])
def test_a_string_that_is_no_plain_decimal_is_unknown(sent):
    with answers.collecting():
        assert (
            podero.ElectricVehicle.from_json(ev_json(minimum_charge_limit=sent)).minimum_charge_limit is None
        )


@pytest.mark.parametrize(
    "sent", ["06:30", "6:30", "06:30:00", "06:30:00.000", "2024-05-01T06:30:00Z", "2024-05-01T06:30:00+02:00"]
)
def test_a_deadline_as_hh_mm_hh_mm_ss_or_date_time_is_read_as_its_clock_time(sent):
    assert podero.ElectricVehicle.from_json(ev_json(charge_deadline_at=sent)).charge_deadline_at == "06:30"


@pytest.mark.parametrize(
    ("sent", "in_berlin"),
    [
        ("2026-01-05T06:00:00Z", "07:00"),
        ("2026-07-06T05:00:00Z", "07:00"),
        ("2026-01-05T07:00:00+01:00", "07:00"),
        ("07:00+01:00", "07:00"),
        ("07:00:00Z", "08:00" if not datetime.now(ZoneInfo("Europe/Berlin")).dst() else "09:00"),
        ("06:30", "06:30"),
    ],
)
def test_a_deadline_sent_as_a_moment_is_the_time_of_day_in_the_plan_s_zone(sent, in_berlin):
    ev = podero.ElectricVehicle.from_json(ev_json(charge_deadline_at=sent))

    assert ev.deadline_in("Europe/Berlin") == in_berlin


def test_every_optional_field_may_be_null():
    nulls = {
        name: None
        for name in ev_json()
        if name not in ("id", "is_smart_optimization_active", "is_authenticated")
    }

    with answers.collecting() as notes:
        ev = podero.ElectricVehicle.from_json(ev_json(**nulls))

    assert notes == []
    assert (ev.battery_level, ev.charge_deadline_at, ev.is_charge_policy_enabled) == (None, None, False)


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


@pytest.mark.parametrize("sent", [-20, 120, 1e300, "265"])
def test_a_battery_level_outside_0_to_100_is_unknown_and_noted(sent):
    with answers.collecting() as notes:
        ev = podero.ElectricVehicle.from_json(ev_json(battery_level=sent))

    assert ev.battery_level is None
    assert ev.sent_but_unreadable("battery_level")
    assert len(notes) == 1


@pytest.mark.parametrize("sent", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"])
def test_a_moment_at_the_ends_of_time_is_unknown(sent):
    with answers.collecting() as notes:
        ev = podero.ElectricVehicle.from_json(ev_json(current_state_last_updated_at=sent))

    assert ev.current_state_last_updated_at is None
    assert len(notes) == 1
