"""Customer service in the admin: staff see a homeowner's devices and act for them through the same services.

maria is in "Support (act for homeowner)", sam in "Support (read-only)", norm is staff in no group.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

import podero_sandbox as seed
from preferences.admin.roles import SUPPORT_ACT, SUPPORT_READ_ONLY
from preferences.models import Change
from preferences.podero.client import get_client
from tests.conftest import staff_user
from tests.helpers import action_url, podero_path

REASON = "Customer called: away for a week"
DAILY = {"choice": "daily", "ready_by": "06:30", "minimum_charge": "80"}
NO_DEADLINE = {"choice": "none"}
WEEK = {
    "choice": "weekly",
    "timezone": "Europe/Berlin",
    "starts": "mon,wed,thu,sat",
    "mon_percentage": "80",
    "mon_deadline": "07:00",
    "wed_percentage": "70",
    "wed_deadline": "07:30",
    "thu_percentage": "80",
    "thu_deadline": "07:00",
    "sat_percentage": "50",
    "sat_deadline": "10:00",
}

# (admin action, device, sandbox set-up, the homeowner's own URL and form, what Podero must receive, intent)
ACTIONS = [
    pytest.param(
        "pause",
        "alice_heat_pump",
        {},
        ("pause", {}),
        ("PUT", "", {"is_smart_optimization_active": False}),
        Change.Intent.PAUSE_OPTIMIZATION,
        id="pause a heat pump",
    ),
    pytest.param(
        "resume",
        "alice_heat_pump",
        {"is_smart_optimization_active": False},
        ("resume", {}),
        ("PUT", "", {"is_smart_optimization_active": True}),
        Change.Intent.RESUME_OPTIMIZATION,
        id="resume a heat pump",
    ),
    pytest.param(
        "pause",
        "alice_inverter",
        {},
        ("pause", {}),
        ("PUT", "", {"is_smart_optimization_active": False}),
        Change.Intent.PAUSE_OPTIMIZATION,
        id="pause an inverter",
    ),
    pytest.param(
        "optimization_level",
        "alice_heat_pump",
        {"optimization_level": "Mid"},
        ("optimization-level", {"level": "Max"}),
        ("PUT", "", {"optimization_level": "Max"}),
        Change.Intent.SET_OPTIMIZATION_LEVEL,
        id="a heat pump's savings level",
    ),
    pytest.param(
        "smart_charging_off",
        "alice_ev",
        {},
        ("smart-charging-off", {}),
        ("PUT", "", {"is_smart_optimization_active": False}),
        Change.Intent.SMART_CHARGING_OFF,
        id="smart charging off",
    ),
    pytest.param(
        "smart_charging_on",
        "alice_ev",
        {"is_smart_optimization_active": False},
        ("smart-charging-on", {}),
        ("PUT", "", {"is_smart_optimization_active": True}),
        Change.Intent.SMART_CHARGING_ON,
        id="smart charging on",
    ),
    pytest.param(
        "charge_now",
        "alice_ev",
        {},
        ("charge-now", {"confirmed": "yes"}),  # the homeowner's second step; staff's admin asks none
        ("POST", "/boost", None),
        Change.Intent.CHARGE_NOW,
        id="charge now",
    ),
    pytest.param(
        "cancel_boost",
        "alice_ev",
        {},
        ("cancel-boost", {}),
        ("DELETE", "/boost", None),
        Change.Intent.CANCEL_BOOST,
        id="cancel boost",
    ),
    pytest.param(
        "charging_plan",
        "alice_ev",
        {"is_charge_policy_enabled": True},
        ("charging-plan", DAILY),
        ("PUT", "", {"charge_deadline_at": "06:30"}),
        Change.Intent.SET_CHARGE_DEADLINE,
        id="same every day",
    ),
    pytest.param(
        "charging_plan",
        "alice_ev",
        {"is_charge_policy_enabled": True},
        ("charging-plan", NO_DEADLINE),
        ("PUT", "", {"is_charge_policy_enabled": False}),
        Change.Intent.DISABLE_CHARGE_POLICY,
        id="no deadline",
    ),
    pytest.param(
        "charging_plan",
        "alice_ev",
        {"is_charge_policy_enabled": True},
        ("charging-plan", WEEK),
        (
            "PUT",
            "/charge-policy",
            {
                "timezone": "Europe/Berlin",
                "mon": {"charge_percentage": 80, "charge_deadline": "07:00"},
                "tue": {"charge_percentage": 80, "charge_deadline": "07:00"},
                "wed": {"charge_percentage": 70, "charge_deadline": "07:30"},
                "thu": {"charge_percentage": 80, "charge_deadline": "07:00"},
                "fri": {"charge_percentage": 80, "charge_deadline": "07:00"},
                "sat": {"charge_percentage": 50, "charge_deadline": "10:00"},
                "sun": {"charge_percentage": 50, "charge_deadline": "10:00"},
            },
        ),
        Change.Intent.SET_WEEKLY_SCHEDULE,
        id="different on some days",
    ),
]
ACTION_NAMES = [
    ("pause", "alice_heat_pump"),
    ("pause_for_a_while", "alice_heat_pump"),
    ("resume", "alice_heat_pump"),
    ("charge_now", "alice_ev"),
    ("cancel_boost", "alice_ev"),
    ("charging_plan", "alice_ev"),
    ("trip_target", "alice_ev"),
    ("trip_target_cancel", "alice_ev"),
]


def admin_action_url(device, action):
    return reverse(f"admin:preferences_homeowner_{action}", args=[device.homeowner_id, device.podero_id])


def devices_url(homeowner):
    return reverse("admin:preferences_homeowner_devices", args=[homeowner.pk])


def fresh_sandbox(sandbox, **device_setup):
    """The sandbox as seeded, with a new token, and with `device_setup` applied to the named devices."""
    sandbox.reset()
    sandbox.control("POST", "config", {"boost_start_delay": 0})
    cache.clear()
    get_client.cache_clear()
    for device_id, fields in device_setup.items():
        if fields:
            sandbox.set_device(device_id, **fields)


def sent(sandbox):
    return [(w["method"], w["path"], w["json"]) for w in sandbox.writes()]


@pytest.mark.parametrize(
    ("action", "device_fixture", "setup", "homeowner_action", "expected", "intent"), ACTIONS
)
def test_each_admin_action_sends_podero_what_the_homeowner_page_sends_and_leaves_one_audit_record(
    client, sandbox, request, maria, action, device_fixture, setup, homeowner_action, expected, intent
):
    device = request.getfixturevalue(device_fixture)
    fresh_sandbox(sandbox, **{str(device.podero_id): setup})
    client.force_login(device.homeowner.user)
    client.post(action_url(device, homeowner_action[0]), homeowner_action[1])
    from_homeowner = sent(sandbox)
    fresh_sandbox(sandbox, **{str(device.podero_id): setup})
    before = list(Change.objects.values_list("pk", flat=True))
    client.force_login(maria)

    response = client.post(admin_action_url(device, action), {**homeowner_action[1], "reason": REASON})

    assertRedirects(response, devices_url(device.homeowner), fetch_redirect_response=False)
    method, suffix, body = expected
    assert sent(sandbox) == from_homeowner == [(method, podero_path(device, suffix), body)]
    [change] = Change.objects.exclude(pk__in=before)
    assert (change.actor, change.reason, change.homeowner, change.device) == (
        maria,
        REASON,
        device.homeowner,
        device,
    )
    assert (change.intent, change.request_method, change.request_body) == (intent, method, body)
    assert podero_path(device, suffix).endswith(change.request_path)
    assert change.outcome == Change.Outcome.SUCCEEDED
    assert change.finished_at is not None


def test_after_an_action_the_devices_page_says_what_happened(client, sandbox, maria, alice_heat_pump):
    client.force_login(maria)

    response = client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON}, follow=True)

    assertContains(response, "Nibe S-Series: Smart optimization is paused.")
    assertContains(response, "Resume smart optimization")


def test_the_devices_page_shows_the_homeowners_devices_as_podero_reports_them(
    client, sandbox, maria, alice, alice_heat_pump
):
    client.force_login(maria)

    response = client.get(devices_url(alice))

    assert response.status_code == 200
    for name in ("Nibe S-Series", "Tesla Model 3", "Fronius Symo GEN24 10.0 Plus"):
        assertContains(response, name)
    assertContains(response, "Smart optimization")
    assertContains(response, "Pause smart optimization")
    assertContains(response, "Charge now")
    assertContains(response, "Save plan")
    assertContains(response, "No deadline: Podero charges the car whenever electricity is cheapest.")
    assertContains(response, 'name="reason"')


def test_a_podero_failure_is_recorded_with_the_error_and_shown_as_an_admin_error(
    client, sandbox, maria, alice_heat_pump
):
    sandbox.fault(status=503, method="PUT")
    client.force_login(maria)

    response = client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON}, follow=True)

    assertContains(response, "Nothing was changed")
    assertContains(response, 'class="error"')
    [change] = Change.objects.all()
    assert (change.outcome, change.http_status, change.error_kind) == (
        Change.Outcome.FAILED,
        503,
        "PoderoUnavailable",
    )
    assert (change.actor, change.reason) == (maria, REASON)


def test_a_refused_charge_now_is_recorded_with_the_409_reason_and_shown_as_a_warning(
    client, sandbox, maria, alice_ev
):
    sandbox.set_device(seed.ALICE_EV_ID, is_charging=True)
    client.force_login(maria)

    response = client.post(admin_action_url(alice_ev, "charge_now"), {"reason": REASON}, follow=True)

    assertContains(response, "already charging")
    [change] = Change.objects.all()
    assert (change.outcome, change.http_status, change.conflict_reason) == (
        Change.Outcome.REFUSED,
        409,
        "already_charging",
    )


def test_acting_without_a_reason_sends_nothing_and_asks_for_one(client, sandbox, maria, alice_heat_pump):
    client.force_login(maria)

    response = client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": "  "})

    assertContains(response, "This field is required", status_code=422)
    assert sandbox.writes() == []
    assert not Change.objects.exists()


def test_an_invalid_deadline_is_shown_at_its_field_and_nothing_is_sent(client, sandbox, maria, alice_ev):
    client.force_login(maria)

    response = client.post(
        admin_action_url(alice_ev, "charging_plan"), {**DAILY, "minimum_charge": "120", "reason": REASON}
    )

    assertContains(response, "Enter a whole number from 0 to 100", status_code=422)
    assert sandbox.writes() == []


@pytest.mark.parametrize(("action", "device_fixture"), ACTION_NAMES)
def test_read_only_support_gets_403_for_every_action_and_podero_hears_nothing(
    client, sandbox, request, sam, action, device_fixture
):
    device = request.getfixturevalue(device_fixture)
    client.force_login(sam)

    response = client.post(admin_action_url(device, action), {**DAILY, "reason": REASON})

    assert response.status_code == 403
    assert sandbox.requests() == []
    assert not Change.objects.exists()


@pytest.mark.parametrize(("action", "device_fixture"), ACTION_NAMES)
def test_staff_without_a_group_gets_403_for_every_action(
    client, sandbox, request, norm, action, device_fixture
):
    device = request.getfixturevalue(device_fixture)
    client.force_login(norm)

    response = client.post(admin_action_url(device, action), {"reason": REASON})

    assert response.status_code == 403
    assert sandbox.requests() == []


def test_staff_without_a_group_sees_nothing_of_homeowners_or_the_audit_trail(client, sandbox, norm, alice):
    client.force_login(norm)

    assert client.get(devices_url(alice)).status_code == 403
    assert client.get(reverse("admin:preferences_homeowner_changelist")).status_code == 403
    assert client.get(reverse("admin:preferences_change_changelist")).status_code == 403
    assert sandbox.requests() == []


def test_a_homeowner_cannot_reach_the_admin_actions(client, sandbox, alice_heat_pump):
    client.force_login(alice_heat_pump.homeowner.user)

    response = client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert sandbox.requests() == []


def test_read_only_support_sees_the_devices_without_any_action(client, sandbox, sam, alice):
    client.force_login(sam)

    response = client.get(devices_url(alice))

    assertContains(response, "Nibe S-Series")
    assertContains(response, "but not change anything")
    assertNotContains(response, 'name="reason"')
    assertNotContains(response, "Pause smart optimization")


def test_a_device_of_another_homeowner_is_a_404_and_podero_hears_nothing(
    client, sandbox, maria, alice, bob_ev
):
    client.force_login(maria)
    url = reverse("admin:preferences_homeowner_charge_now", args=[alice.pk, bob_ev.podero_id])

    response = client.post(url, {"reason": REASON})

    assert response.status_code == 404
    assert sandbox.requests() == []


def test_an_action_needs_a_post(client, sandbox, maria, alice_heat_pump):
    client.force_login(maria)

    response = client.get(admin_action_url(alice_heat_pump, "pause"))

    assert response.status_code == 405


def test_an_action_without_the_csrf_token_is_refused(sandbox, maria, alice_heat_pump):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(maria)

    response = client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON})

    assert response.status_code == 403
    assert sandbox.requests() == []


def test_when_podero_is_down_the_devices_page_says_so_and_still_lists_recent_changes(
    client, sandbox, maria, alice_heat_pump
):
    client.force_login(maria)
    client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON})
    sandbox.fault(status=503, method="GET")

    response = client.get(devices_url(alice_heat_pump.homeowner))

    assertContains(response, "Podero did not answer for")
    assertContains(response, REASON)


# The homeowner list


@pytest.mark.parametrize(
    "term", ["alice@example.com", "Alice", str(seed.ALICE_USER_ID), str(seed.ALICE_USER_ID)[:8]]
)
def test_support_finds_a_homeowner_by_email_name_or_podero_user_id(client, sam, alice, bob, term):
    client.force_login(sam)

    response = client.get(reverse("admin:preferences_homeowner_changelist"), {"q": term})

    assert list(response.context["cl"].result_list) == [alice]


def test_the_podero_link_is_read_only_without_the_permission_to_change_it(client, alice, django_user_model):
    from django.contrib.auth.models import Permission

    editor = staff_user(django_user_model, "editor@example.com", "Eddie")
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_homeowner", "change_homeowner"])
    )
    client.force_login(editor)
    url = reverse("admin:preferences_homeowner_change", args=[alice.pk])

    page = client.get(url)
    client.post(url, {"podero_user_id": str(seed.BOB_USER_ID), "timezone": "Europe/Vienna"})

    assertNotContains(page, 'name="podero_user_id"')
    alice.refresh_from_db()
    assert (str(alice.podero_user_id), alice.timezone) == (seed.ALICE_USER_ID, "Europe/Vienna")


def test_the_podero_link_is_editable_with_the_permission(client, alice, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:preferences_homeowner_change", args=[alice.pk]))

    assertContains(response, 'name="podero_user_id"')
    assertContains(response, "Devices and actions")


# The audit trail in the admin


@pytest.fixture
def paused_by_maria(client, sandbox, maria, alice_heat_pump):
    client.force_login(maria)
    client.post(admin_action_url(alice_heat_pump, "pause"), {"reason": REASON})
    return Change.objects.get()


@pytest.mark.parametrize("url_name", ["change", "delete"])
def test_nobody_can_change_or_delete_an_audit_record_in_the_admin_not_even_a_superuser(
    client, admin_user, paused_by_maria, url_name
):
    client.force_login(admin_user)
    url = reverse(f"admin:preferences_change_{url_name}", args=[paused_by_maria.pk])

    response = client.post(url, {"reason": "edited", "post": "yes"})

    assert response.status_code == 403
    stored = Change.objects.get()
    assert (stored.reason, stored.outcome) == (REASON, Change.Outcome.SUCCEEDED)


def test_nobody_can_add_or_bulk_delete_audit_records_in_the_admin(client, admin_user, paused_by_maria):
    client.force_login(admin_user)

    add = client.get(reverse("admin:preferences_change_add"))
    client.post(
        reverse("admin:preferences_change_changelist"),
        {"action": "delete_selected", "_selected_action": [paused_by_maria.pk], "post": "yes"},
    )
    changelist = client.get(reverse("admin:preferences_change_changelist"))

    assert add.status_code == 403
    assert Change.objects.count() == 1
    assertNotContains(changelist, "delete_selected")
    assertNotContains(changelist, reverse("admin:preferences_change_add"))


def test_the_audit_record_view_is_read_only_and_shows_the_request_body_as_json(client, sam, paused_by_maria):
    client.force_login(sam)

    response = client.get(reverse("admin:preferences_change_change", args=[paused_by_maria.pk]))

    assert response.status_code == 200
    assertContains(response, "<pre>{\n  &quot;is_smart_optimization_active&quot;: false\n}</pre>", html=False)
    assertContains(response, "Maria Support (support@example.com)")
    assertContains(response, REASON)
    assertNotContains(response, 'type="submit" value="Save"')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"homeowner": "ALICE@example.com"}, 2),
        ({"homeowner": "bob@example.com"}, 0),
        ({"acted_by": "staff"}, 1),
        ({"acted_by": "homeowner"}, 1),
        ({"intent": "pause_optimization"}, 1),
        ({"outcome": "succeeded"}, 2),
        ({"device_kind": "electric-vehicles"}, 0),
    ],
)
def test_the_audit_trail_filters_by_homeowner_actor_intent_outcome_and_device_kind(
    client, sandbox, sam, maria, alice_heat_pump, paused_by_maria, query, expected
):
    client.force_login(alice_heat_pump.homeowner.user)
    client.post(action_url(alice_heat_pump, "resume"))
    client.force_login(sam)

    response = client.get(reverse("admin:preferences_change_changelist"), query)

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


def test_the_actor_filter_lists_staff_who_acted_by_name(client, sam, maria, paused_by_maria):
    client.force_login(sam)

    response = client.get(reverse("admin:preferences_change_changelist"), {"acted_by": str(maria.pk)})

    assert response.context["cl"].result_count == 1
    assertContains(response, "Maria Support (support@example.com)")


def test_the_support_groups_exist_with_exactly_their_permissions(db):
    groups = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.filter(name__in=[SUPPORT_READ_ONLY, SUPPORT_ACT])
    }

    assert groups == {
        SUPPORT_READ_ONLY: [
            "view_absence",
            "view_absencedevice",
            "view_alert",
            "view_change",
            "view_device",
            "view_homeowner",
        ],
        SUPPORT_ACT: [
            "act_for_homeowner",
            "view_absence",
            "view_absencedevice",
            "view_alert",
            "view_change",
            "view_device",
            "view_homeowner",
        ],
    }


def test_the_demo_seed_creates_one_support_login_of_each_kind(db, settings, django_user_model):
    settings.PODERO_BASE_URL = settings.PODERO_SANDBOX_URL
    output = io.StringIO()

    call_command("seed_demo", stdout=output)

    maria = django_user_model.objects.get(username="support@example.com")
    readonly = django_user_model.objects.get(username="support-readonly@example.com")
    assert (maria.first_name, maria.is_staff, maria.is_superuser) == ("Maria", True, False)
    assert [g.name for g in maria.groups.all()] == [SUPPORT_ACT]
    assert [g.name for g in readonly.groups.all()] == [SUPPORT_READ_ONLY]
    assert maria.has_perm("preferences.act_for_homeowner")
    assert not readonly.has_perm("preferences.act_for_homeowner")
    assert "support@example.com" in output.getvalue()


@pytest.mark.parametrize("length", ["3h", "morning", "open"])
def test_staff_pause_for_a_while_as_the_homeowner_does_and_the_page_says_until_when(
    client, sandbox, maria, alice_heat_pump, length
):
    from preferences.devices import timed_pause

    client.force_login(maria)

    response = client.post(
        admin_action_url(alice_heat_pump, "pause_for_a_while"),
        {"reason": REASON, "length": length},
        follow=True,
    )

    pause = timed_pause.active_pause(alice_heat_pump)
    assert pause is not None
    assert (pause.length, pause.created_by) == (length, maria)
    assert sent(sandbox) == [
        ("PUT", podero_path(alice_heat_pump, ""), {"is_smart_optimization_active": False})
    ]
    [change] = Change.objects.all()
    assert (change.actor, change.reason, change.intent) == (maria, REASON, Change.Intent.PAUSE_OPTIMIZATION)
    assertContains(response, "Nibe S-Series: Smart optimization is paused until")
    assertContains(response, "Customer service paused smart optimization until")
    assertContains(response, "Resume smart optimization")


def test_staff_see_the_three_pause_lengths_beside_pause(client, sandbox, maria, alice_heat_pump):
    client.force_login(maria)

    response = client.get(devices_url(alice_heat_pump.homeowner))

    for label in ("Pause for 3 hours", "Pause until tomorrow morning", "Pause until resumed"):
        assertContains(response, label)
