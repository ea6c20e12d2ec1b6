"""Customer service in the admin: find a homeowner, see their devices as they do, act for them, read the audit trail.

Staff act through the same service functions as the homeowner's own pages (`services.py`), with their own user as
the actor and a reason the homeowner will read. Who may do what comes from two groups (`roles.py`): read-only
support sees, acting support also acts; every action URL checks `preferences.act_for_homeowner` itself.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from preferences import absences, activity, selectors
from preferences.admin_devices import ACTIONS, DeviceActionsMixin, panel
from preferences.models import Absence, AbsenceDevice, Change, Device, Homeowner
from preferences.roles import ACT_FOR_HOMEOWNER
from preferences.templatetags import portal_time
from preferences.time_zones import TimeZoneField

CHANGE_PODERO_LINK = "preferences.change_podero_link"
# At a 1280 px desk the side menu would take a fifth of the width from the lists; the breadcrumbs lead back.
admin.site.enable_nav_sidebar = False


class HomeownerForm(forms.ModelForm[Homeowner]):
    # Only a real time zone: every page of the homeowner and what Podero is sent depend on it.
    timezone = TimeZoneField(label=gettext_lazy("time zone"))

    class Meta:
        model = Homeowner
        fields = ("user", "podero_user_id", "timezone")


@admin.register(Homeowner)
class HomeownerAdmin(DeviceActionsMixin, admin.ModelAdmin[Homeowner]):
    form = HomeownerForm
    # The email opens what staff come for, the homeowner's devices live from Podero; the trimmed Podero user id
    # opens the homeowner's record (their Podero link and time zone).
    list_display = ("email", "name", "short_podero_user_id", "timezone", "created_at")
    list_display_links = ("short_podero_user_id",)
    list_select_related = ("user",)
    list_filter = ("devices__kind", "timezone", "created_at")
    search_fields = ("user__email", "user__first_name", "user__last_name", "podero_user_id")
    search_help_text = gettext_lazy("Search by email, name or Podero user id")
    fields = ("user", "podero_user_id", "timezone", "created_at")
    raw_id_fields = ("user",)
    change_form_template = "admin/preferences/homeowner/change_form.html"

    @admin.display(description=gettext_lazy("email"), ordering="user__email")
    def email(self, obj: Homeowner) -> str:
        url = reverse("admin:preferences_homeowner_devices", args=[obj.pk])
        title = _("Devices and actions")
        return format_html('<a href="{}" title="{}">{}</a>', url, title, obj.user.email)

    @admin.display(description=gettext_lazy("name"), ordering="user__last_name")
    def name(self, obj: Homeowner) -> str:
        return obj.user.get_full_name()

    @admin.display(description=gettext_lazy("Podero user id"), ordering="podero_user_id")
    def short_podero_user_id(self, obj: Homeowner) -> str:
        return short_id(obj.podero_user_id)

    def get_readonly_fields(self, request: HttpRequest, obj: Homeowner | None = None) -> list[str]:
        fields = ["created_at"]
        if obj is not None:
            fields.append("user")
        if not request.user.has_perm(CHANGE_PODERO_LINK):
            fields.append("podero_user_id")
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A new homeowner is a new Podero link, so adding one needs the same permission as changing it.
        return super().has_add_permission(request) and request.user.has_perm(CHANGE_PODERO_LINK)

    def get_urls(self) -> list[URLPattern]:
        def view(method: Callable[..., HttpResponse], *, post: bool = True) -> Callable[..., HttpResponse]:
            # admin_view: staff login and CSRF; each view then checks its own permission.
            return self.admin_site.admin_view(require_POST(method) if post else method)

        device = "<int:homeowner_id>/devices/<uuid:device_id>"
        urls = [
            path(
                "<int:homeowner_id>/devices/",
                view(self.devices_view, post=False),
                name="preferences_homeowner_devices",
            ),
            path(
                f"{device}/charging-plan/",
                view(self.charging_plan_view),
                name="preferences_homeowner_charging_plan",
            ),
            path(
                f"{device}/trip-target/",
                view(self.trip_target_view),
                name="preferences_homeowner_trip_target",
            ),
            path(
                f"{device}/trip-target/cancel/",
                view(self.cancel_trip_target_view),
                name="preferences_homeowner_trip_target_cancel",
            ),
            path(
                f"{device}/reconnect-link/",
                view(self.reconnect_link_view),
                name="preferences_homeowner_reconnect_link",
            ),
        ]
        urls += [
            path(
                f"{device}/{action}/",
                view(self.act_view),
                {"action": action},
                name=f"preferences_homeowner_{action.replace('-', '_')}",
            )
            for action in ACTIONS
        ]
        # Before the default URLs, whose "<path:object_id>/" would swallow these.
        return urls + super().get_urls()

    def devices_view(self, request: HttpRequest, homeowner_id: int) -> HttpResponse:
        """The homeowner's devices live from Podero, as they see them, with the actions staff may take."""
        homeowner = get_object_or_404(Homeowner.objects.select_related("user"), pk=homeowner_id)
        if not self.has_view_permission(request, homeowner):
            raise PermissionDenied
        return self.devices_page(request, homeowner)

    def devices_page(
        self,
        request: HttpRequest,
        homeowner: Homeowner,
        *,
        bound: dict[UUID, dict[str, Form]] | None = None,
    ) -> TemplateResponse:
        """The page, with `bound` forms (what staff typed, with errors) in place of fresh ones; 422 if any."""
        overview = selectors.device_overview(homeowner)
        rows = {row.podero_id: row for row in Device.objects.filter(homeowner=homeowner)}
        panels = [panel(live, rows.get(live.id), (bound or {}).get(live.id, {})) for live in overview.devices]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Devices of %(homeowner)s") % {"homeowner": homeowner},
            "homeowner": homeowner,
            "panels": panels,
            "failed_kinds": [str(kind) for kind in overview.failed_kinds],
            "can_act": request.user.has_perm(ACT_FOR_HOMEOWNER),
            "changes": recent_changes(homeowner)
            if request.user.has_perm("preferences.view_change")
            else None,
            "changes_url": reverse("admin:preferences_change_changelist")
            + "?"
            + urlencode({HomeownerFilter.parameter_name: homeowner.user.email}),
        }
        return TemplateResponse(
            request, "admin/preferences/homeowner/devices.html", context, status=422 if bound else 200
        )


