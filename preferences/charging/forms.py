"""The "Charging plan" card's forms: one plan with three choices, a per-day editor in rows of equal days, and
a one-off target just for the next trip. Errors name the day and the field; Podero's refusals are put at the
field they concern, in the homeowner's words."""

import json
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from preferences import podero
from preferences.charging import plans, words
from preferences.charging.fields import PercentField, ReadyByField
from preferences.charging.plans import Choice, Plan, Row
from preferences.dates import date_words, weekday_and_day
from preferences.podero import WEEKDAYS, DayTarget
from preferences.time_zones import TimeZoneField

CHOICE_HELP = {
    Choice.NONE: gettext_lazy("Podero charges in the cheapest hours, with no time limit."),
    Choice.DAILY: gettext_lazy("One time and one minimum charge for every day."),
    Choice.WEEKLY: gettext_lazy("For weeks that are not all the same, such as weekdays and weekends."),
}


class ChargingPlanForm(forms.Form):
    """One plan: no deadline, the same target every day, or different targets in rows of equal days.

    Each row of the per-day editor is named by its first day (`sat_percentage`, `sat_deadline`); the hidden
    `starts` lists the rows' first days. `split`/`join` buttons change the rows without saving anything.
    """

    choice = forms.ChoiceField(
        label=gettext_lazy("When must the car be charged?"),
        choices=[(choice.value, choice.label) for choice in Choice],
        widget=forms.RadioSelect,
    )
    ready_by = ReadyByField(required=False)
    minimum_charge = PercentField(required=False)
    timezone = TimeZoneField(label=gettext_lazy("Time zone"), required=False)
    starts = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, focus: str = "", at_most: int | None = None, **kwargs: Any) -> None:
        """`at_most`: the highest charge the car accepts (its manufacturer's cap, when Podero knows it)."""
        super().__init__(*args, **kwargs)
        self.focus = focus
        self.at_most = at_most
        choice_field = self.fields["choice"]
        assert isinstance(choice_field, forms.ChoiceField)  # noqa: S101 - declared above
        choice_field.choices = [(choice.value, choice.label) for choice in Choice]
        for day in WEEKDAYS:
            self.fields[f"{day}_percentage"] = PercentField(required=False)
            self.fields[f"{day}_deadline"] = ReadyByField(required=False)
        if at_most is not None:
            for name in ("minimum_charge", *(f"{day}_percentage" for day in WEEKDAYS)):
                self.fields[name].widget.attrs["max"] = at_most
        for row in self.rows_plan():
            self._name_row_errors(row)
        if focus in WEEKDAYS:
            # After a split, the new row's first field (htmx focuses it after the swap).
            self.fields[f"{focus}_percentage"].widget.attrs["autofocus"] = True

    def rendering_key(self) -> str | None:
        """All that the fields' HTML depends on, for caching it; None once bound: what the person typed, and its
        errors, are always rendered afresh."""
        if self.is_bound:
            return None
        values = {name: self.initial[name] for name in self.fields if name in self.initial}
        key = [get_language(), self.auto_id, self.focus, self.at_most, values]
        return json.dumps(key, sort_keys=True, default=str)

    @classmethod
    def initial_for(cls, plan: Plan, starting_days: dict[str, DayTarget]) -> dict[str, Any]:
        """Pre-filled from the plan in force; the per-day editor from `starting_days` in rows of equal days."""
        daily = plan.target or starting_days["mon"]
        rows = plans.rows_of(starting_days if plan.choice != Choice.WEEKLY else dict(plan.days))
        initial: dict[str, Any] = {
            "choice": plan.choice.value,
            "ready_by": daily.charge_deadline,
            "minimum_charge": daily.charge_percentage,
            "timezone": plan.timezone,
            "starts": ",".join(row.start for row in rows),
        }
        for row in rows:
            initial[f"{row.start}_percentage"] = row.target.charge_percentage
            initial[f"{row.start}_deadline"] = row.target.charge_deadline
        return initial

    # Rows of the per-day editor

    def starts_list(self) -> list[str]:
        raw = self.data.get("starts", "") if self.is_bound else self.initial.get("starts", "mon")
        days = [day for day in str(raw).split(",") if day in WEEKDAYS]
        return sorted({"mon", *days}, key=WEEKDAYS.index)

    def rows_plan(self) -> list[Row]:
        """The rows by their days (targets are placeholders: the fields hold what the person typed)."""
        return plans.rows_from_starts(self.starts_list(), dict.fromkeys(WEEKDAYS, plans.DEFAULT_TARGET))

    def rows(self) -> list["RowFields"]:
        return [
            RowFields(
                row=row,
                percentage=self[f"{row.start}_percentage"],
                deadline=self[f"{row.start}_deadline"],
                above=previous.label if previous else None,
            )
            for previous, row in zip([None, *self.rows_plan()], self.rows_plan(), strict=False)
        ]

    def _name_row_errors(self, row: Row) -> None:
        days = row.long_label
        self.fields[f"{row.start}_percentage"].error_messages.update(
            {
                "required": _("Choose a minimum charge for %(days)s.") % {"days": days},
                "invalid": _("Enter a whole number from 0 to 100 for %(days)s.") % {"days": days},
                "min_value": _("Enter a whole number from 0 to 100 for %(days)s.") % {"days": days},
                "max_value": _("Enter a whole number from 0 to 100 for %(days)s.") % {"days": days},
            }
        )
        self.fields[f"{row.start}_deadline"].error_messages.update(
            {
                "required": _("Choose a time for %(days)s.") % {"days": days},
                "invalid": _("Enter a time as HH:MM for %(days)s, for example 07:00.") % {"days": days},
            }
        )

    # Validation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("choice")
        if choice == Choice.DAILY:
            self._require("ready_by", _("Choose a time by which the car must be charged."))
            self._require("minimum_charge", _("Choose the minimum charge."))
        elif choice == Choice.WEEKLY:
            self._require("timezone", _("Enter a time zone such as Europe/Berlin."))
            for row in self.rows_plan():
                for suffix in ("percentage", "deadline"):
                    name = f"{row.start}_{suffix}"
                    self._require(name, self.fields[name].error_messages["required"])
        if choice in (Choice.DAILY, Choice.WEEKLY):
            self._refuse_above_the_cap(choice)
        return data

    def _refuse_above_the_cap(self, choice: str) -> None:
        names = (
            ["minimum_charge"]
            if choice == Choice.DAILY
            else [f"{row.start}_percentage" for row in self.rows_plan()]
        )
        for name in names:
            value = self.cleaned_data.get(name)
            if self.at_most is not None and value is not None and value > self.at_most:
                self.add_error(
                    name, _("This car accepts at most %(percent)s %%.") % {"percent": self.at_most}
                )

    def _require(self, name: str, message: "str | Promise") -> None:
        if self.cleaned_data.get(name) in (None, "") and name not in self.errors:
            self.add_error(name, str(message))

    def wanted(self, *, default_timezone: str) -> Plan:
        """The plan the person chose (the form must be valid)."""
        data = self.cleaned_data
        choice = Choice(data["choice"])
        if choice == Choice.NONE:
            return plans.no_deadline(default_timezone)
        if choice == Choice.DAILY:
            target = DayTarget(data["minimum_charge"], _hh_mm(data["ready_by"]))
            return plans.daily(target, data.get("timezone") or default_timezone)
        targets = {
            row.start: DayTarget(data[f"{row.start}_percentage"], _hh_mm(data[f"{row.start}_deadline"]))
            for row in self.rows_plan()
        }
        days = plans.days_of(plans.rows_from_starts(self.starts_list(), targets))
        return Plan(Choice.WEEKLY, days, data["timezone"])

    # Podero's refusals, at their field

    def add_podero_errors(self, exc: podero.PoderoRejected) -> None:
        """A 422 at the field it names, in words, with the limit it gives ("This car accepts at most 90 %")."""
        for objection in exc.objections():
            self.add_error(self._field_for(objection), words.objection_words(objection))

    def _field_for(self, objection: podero.Objection) -> str | None:
        """This form's field for the value: the plan's own fields are named after them; a day's, after its row."""
        if objection.day is None or objection.value == podero.TIMEZONE:
            return objection.value or None
        if objection.value not in (podero.MINIMUM_CHARGE, podero.READY_BY):
            return None
        if self.cleaned_data.get("choice") != Choice.WEEKLY:
            return objection.value
        row = next(row for row in self.rows_plan() if objection.day in row.days)
        return f"{row.start}_{'percentage' if objection.value == podero.MINIMUM_CHARGE else 'deadline'}"


