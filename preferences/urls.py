"""The homeowner's URLs. A device is `<kind>/<id>/` (devices/kinds.py), each intent a path below it, named by its
verb (intents.py); a kind without that intent answers 404 (devices.views.act)."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from preferences import intents, time_zones
from preferences.alerts import views as alert_views
from preferences.audit import views as audit_views
from preferences.away import views as away_views
from preferences.devices import views
from preferences.devices.kinds import KindConverter
from preferences.onboarding import views as onboarding_views

app_name = "preferences"
if "kind" not in get_converters():  # this module is read again when an intent is added at run time
    register_converter(KindConverter, "kind")

DEVICE = "<kind:kind>/<uuid:device_id>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("time-zones/", time_zones.time_zone_suggestions, name="time-zones"),
    path("changes/<int:change_id>/undo/", audit_views.undo_change, name="change-undo"),
    path(
        "changes/<int:change_id>/restore-schedule/",
        audit_views.restore_schedule,
        name="change-restore-schedule",
    ),
    path("alerts/", alert_views.alert_settings, name="alerts"),
    path("alerts/<int:alert_id>/dismiss/", alert_views.dismiss, name="alert-dismiss"),
    path("away/", away_views.start_absence, name="away-start"),
    path("away/return/", away_views.change_return, name="away-change-return"),
    path("away/end/", away_views.end_absence, name="away-end"),
    path("add-device/", onboarding_views.add_device, name="add-device"),
    path("add-device/<uuid:key>/done/", onboarding_views.added, name="add-device-done"),
    path("add-device/<uuid:key>/cancelled/", onboarding_views.cancelled, name="add-device-cancelled"),
    path(DEVICE, views.device, name="device"),
    path(f"{DEVICE}reconnect/done/", views.reconnect_done, name="reconnect-done"),
    path(f"{DEVICE}reconnect/cancelled/", views.reconnect_cancelled, name="reconnect-cancelled"),
    path(f"{DEVICE}notes/<str:cue_id>/read/", views.mark_read, name="note-read"),
    *(
        path(f"{DEVICE}{intent.url_path}/", views.act, {"verb": intent.verb}, name=intent.verb)
        for intent in intents.all_intents()
    ),
]