class HomeownerFilter(admin.SimpleListFilter):
    """By homeowner's email, typed in: a list of every homeowner would be as long as the customer base."""

    title = gettext_lazy("homeowner")
    parameter_name = "homeowner"
    template = "admin/preferences/change/homeowner_filter.html"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        return []

    def has_output(self) -> bool:
        return True

    def queryset(self, request: HttpRequest, queryset: QuerySet[Change]) -> QuerySet[Change]:
        email = (self.value() or "").strip()
        return queryset.filter(homeowner__user__email__iexact=email) if email else queryset

    # Our template also reads the typed email and the other filters, keys Django's own choices do not have.
    def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        yield from [
            {
                "selected": self.value() is None,
                "query_string": changelist.get_query_string(remove=[self.parameter_name]),
                "display": _("All"),
                "parameter_name": self.parameter_name,
                "value": self.value() or "",
                # The other filters, the search and the ordering stay when an email is typed in.
                "other_params": [(k, v) for k, v in changelist.params.items() if k != self.parameter_name],
            }
        ]


class ActorFilter(admin.SimpleListFilter):
    title = gettext_lazy("who acted")
    parameter_name = "acted_by"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        # Only people who acted for someone else: a bounded list, unlike the homeowners themselves.
        acted_for_others = Change.objects.exclude(actor=F("homeowner__user")).values("actor_id")
        staff = get_user_model().objects.filter(pk__in=acted_for_others).order_by("first_name", "username")
        return [
            ("homeowner", _("The homeowner")),
            ("staff", _("Customer service (anyone)")),
            *[(str(user.pk), _staff_label(user)) for user in staff],
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Change]) -> QuerySet[Change]:
        value = self.value()
        if value == "homeowner":
            return queryset.filter(actor=F("homeowner__user"))
        if value == "staff":
            return queryset.exclude(actor=None).exclude(actor=F("homeowner__user"))
        if value and value.isdigit():
            return queryset.filter(actor_id=int(value))
        return queryset