@dataclass(frozen=True)
class RowFields:
    """One row of the per-day editor: its days, its two fields, and the row above (to join with)."""

    row: Row
    percentage: forms.BoundField
    deadline: forms.BoundField
    above: str | None

    @property
    def inputs(self) -> list[tuple[str, forms.BoundField]]:
        """Each field with its short visible label (the row's days follow it for screen readers)."""
        return [(_("Minimum charge (%)"), self.percentage), (_("Ready by"), self.deadline)]


def with_rows_changed(data: QueryDict) -> QueryDict | None:
    """The submitted form with a row split or joined, or None when neither button was pressed. Nothing is saved:
    the person sees the new rows and saves when ready."""
    split, joined = data.get("split", ""), data.get("join", "")
    if split not in WEEKDAYS and joined not in WEEKDAYS:
        return None
    changed = data.copy()
    starts = [day for day in data.get("starts", "mon").split(",") if day in WEEKDAYS] or ["mon"]
    changed["choice"] = Choice.WEEKLY.value
    if split in WEEKDAYS:
        rows = plans.rows_from_starts(starts, dict.fromkeys(WEEKDAYS, plans.DEFAULT_TARGET))
        holder = next(row for row in rows if split in row.days)
        for suffix in ("percentage", "deadline"):
            changed[f"{split}_{suffix}"] = data.get(f"{holder.start}_{suffix}", "")
        starts = plans.split(starts, split)
    else:
        starts = plans.join(starts, joined)
    changed["starts"] = ",".join(starts)
    return changed


