"""The customer's side: the set-password link of an invitation, and a sign-in that tells a customer whose Podero
user was deleted whom to contact."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import translation

from preferences.invitations.gone import gone_from_podero
from preferences.invitations.tokens import invitation_tokens

INTERNAL_TOKEN = auth_views.INTERNAL_RESET_SESSION_TOKEN


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Django's password-reset confirmation with the invitation's token, saying why a link no longer works."""

    token_generator = invitation_tokens
    template_name = "invitations/set_password.html"
    success_url = reverse_lazy("invitation-done")

    def dispatch(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        token = kwargs["token"]
        if token == self.reset_url_token:
            token = self.request.session.get(INTERNAL_TOKEN)
        user = self.get_user(kwargs["uidb64"])
        self.problem = invitation_tokens.problem(user, token)
        homeowner = getattr(user, "homeowner", None)
        # The page in the invitation's language, unless the customer chose one with the footer's switch.
        if homeowner and homeowner.language and settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            translation.activate(homeowner.language)
            self.request.LANGUAGE_CODE = homeowner.language
        return super().dispatch(*args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"problem": self.problem}


class LoginView(auth_views.LoginView):
    """The password sign-in; a homeowner whose Podero user was deleted gets a page saying whom to contact,
    and is not signed in."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        homeowner = getattr(form.get_user(), "homeowner", None)
        if homeowner is not None and gone_from_podero(homeowner) is not None:
            context = {"contact": settings.CUSTOMER_SERVICE_CONTACT}
            return render(self.request, "invitations/gone_from_podero.html", context, status=403)
        return super().form_valid(form)