def recent_changes(homeowner: Homeowner) -> list[tuple[Change, str, str, str]]:
    """The homeowner's last changes for staff: (change, who, what, outcome)."""
    changes = Change.objects.filter(homeowner=homeowner).select_related("actor", "device", "homeowner")[:10]
    return [(change, acted_by(change), what_changed(change), outcome_label(change)) for change in changes]


def acted_by(change: Change) -> str:
    """Who asked, for staff: the homeowner, the portal on its own, or the staff member by name and login."""
    if change.actor is None:
        return _("The portal")
    if change.actor_id == change.homeowner.user_id:
        return _("The homeowner")
    return _staff_label(change.actor)


# Why a call failed, by the kind of error recorded, in words staff can repeat to a homeowner.
FAILURE_WORDS = {
    "PoderoUnavailable": gettext_lazy("Podero could not be reached"),
    "PoderoCircuitOpen": gettext_lazy("Podero could not be reached"),
    "PoderoBadResponse": gettext_lazy("Podero's answer could not be read"),
    "PoderoNotFound": gettext_lazy("Podero does not know this device"),
    "PoderoUnauthorized": gettext_lazy("Podero refused the portal's credentials"),
}


def outcome_label(change: Change) -> str:
    """How a change ended, in words: what Podero said, never an error's class name or a bare status code."""
    if change.outcome == Change.Outcome.REFUSED:
        why = activity.REFUSAL_REASONS.get(change.conflict_reason)
        return _("Refused: %(why)s") % {"why": why} if why else _("Refused by Podero")
    if change.outcome == Change.Outcome.REJECTED:
        return _("Not accepted: Podero rejected the values")
    if change.outcome == Change.Outcome.FAILED:
        why = FAILURE_WORDS.get(change.error_kind)
        return _("Failed: %(why)s") % {"why": why} if why else _("Failed, nothing changed")
    return str(change.get_outcome_display())


def what_changed(change: Change) -> str:
    """The intent and the device it was for, e.g. "Charge now · Tesla Model 3"."""
    if change.device is not None:
        device = str(change.device.name or change.get_device_kind_display())
    else:
        device = f"{change.get_device_kind_display()} {short_id(change.device_podero_id)}"
    return f"{change.get_intent_display()}\u00a0· {device}"  # the "·" never starts a line


def short_id(value: object) -> str:
    """A long id trimmed to its first 8 characters, enough to tell ids apart at a glance."""
    text = str(value)
    return f"{text[:8]}…" if len(text) > 9 else text


