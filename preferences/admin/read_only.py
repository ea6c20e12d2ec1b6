"""Admin lists staff read but never add to, edit or delete from: what mirrors Podero, and the audit trail."""

from django.db import models
from django.http import HttpRequest

from preferences.admin.columns import OneTimeFormat


class ReadOnlyAdmin[M: models.Model](OneTimeFormat[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False
