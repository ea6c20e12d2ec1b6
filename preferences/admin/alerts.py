"""What the portal told homeowners: every alert, whether and when it was e-mailed and to whom, dismissed or
resolved. Read-only: the worker raises alerts, the homeowner dismisses them."""

from django.contrib import admin

from preferences.admin.read_only import ReadOnlyAdmin
from preferences.alerts.models import Alert


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin[Alert]):
    list_display = ("raised_at", "homeowner", "kind", "device", "emailed_at", "email_to", "dismissed_at")
    list_select_related = ("homeowner__user", "device")
    list_filter = ("kind",)
    search_fields = ("homeowner__user__email", "key")
    date_hierarchy = "raised_at"
    readonly_fields = (
        "key",
        "homeowner",
        "device",
        "kind",
        "facts",
        "raised_at",
        "emailed_at",
        "email_to",
        "email_language",
        "dismissed_at",
        "resolved_at",
    )
    fields = readonly_fields
