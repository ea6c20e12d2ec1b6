"""What the portal told homeowners: every alert, whether and when it was e-mailed and to whom, dismissed or
resolved. Read-only: the worker raises alerts, the homeowner dismisses them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from preferences.admin.columns import moment_or_dash
from preferences.admin.read_only import ReadOnlyAdmin
from preferences.alerts.models import Alert


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin[Alert]):
    # Times in the admin's one format (columns.py), as every list writes them.
    list_display = ("raised", "homeowner", "kind", "device", "emailed", "email_to", "dismissed")
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

    @admin.display(description=gettext_lazy("raised"), ordering="raised_at")
    def raised(self, obj: Alert) -> str:
        return moment_or_dash(obj.raised_at)

    @admin.display(description=gettext_lazy("e-mailed"), ordering="emailed_at")
    def emailed(self, obj: Alert) -> str:
        return moment_or_dash(obj.emailed_at)

    @admin.display(description=gettext_lazy("dismissed"), ordering="dismissed_at")
    def dismissed(self, obj: Alert) -> str:
        return moment_or_dash(obj.dismissed_at)
