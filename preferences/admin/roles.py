"""Customer-service roles: the permission groups staff are put in (created by migration 0002).

A superuser can do everything; a staff user in neither group can do nothing in the portal's admin.
"""

from django.contrib.auth.models import Group, Permission

SUPPORT_READ_ONLY = "Support (read-only)"
SUPPORT_ACT = "Support (act for homeowner)"
ACT_FOR_HOMEOWNER = "preferences.act_for_homeowner"

READ_ONLY_PERMISSIONS = [
    "view_homeowner",
    "view_device",
    "view_change",
    "view_absence",
    "view_absencedevice",
    "view_alert",
]
GROUP_PERMISSIONS = {
    SUPPORT_READ_ONLY: READ_ONLY_PERMISSIONS,
    SUPPORT_ACT: [*READ_ONLY_PERMISSIONS, "act_for_homeowner"],
}


def support_group(name: str) -> Group:
    """The group `name` with exactly its permissions, created if missing (after a test flush, say)."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="preferences", codename__in=GROUP_PERMISSIONS[name])
    )
    return group