# Just for the next trip


class TripTargetForm(forms.Form):
    """A one-off target for one of the next seven days, in the plan's time zone."""

    day = forms.TypedChoiceField(label=gettext_lazy("Day of the trip"), coerce=date.fromisoformat)
    percentage = PercentField(label=gettext_lazy("Charge for the trip (%)"))
    ready_by = ReadyByField(label=gettext_lazy("Ready for the trip by"))

    prefix = "trip"

    def __init__(self, *args: Any, today: date, now_there: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now_there = now_there
        day_field = self.fields["day"]
        assert isinstance(day_field, forms.ChoiceField)  # noqa: S101 - declared above
        day_field.choices = [(day.isoformat(), _day_words(day, today)) for day in _next_days(today)]
        self.fields["percentage"].error_messages["required"] = _("Choose the minimum charge for this trip.")
        self.fields["ready_by"].error_messages["required"] = _(
            "Choose a time by which the car must be ready."
        )
        if not self.is_bound:
            self.initial.setdefault("day", (today + timedelta(days=1)).isoformat())
            self.initial.setdefault("percentage", 100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, ready_by = data.get("day"), data.get("ready_by")
        if day is not None and ready_by is not None:
            moment = datetime.combine(day, ready_by, tzinfo=self.now_there.tzinfo)
            if moment <= self.now_there:
                self.add_error(
                    "ready_by", _("That time has already passed today. Choose a later time or another day.")
                )
        return data

    def target(self) -> DayTarget:
        return DayTarget(self.cleaned_data["percentage"], _hh_mm(self.cleaned_data["ready_by"]))


def _next_days(today: date) -> list[date]:
    return [today + timedelta(days=offset) for offset in range(7)]


def _day_words(day: date, today: date) -> str:
    if day == today:
        return _("Today (%(day)s)") % {"day": date_words(day, "l")}
    if day == today + timedelta(days=1):
        return _("Tomorrow (%(day)s)") % {"day": date_words(day, "l")}
    return weekday_and_day(day)


def zone_now(zone: str, now: datetime) -> datetime:
    return now.astimezone(zoneinfo.ZoneInfo(zone))


def _hh_mm(value: time) -> str:
    """A time of day as Podero writes it: "07:00"."""
    return value.strftime("%H:%M")
