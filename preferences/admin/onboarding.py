"""Staff create the link that adds a device for a homeowner (podero-api.md §9.3), to send them: the same session in
Podero's Connect UI as the homeowner's own "Add a device" starts, with staff's reason, and the homeowner comes back
to their own page that says what happened."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preferences import podero
from preferences.admin.devices import ReasonForm, copy_link_message
from preferences.admin.roles import ACT_FOR_HOMEOWNER
from preferences.devices import notes
from preferences.models import Homeowner
from preferences.onboarding import actions
from preferences.onboarding import words as onboarding_words


class AddDeviceLinkForm(ReasonForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of device"),
        choices=[(code.value, name) for code, (name, _meaning) in onboarding_words.KINDS.items()],
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of Podero's page"), choices=[("de", "Deutsch"), ("en", "English")]
    )
    field_order = ["kind", "language", "reason"]


def add_device_form(data: Any = None) -> AddDeviceLinkForm:
    return AddDeviceLinkForm(data, auto_id="id_add_device_%s", initial={"language": "de"})


class AddDeviceLinkMixin:
    def devices_page(
        self,
        request: HttpRequest,
        homeowner: Homeowner,
        *,
        bound: dict[UUID, dict[str, Form]] | None = None,
        add_form: Form | None = None,
    ) -> HttpResponse:
        raise NotImplementedError

    def add_device_link_view(self, request: HttpRequest, homeowner_id: int) -> HttpResponse:
        if not request.user.has_perm(ACT_FOR_HOMEOWNER):
            raise PermissionDenied
        homeowner = get_object_or_404(Homeowner.objects.select_related("user"), pk=homeowner_id)
        form = add_device_form(request.POST)
        if not form.is_valid():
            return self.devices_page(request, homeowner, add_form=form)
        try:
            row = actions.start(
                homeowner=homeowner,
                device_type=podero.DeviceType(form.cleaned_data["kind"]),
                language=form.cleaned_data["language"],
                success_url=lambda key: request.build_absolute_uri(
                    reverse("preferences:add-device-done", args=[key])
                ),
                cancel_url=lambda key: request.build_absolute_uri(
                    reverse("preferences:add-device-cancelled", args=[key])
                ),
                actor=request.user,
                now=timezone.now(),
                reason=form.cleaned_data["reason"],
            )
        except (*notes.EXPLAINED, podero.PoderoBadResponse) as exc:
            messages.error(request, notes.failure_note(exc).text)
            return self.devices_page(request, homeowner, add_form=form)
        kind = onboarding_words.kind_name(row.device_type)
        intro = _("Send the homeowner this link to add a device (%(kind)s).") % {"kind": kind}
        messages.success(
            request,
            copy_link_message(
                f"{intro} {onboarding_words.valid_until(row)}",
                row.authentication_url,
                _("Link to add a device (%(kind)s)") % {"kind": kind},
            ),
        )
        return redirect("admin:preferences_homeowner_devices", homeowner.pk)
