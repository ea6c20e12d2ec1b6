"""Small helpers shared by the view tests."""

from django.urls import reverse

from preferences.models import Device

HTMX = {"HX-Request": "true"}


def page_url(device: Device) -> str:
    return reverse("preferences:device", args=[device.kind, device.podero_id])


def action_url(device: Device, action: str) -> str:
    return reverse(f"preferences:{action}", args=[device.kind, device.podero_id])


def podero_path(device: Device, suffix: str = "") -> str:
    from django.conf import settings

    return (
        f"/api/partners/v2.0/org/{settings.PODERO_ORG_ID}/users/{device.homeowner.podero_user_id}"
        f"/{device.kind}/{device.podero_id}{suffix}"
    )
