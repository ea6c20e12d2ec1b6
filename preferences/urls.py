from django.urls import path

from preferences import away_views, time_zones, views

app_name = "preferences"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("time-zones/", time_zones.time_zone_suggestions, name="time-zones"),
    path("changes/<int:change_id>/undo/", views.undo_change, name="change-undo"),
    path("changes/<int:change_id>/restore-schedule/", views.restore_schedule, name="change-restore-schedule"),
    path("away/", away_views.start_absence, name="away-start"),
    path("away/return/", away_views.change_return, name="away-change-return"),
    path("away/end/", away_views.end_absence, name="away-end"),
    path("heat-pumps/<uuid:device_id>/", views.heat_pump, name="heat-pump"),
    path(
        "heat-pumps/<uuid:device_id>/optimization/",
        views.heat_pump_optimization,
        name="heat-pump-optimization",
    ),
    path("inverters/<uuid:device_id>/", views.inverter, name="inverter"),
    path(
        "inverters/<uuid:device_id>/optimization/", views.inverter_optimization, name="inverter-optimization"
    ),
    path("electric-vehicles/<uuid:device_id>/", views.electric_vehicle, name="ev"),
    path("electric-vehicles/<uuid:device_id>/charge-now/", views.charge_now, name="ev-charge-now"),
    path("electric-vehicles/<uuid:device_id>/cancel-boost/", views.cancel_boost, name="ev-cancel-boost"),
    path(
        "electric-vehicles/<uuid:device_id>/charge-deadline/",
        views.charge_deadline,
        name="ev-charge-deadline",
    ),
    path(
        "electric-vehicles/<uuid:device_id>/weekly-schedule/",
        views.weekly_schedule,
        name="ev-weekly-schedule",
    ),
]
