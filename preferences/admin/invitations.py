"""Invitations in the admin: find a customer in Podero's user list (by e-mail or customer number), see what
Podero knows of them (devices, onboarding, last sign-in), and invite them; where the partner wants it
(STAFF_CREATE_PODERO_USERS), create the Podero user with the customer number first.

Inviting creates a homeowner, a new Podero link, so it needs the permission that adding one needs
(`preferences.change_podero_link`).
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preferences import podero
from preferences.invitations.actions import NotInvited, create_and_invite, invite
from preferences.invitations.links import LinkRefused
from preferences.invitations.reads import Found, find_customers, podero_user
from preferences.models import Homeowner

CHANGE_PODERO_LINK = "preferences.change_podero_link"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("E-mail or customer number"), max_length=254, min_length=3, strip=True
    )


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"), choices=settings.LANGUAGES, initial="de"
    )


class InviteForm(forms.Form):
    language = language_field()


class CreateForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    customer_number = forms.CharField(label=gettext_lazy("Customer number"), max_length=100, strip=True)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    language = language_field()

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


def urls(admin_site: admin.AdminSite) -> list[URLPattern]:
    def view(method: Callable[..., HttpResponse], *, post: bool = True) -> Callable[..., HttpResponse]:
        return admin_site.admin_view(require_POST(method) if post else method)

    return [
        path("invite/", view(search_view, post=False), name="preferences_homeowner_invite"),
        path("invite/create/", view(create_view), name="preferences_homeowner_invite_create"),
        path("invite/<uuid:podero_user_id>/", view(invite_view), name="preferences_homeowner_invite_send"),
    ]


def search_view(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = SearchForm(request.GET or None)
    return _page(request, form)


def invite_view(request: HttpRequest, podero_user_id: UUID) -> HttpResponse:
    """Invite the Podero user `podero_user_id`, read again from Podero's list (its e-mail, not the form's)."""
    _allowed(request)
    form = InviteForm(request.POST)
    search = SearchForm({"q": request.POST.get("q", "")})
    if not form.is_valid():
        return _page(request, search, error=_("Choose the language of the invitation."), status=422)
    try:
        customer = podero_user(podero_user_id)
    except podero.PoderoError:
        return _page(request, search, error=_("Podero could not be reached. Nothing was sent."), status=503)
    if customer is None:
        return _page(request, search, error=_("Podero no longer lists this customer."), status=422)
    try:
        link = invite(
            customer,
            language=form.cleaned_data["language"],
            portal_url=_portal_url(request),
            now=timezone.now(),
        )
    except (LinkRefused, NotInvited) as exc:
        return _page(request, search, error=str(exc), status=422)
    messages.success(request, _sent(link.homeowner, created=link.created))
    return _back_to(request, customer.email)


def create_view(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    if not settings.STAFF_CREATE_PODERO_USERS:
        raise PermissionDenied
    form = CreateForm(request.POST)
    search = SearchForm(None)
    if not form.is_valid():
        return _page(request, search, create_form=form, status=422)
    data = form.cleaned_data
    try:
        link = create_and_invite(**data, portal_url=_portal_url(request), now=timezone.now())
    except NotInvited as exc:
        return _page(request, search, create_form=form, error=str(exc), status=422)
    messages.success(request, _sent(link.homeowner, created=True))
    return _back_to(request, data["email"])


def _page(
    request: HttpRequest,
    form: SearchForm,
    *,
    create_form: CreateForm | None = None,
    error: str = "",
    status: int = 200,
) -> TemplateResponse:
    found: Found | None = None
    if form.is_bound and form.is_valid():
        try:
            found = find_customers(form.cleaned_data["q"])
        except podero.PoderoError:
            error = error or _("Podero's list of customers could not be read. Try again in a minute.")
            status = max(status, 503)
    can_create = settings.STAFF_CREATE_PODERO_USERS
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "opts": Homeowner._meta,
        "title": _("Invite a customer"),
        "form": form,
        "found": found,
        "error": error,
        "invite_form": InviteForm(initial={"language": "de" if get_language() == "de" else "en"}),
        "create_form": (create_form or CreateForm()) if can_create else None,
    }
    return TemplateResponse(request, "admin/preferences/homeowner/invite.html", context, status=status)


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm(CHANGE_PODERO_LINK):
        raise PermissionDenied


def _portal_url(request: HttpRequest) -> str:
    return str(settings.PORTAL_URL or request.build_absolute_uri("/"))


def _sent(homeowner: Homeowner, *, created: bool) -> str:
    words = {"email": homeowner.user.email, "language": homeowner.get_language_display()}
    if created:
        return _("Invitation sent to %(email)s (%(language)s). Their login was created.") % words
    return _("Invitation sent again to %(email)s (%(language)s).") % words


def _back_to(request: HttpRequest, query: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:preferences_homeowner_invite") + "?" + urlencode({"q": query}))
