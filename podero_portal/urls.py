from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from podero_portal.metrics_view import metrics
from podero_portal.password_reset_throttling import ThrottledPasswordResetView
from preferences.accounts import EmailAuthenticationForm
from preferences.invitations import views as invitations
from preferences.signin.views import LoginPage, SignOut

urlpatterns = [
    path(
        "accounts/login/",
        LoginPage.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/invitation/<uidb64>/<token>/", invitations.SetPasswordView.as_view(), name="invitation"),
    path(
        "accounts/invitation/done/",
        TemplateView.as_view(template_name="invitations/set_password_done.html"),
        name="invitation-done",
    ),
    path("accounts/logout/", SignOut.as_view(), name="logout"),
    path("accounts/signin/", include("preferences.signin.urls")),
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The footer's language switch posts to Django's set_language view (/i18n/setlang/).
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Operators only (a bearer token or a superuser); 404 for anyone else.
    path("metrics", metrics, name="metrics"),
    path("", include("preferences.urls")),
]

# Error pages in the portal's style and the person's language; for htmx, a note inside the card.
handler400 = "podero_portal.errors.bad_request"
handler403 = "podero_portal.errors.permission_denied"
handler404 = "podero_portal.errors.page_not_found"
handler500 = "podero_portal.errors.server_error"
