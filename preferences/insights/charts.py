"""Charts with their tables, and numbers as each language writes them. Each chart comes with its numbers as a
table (the same numbers: the chart's data is built from the table's)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.formats import number_format
from django.utils.translation import get_language

Unit = Literal["energy", "money", "price"]
# Colours with enough contrast on white, told apart by more than hue (bars against a line, legend and table).
OPTIMIZED = "#0b5cad"
UNOPTIMIZED = "#9aa5b1"
PRICE = "#b35900"


# Numbers as each language writes them


def _number(value: float, digits: int) -> str:
    # Django's number_format cuts off further digits; round them first.
    return number_format(round(value, digits), digits, force_grouping=True)


def money(value: float) -> str:
    """Euros: "€1.23" in English, "1,23 €" in German."""
    amount = _number(abs(value), 2)
    sign = "−" if round(value, 2) < 0 else ""
    if (get_language() or "en").startswith("de"):
        return f"{sign}{amount}\u00a0€"
    return f"{sign}€{amount}"


def energy(value: float, digits: int = 1) -> str:
    return f"{_number(value, digits)}\u00a0kWh"


def percent(value: float) -> str:
    amount = _number(value, 0 if abs(value) >= 10 else 1)
    if (get_language() or "en").startswith("de"):
        return f"{amount}\u00a0%"
    return f"{amount}%"


def cents_per_kwh(eur_per_kwh: float) -> str:
    return f"{_number(eur_per_kwh * 100, 1)}\u00a0ct/kWh"


FORMATS: dict[str, Callable[[float], str]] = {
    "energy": energy,
    "money": money,
    "price": lambda value: cents_per_kwh(value / 100),
}


# Charts with their tables


@dataclass(frozen=True)
class Series:
    label: str
    unit: Unit
    values: list[float | None]
    kind: Literal["bar", "line"] = "bar"
    color: str = OPTIMIZED
    in_chart: bool = True

    @property
    def cells(self) -> list[str]:
        return ["–" if value is None else FORMATS[self.unit](value) for value in self.values]


@dataclass(frozen=True)
class Chart:
    """A chart and its table: one row per label, one column per series."""

    id: str
    title: str
    description: str
    label_heading: str
    labels: list[str]
    series: list[Series]

    @property
    def spec_json(self) -> str:
        """The chart's data for static/js/charts.js, in an attribute (escaped by the template): a <script> data
        block would need a nonce of its own."""
        return json.dumps(self.spec(), separators=(",", ":"))

    @property
    def rows(self) -> list[list[str]]:
        columns = [series.cells for series in self.series]
        return [[label, *(column[index] for column in columns)] for index, label in enumerate(self.labels)]

    @property
    def labelled_rows(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each row's label, and each cell with its column's heading: a phone stacks the cells, each under its
        heading (portal.css, .table-stack)."""
        headings = [series.label for series in self.series]
        return [(row[0], list(zip(headings, row[1:], strict=True))) for row in self.rows]

    def spec(self) -> dict[str, Any]:
        """What static/js/charts.js draws (through json_script)."""
        return {
            "locale": get_language() or "en",
            "currency": "EUR",
            "labels": self.labels,
            "series": [
                {
                    "label": series.label,
                    "type": series.kind,
                    "unit": series.unit,
                    "color": series.color,
                    "values": series.values,
                }
                for series in self.series
                if series.in_chart
            ],
        }


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
