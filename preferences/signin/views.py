"""Starting a sign-in at the energy company, coming back from it, and signing out of both.

The callback turns every refusal into one plain page (problems.py) and one log line; mozilla-django-oidc's own
failure (a redirect to a setting) is not used."""

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from preferences.invitations.views import LoginView

from . import provider
from .problems import TRY_AGAIN, SignInProblem


def oidc_offered() -> bool:
    return bool(settings.OIDC_ISSUER) and settings.SIGN_IN_METHODS in ("oidc", "both")


def refusal(request: HttpRequest, problem: SignInProblem) -> HttpResponse:
    problem.log()
    words = problem.words
    context = {
        "title": words.title,
        "text": words.text % {"customer_number": problem.customer_number},
        "next_step": words.contact or TRY_AGAIN,
        "contact": settings.CUSTOMER_SERVICE_CONTACT if words.contact else "",
    }
    return render(request, "signin/refused.html", context, status=words.status)


class StartSignIn(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider's authorization endpoint (state, nonce and PKCE in the session)."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        if attr in provider.ENDPOINTS:
            return None  # read from discovery in get(): building the view must not call the provider
        return OIDCAuthenticationRequestView.get_settings(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_offered():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except SignInProblem as problem:
            return refusal(request, problem)
        response: HttpResponse = super().get(request)
        return response


class SignInCallback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_offered():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as exc:
            return refusal(request, SignInProblem("state", str(exc)))
        except SignInProblem as problem:
            return refusal(request, problem)
        return response

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error"):
            problem = SignInProblem(
                "cancelled", f"the provider answered error={self.request.GET['error'][:40]}"
            )
        elif "code" in self.request.GET:
            problem = SignInProblem("state", "no sign-in was started in this session")
        else:
            problem = SignInProblem("refused", "the callback came without a code")
        return refusal(self.request, problem)


class SignOut(OIDCLogoutView):  # type: ignore[misc]
    """Ends the portal's session and, after a sign-in at the provider, the provider's (end_session_endpoint).

    POST only (the header's form, with its CSRF token)."""

    http_method_names = ["post"]


class LoginPage(LoginView):
    """The login page with the sign-ins SIGN_IN_METHODS offers: the energy company's account, the email and
    password, or both (the energy company's first). A password sign-in is the invitations' one (it explains a
    customer Podero deleted)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["offers_oidc"] = oidc_offered()
        context["offers_password"] = settings.SIGN_IN_METHODS in ("password", "both")
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.SIGN_IN_METHODS not in ("password", "both"):
            return HttpResponseNotAllowed(["GET"])
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response
