from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from podero_portal.metrics_view import metrics
from podero_portal.password_reset_throttling import ThrottledPasswordResetView
from preferences.accounts import EmailAuthenticationForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
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