def _staff_label(user: Any) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin[Change]):
    """The audit trail: every preference change, by homeowners and by staff. Nobody adds, edits or deletes."""

    list_display = ("when", "acted_by", "homeowner", "what", "outcome_label", "why")
    list_display_links = ("when",)
    list_select_related = ("homeowner__user", "device", "actor")
    list_filter = (HomeownerFilter, "device_kind", "intent", "outcome", ActorFilter, "created_at")
    search_fields = ("homeowner__user__email", "device__name", "device_podero_id", "reason")
    search_help_text = gettext_lazy(
        "Search by the homeowner's email, a device's name or Podero id, or a reason"
    )
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("when", "finished", "homeowner", "device_label", "intent")}),
        (gettext_lazy("Who"), {"fields": ("acted_by", "reason")}),
        (
            gettext_lazy("Request to Podero"),
            {"fields": ("request_method", "request_path", "request_body_json")},
        ),
        (gettext_lazy("Outcome"), {"fields": ("outcome_label", "http_status", "conflict_reason", "detail")}),
    )
    readonly_fields = (
        "when",
        "finished",
        "homeowner",
        "device_label",
        "intent",
        "acted_by",
        "reason",
        "request_method",
        "request_path",
        "request_body_json",
        "outcome_label",
        "http_status",
        "conflict_reason",
        "detail",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Change | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Change | None = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("device"), ordering="device_kind")
    def device_label(self, obj: Change) -> str:
        if obj.device is not None:
            return f"{obj.device} ({obj.get_device_kind_display()}, {obj.device_podero_id})"
        return f"{obj.get_device_kind_display()} {obj.device_podero_id}"

    @admin.display(description=gettext_lazy("When"), ordering="created_at")
    def when(self, obj: Change) -> str:
        return portal_time.moment(obj.created_at)

    @admin.display(description=gettext_lazy("Finished"), ordering="finished_at")
    def finished(self, obj: Change) -> str:
        return portal_time.moment(obj.finished_at) if obj.finished_at else _("(no answer)")

    @admin.display(description=gettext_lazy("What"), ordering="intent")
    def what(self, obj: Change) -> str:
        return what_changed(obj)

    @admin.display(description=gettext_lazy("Outcome"), ordering="outcome")
    def outcome_label(self, obj: Change) -> str:
        return outcome_label(obj)

    @admin.display(description=gettext_lazy("Reason"), ordering="reason")
    def why(self, obj: Change) -> str:
        return obj.reason

    @admin.display(description=gettext_lazy("Who"), ordering="actor__username")
    def acted_by(self, obj: Change) -> str:
        return acted_by(obj)

    @admin.display(description=gettext_lazy("request body"))
    def request_body_json(self, obj: Change) -> str:
        if obj.request_body is None:
            return _("(none)")
        return format_html("<pre>{}</pre>", json.dumps(obj.request_body, indent=2, ensure_ascii=False))


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin[Device]):
    """Our record of whose device is whose. Kept in step with Podero's lists, so nobody edits it here."""

    list_display = ("__str__", "kind", "homeowner", "podero_id", "synced_at")
    list_select_related = ("homeowner__user",)
    list_filter = ("kind",)
    search_fields = ("name", "podero_id", "homeowner__user__email")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Device | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Device | None = None) -> bool:
        return False


class AbsenceDeviceInline(admin.TabularInline[AbsenceDevice, Absence]):
    model = AbsenceDevice
    fields = ("device", "setting", "state", "attempts", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Absence | None = None) -> bool:
        return False


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin[Absence]):
    """Homeowners' absences ("I'm away"), with what each paused and how resuming it went. Acting support can end
    one early, which switches everything back on as the homeowner's own "I'm back" button does."""

    list_display = ("homeowner", "returns_at", "status", "created_at")
    list_select_related = ("homeowner__user",)
    list_filter = ("status",)
    search_fields = ("homeowner__user__email", "homeowner__podero_user_id")
    readonly_fields = ("homeowner", "created_at", "created_by", "returns_at", "status", "ended_at")
    inlines = [AbsenceDeviceInline]
    actions = ["end_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Absence | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Absence | None = None) -> bool:
        return False

    def has_act_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(ACT_FOR_HOMEOWNER)

    @admin.action(description=gettext_lazy("End now and switch everything back on"), permissions=["act"])
    def end_now(self, request: HttpRequest, queryset: QuerySet[Absence]) -> None:
        ended = 0
        for absence in queryset.filter(status=Absence.Status.ACTIVE).select_related("homeowner"):
            absences.end_absence(absence=absence, actor=request.user, now=timezone.now())
            ended += 1
        message = ngettext("%(count)s absence ended.", "%(count)s absences ended.", ended)
        self.message_user(request, message % {"count": ended})
