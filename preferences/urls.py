"""The homeowner's URLs. A device is `<kind>/<id>/` (kinds.py), each intent a verb below it; a kind without
that intent answers 404 (views._device)."""

from django.urls import path, register_converter

from preferences import away_views, pause_views, reconnect_views, time_zones, views
from preferences.kinds import KindConverter

app_name = "preferences"
register_converter(KindConverter, "kind")

DEVICE = "<kind:kind>/<uuid:device_id>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("time-zones/", time_zones.time_zone_suggestions, name="time-zones"),
    path("changes/<int:change_id>/undo/", views.undo_change, name="change-undo"),
    path("changes/<int:change_id>/restore-schedule/", views.restore_schedule, name="change-restore-schedule"),
    path("away/", away_views.start_absence, name="away-start"),
    path("away/return/", away_views.change_return, name="away-change-return"),
    path("away/end/", away_views.end_absence, name="away-end"),
    path(DEVICE, views.device, name="device"),
    path(f"{DEVICE}pause/", views.pause, name="pause"),
    path(f"{DEVICE}resume/", views.resume, name="resume"),
    path(f"{DEVICE}charge-now/", views.charge_now, name="charge-now"),
    path(f"{DEVICE}cancel-boost/", views.cancel_boost, name="cancel-boost"),
    path(f"{DEVICE}charging-plan/", views.charging_plan, name="charging-plan"),
    path(f"{DEVICE}trip-target/", views.trip_target, name="trip-target"),
    path(f"{DEVICE}trip-target/cancel/", views.cancel_trip_target, name="trip-target-cancel"),
    path(f"{DEVICE}pause-for-a-while/", pause_views.pause_for_a_while, name="pause-for-a-while"),
    path(f"{DEVICE}pause-for-a-while/end/", pause_views.end_pause, name="pause-for-a-while-end"),
    path(f"{DEVICE}reconnect/", reconnect_views.reconnect, name="reconnect"),
    path(f"{DEVICE}reconnect/done/", reconnect_views.reconnect_done, name="reconnect-done"),
    path(f"{DEVICE}reconnect/cancelled/", reconnect_views.reconnect_cancelled, name="reconnect-cancelled"),
]
