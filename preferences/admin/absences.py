"""Homeowners' absences ("I'm away") in the admin: what each paused and how resuming it went; acting support can end
one early."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from preferences.admin.read_only import ReadOnlyAdmin
from preferences.admin.roles import ACT_FOR_HOMEOWNER
from preferences.away import actions as away_actions
from preferences.models import Absence, AbsenceDevice


class AbsenceDeviceInline(admin.TabularInline[AbsenceDevice, Absence]):
    model = AbsenceDevice
    # "Being put back since": the worker is at it, or was cut off (sweeper.py takes over).
    fields = ("device", "setting", "state", "attempts", "updated_at", "claimed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Absence | None = None) -> bool:
        return False


class AbsenceAdmin(ReadOnlyAdmin[Absence]):
    """Homeowners' absences ("I'm away"), with what each paused and how resuming it went. Acting support can end
    one early, which switches everything back on as the homeowner's own "I'm back" button does."""

    list_display = ("homeowner", "returns_at", "status", "created_at")
    list_select_related = ("homeowner__user",)
    list_filter = ("status",)
    search_fields = ("homeowner__user__email", "homeowner__podero_user_id")
    readonly_fields = (
        "homeowner",
        "created_at",
        "created_by",
        "returns_at",
        "status",
        "retry_at",
        "ended_at",
    )
    inlines = [AbsenceDeviceInline]
    actions = ["end_now"]

    def has_act_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(ACT_FOR_HOMEOWNER)

    @admin.action(description=gettext_lazy("End now and switch everything back on"), permissions=["act"])
    def end_now(self, request: HttpRequest, queryset: QuerySet[Absence]) -> None:
        ended = 0
        for absence in queryset.filter(status=Absence.Status.ACTIVE).select_related("homeowner"):
            away_actions.end_absence(absence=absence, actor=request.user, now=timezone.now())
            ended += 1
        message = ngettext("%(count)s absence ended.", "%(count)s absences ended.", ended)
        self.message_user(request, message % {"count": ended})
