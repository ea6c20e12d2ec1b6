"""A time-zone control that stays light: a text box that suggests the zones of the chosen one's region.

`TimeZoneField` accepts only real IANA time zones (Python's zoneinfo database), typed as the person likes:
"Europe/Vienna", "europe/vienna", "America/New York" or just the city, "Vienna", when only one zone has that
name. Its widget is an <input list> with a <datalist> of the current zone's region (Europe: ~60 names, ~2 KB)
rendered inline, so it works without JavaScript; with htmx, the first focus swaps in the list of every zone,
served separately (`time_zone_suggestions`, cached by the browser for a day) instead of shipping all 600 with
every page. Use it in any form: `timezone = TimeZoneField(label=_("Time zone"))`.
"""

import functools
import re
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

_LIST_ID = re.compile(r"[A-Za-z][\w-]{0,80}")


# In the zone database but no place to live in: the system's link to its own zone (what it is differs from
# server to server), the database's placeholder for unset clocks, and a file of POSIX rules.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


@functools.cache
def names() -> frozenset[str]:
    """Every time zone Python knows (IANA's database, or the tzdata package where the system has none), without
    the names that are no place (NOT_PLACES)."""
    return frozenset(zoneinfo.available_timezones()) - NOT_PLACES


@functools.cache
def suggested() -> tuple[str, ...]:
    """The names worth suggesting: Area/Location ones and UTC, not the old aliases such as "US/Eastern"."""
    areas = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian")
    return tuple(sorted(n for n in names() if n == "UTC" or n.split("/", 1)[0] in (*areas, "Pacific")))


@functools.cache
def _by_folded_name() -> dict[str, str]:
    return {_fold(name): name for name in names()}


@functools.cache
def _by_city() -> dict[str, list[str]]:
    cities: dict[str, list[str]] = {}
    for name in suggested():
        cities.setdefault(_fold(name.rsplit("/", 1)[-1]), []).append(name)
    return cities


def _fold(text: str) -> str:
    return re.sub(r"[\s_]+", "_", text.strip()).casefold()


def canonical(text: str) -> str | None:
    """The IANA name that `text` stands for, or None: exact, any case, spaces for underscores, or a city that only
    one zone is named after."""
    folded = _fold(text)
    if folded in _by_folded_name():
        return _by_folded_name()[folded]
    matches = _by_city().get(folded, [])
    return matches[0] if len(matches) == 1 else None


def region_of(name: str | None) -> str:
    """ "Europe" for "Europe/Vienna"; the portal's own region for UTC or nothing."""
    if name and "/" in name:
        return name.split("/", 1)[0]
    return settings.TIME_ZONE.split("/", 1)[0]


@functools.cache
def _options(region: str | None) -> SafeString:
    """<option>s of one region and UTC, or of every zone (None): built once per process."""
    chosen = [n for n in suggested() if region is None or n == "UTC" or n.startswith(f"{region}/")]
    return mark_safe("".join(f'<option value="{escape(n)}">' for n in chosen))  # noqa: S308 - escaped names


class TimeZoneInput(forms.TextInput):
    """A text box with suggestions (<datalist>): the current zone's region inline, every zone on first focus."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = self._list_id(name, attrs)
        return context

    def _list_id(self, name: str, attrs: dict[str, Any] | None) -> str:
        return f"{self.build_attrs(self.attrs, attrs).get('id') or name}-zones"

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # Its own target, swap and disabled element: inside an htmx form it must not inherit the form's.
        list_id = self._list_id(name, attrs)
        suggestions = format_html(
            '<datalist id="{}" hx-get="{}?list={}" hx-trigger="focus once from:previous input" '
            'hx-target="this" hx-swap="outerHTML" hx-params="none" hx-disabled-elt="this">{}</datalist>',
            list_id,
            reverse("preferences:time-zones"),
            list_id,
            _options(region_of(canonical(str(value or "")))),
        )
        return format_html("{}{}", super().render(name, value, attrs, renderer), suggestions)


class TimeZoneField(forms.CharField):
    """A real IANA time zone name, cleaned to its exact spelling ("vienna" -> "Europe/Vienna")."""

    widget = TimeZoneInput
    default_error_messages = {
        "invalid": _("Enter a time zone such as Europe/Berlin, or a city such as Berlin."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("help_text", _("Type a city or a time zone, for example Berlin or Europe/Berlin."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        name = canonical(text)
        if name is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return name


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def time_zone_suggestions(request: HttpRequest) -> HttpResponse:
    """Every time zone as a <datalist>, for TimeZoneInput to swap in on first focus: the same for everyone."""
    list_id = request.GET.get("list", "")
    if not _LIST_ID.fullmatch(list_id):
        return HttpResponse(status=400)
    return HttpResponse(format_html('<datalist id="{}">{}</datalist>', list_id, _options(None)))
