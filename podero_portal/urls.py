from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from preferences.forms import EmailAuthenticationForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # The footer's language switch posts to Django's set_language view (/i18n/setlang/).
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("preferences.urls")),
]
