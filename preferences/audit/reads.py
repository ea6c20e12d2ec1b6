"""Reads of the audit trail: a device's recent changes, one change of the logged-in homeowner's, the last answer
to Charge now."""

from django.http import Http404

from preferences.devices.reads import login_pk
from preferences.models import Change, Device

RECENT_CHANGES = 10
# What a change's line in Recent changes reads (history.py, the Charge now card's last answer): loading only these halves
# the columns Django compiles on every device page.
ACTIVITY_FIELDS = (
    "created_at",
    "intent",
    "outcome",
    "reason",
    "conflict_reason",
    "detail",
    "request_body",
    "previous_values",
    "actor__first_name",
)


def recent_changes(device: Device, *, limit: int = RECENT_CHANGES) -> list[Change]:
    """The last changes asked for `device`, newest first, by the homeowner or by staff for them. One query."""
    return list(Change.objects.filter(device=device).select_related("actor").only(*ACTIVITY_FIELDS)[:limit])


def change_for(user: object, change_id: int) -> Change:
    """One of the logged-in homeowner's recorded changes to a device they still have, or Http404. One query."""
    user_id = login_pk(user)
    change = (
        Change.objects.select_related("device__homeowner")
        .filter(pk=change_id, homeowner__user_id=user_id, device__homeowner__user_id=user_id)
        .first()
    )
    if change is None:
        raise Http404("No such change.")
    return change


def latest_change(device: Device) -> Change | None:
    return Change.objects.filter(device=device).first()


def last_boost_answer(ev: Device) -> Change | None:
    """Our last accepted Charge now or disarm of `ev`, with who asked. Podero does not report an armed boost
    (podero-api.md §5.5), so this hints whether one is armed, and when charging was last asked for, and by whom."""
    return (
        Change.objects.filter(
            device=ev,
            intent__in=[Change.Intent.CHARGE_NOW, Change.Intent.CANCEL_BOOST],
            outcome=Change.Outcome.SUCCEEDED,
        )
        .select_related("actor")
        .only(*ACTIVITY_FIELDS)
        .first()
    )
