from django.urls import path

from . import views

app_name = "signin"

urlpatterns = [
    path("start/", views.StartSignIn.as_view(), name="start"),
    path("callback/", views.SignInCallback.as_view(), name="callback"),
]
