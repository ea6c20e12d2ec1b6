"""The audit trail in the admin: every preference change, by homeowners and by staff, with who acted, what it was
for and how it ended in words staff can repeat to a homeowner. Nobody adds, edits or deletes."""

import json
from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences.admin.read_only import ReadOnlyAdmin
from preferences.audit import words
from preferences.models import Change, Homeowner
from preferences.templatetags import portal_time


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
    "PoderoRefused": gettext_lazy("Podero refused the request"),
}


def outcome_label(change: Change) -> str:
    """How a change ended, in words: what Podero said, never an error's class name or a bare status code."""
    if change.outcome == Change.Outcome.SUCCEEDED and change.detail == words.ALREADY_SO:
        return _("Already so: made a moment before; nothing sent to Podero")
    if change.outcome == Change.Outcome.REFUSED:
        why = words.REFUSAL_REASONS.get(change.conflict_reason)
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


class ChangeAdmin(ReadOnlyAdmin[Change]):
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
        return words.reason_in_words(obj.reason)

    @admin.display(description=gettext_lazy("Who"), ordering="actor__username")
    def acted_by(self, obj: Change) -> str:
        return acted_by(obj)

    @admin.display(description=gettext_lazy("request body"))
    def request_body_json(self, obj: Change) -> str:
        if obj.request_body is None:
            return _("(none)")
        return format_html("<pre>{}</pre>", json.dumps(obj.request_body, indent=2, ensure_ascii=False))
