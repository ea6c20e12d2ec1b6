"""Customer service in the admin: find a homeowner, see their devices as they do, act for them, read the audit trail.

Staff ask the same intents as the homeowner's own pages (intents.py, one handler each), with their own user as
the actor and a reason the homeowner will read. Who may do what comes from two groups (`roles.py`): read-only
support sees, acting support also acts; every action URL checks `preferences.act_for_homeowner` itself.

This module holds homeowners and devices; the audit trail is audit.py, absences absences.py, the devices page's
panels and actions devices.py, lists nobody edits read_only.py.
"""

from collections.abc import Callable
from uuid import UUID

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from preferences import intents
from preferences.accounts import podero_user_problem
from preferences.admin import invitations
from preferences.admin.absences import AbsenceAdmin
from preferences.admin.audit import ChangeAdmin, HomeownerFilter, recent_changes, short_id
from preferences.admin.columns import OneTimeFormat
from preferences.admin.devices import DeviceActionsMixin, panel
from preferences.admin.onboarding import AddDeviceLinkMixin, add_device_form
from preferences.admin.read_only import ReadOnlyAdmin
from preferences.admin.roles import ACT_FOR_HOMEOWNER
from preferences.devices.overview import device_overview
from preferences.invitations.gone import standing_after_404
from preferences.models import Absence, Change, Device, Homeowner
from preferences.time_zones import TimeZoneField

CHANGE_PODERO_LINK = "preferences.change_podero_link"
# At a 1280 px desk the side menu would take a fifth of the width from the lists; the breadcrumbs lead back.
admin.site.enable_nav_sidebar = False
admin.site.register(Change, ChangeAdmin)
admin.site.register(Absence, AbsenceAdmin)


class HomeownerForm(forms.ModelForm[Homeowner]):
    # Only a real time zone: every page of the homeowner and what Podero is sent depend on it.
    timezone = TimeZoneField(label=gettext_lazy("time zone"))

    class Meta:
        model = Homeowner
        fields = ("user", "podero_user_id", "timezone")

    def clean_podero_user_id(self) -> UUID | None:
        """A new or changed link must name a user Podero knows in the organisation, or every page of the
        homeowner would fail as if Podero were down."""
        user_id: UUID | None = self.cleaned_data.get("podero_user_id")
        if user_id is None or (self.instance.pk and user_id == self.instance.podero_user_id):
            return user_id
        problem = podero_user_problem(user_id)
        if problem:
            raise forms.ValidationError(problem, code="unknown_podero_user")
        return user_id


@admin.register(Homeowner)
class HomeownerAdmin(DeviceActionsMixin, AddDeviceLinkMixin, OneTimeFormat[Homeowner]):
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
    change_list_template = "admin/preferences/homeowner/change_list.html"

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
            *(
                path(
                    f"{device}/{intent.admin_path}/",
                    view(self.act_view),
                    {"verb": intent.verb},
                    name=intent.admin_url_name,
                )
                for intent in intents.asked_by_staff()
            ),
            path(
                "<int:homeowner_id>/devices/add-device-link/",
                view(self.add_device_link_view),
                name="preferences_homeowner_add_device_link",
            ),
        ]
        # Before the default URLs, whose "<path:object_id>/" would swallow these.
        return urls + invitations.urls(self.admin_site) + super().get_urls()

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
        add_form: Form | None = None,
    ) -> TemplateResponse:
        """The page, with `bound` forms (what staff typed, with errors) in place of fresh ones; 422 if any."""
        overview = device_overview(homeowner)
        rows = {row.podero_id: row for row in Device.objects.filter(homeowner=homeowner)}
        panels = [
            panel(live, rows.get(live.id), (bound or {}).get(live.id, {}), viewer_id=request.user.pk)
            for live in overview.devices
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Devices of %(homeowner)s") % {"homeowner": homeowner},
            "homeowner": homeowner,
            "panels": panels,
            "failed_kinds": [str(kind) for kind in overview.failed_kinds],
            # Every list failed: a user Podero deleted (or never had) is said as such, not as an outage.
            "standing": standing_after_404(homeowner)
            if overview.failed_kinds and not overview.devices
            else None,
            "can_act": request.user.has_perm(ACT_FOR_HOMEOWNER),
            "add_device_form": add_form or add_device_form(),
            "changes": recent_changes(homeowner)
            if request.user.has_perm("preferences.view_change")
            else None,
            "changes_url": reverse("admin:preferences_change_changelist")
            + "?"
            + urlencode({HomeownerFilter.parameter_name: homeowner.user.email}),
        }
        return TemplateResponse(
            request,
            "admin/preferences/homeowner/devices.html",
            context,
            status=422 if bound or add_form else 200,
        )


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin[Device]):
    """Our record of whose device is whose. Kept in step with Podero's lists, so nobody edits it here."""

    list_display = ("__str__", "kind", "homeowner", "podero_id", "synced_at")
    list_select_related = ("homeowner__user",)
    list_filter = ("kind",)
    search_fields = ("name", "podero_id", "homeowner__user__email")
