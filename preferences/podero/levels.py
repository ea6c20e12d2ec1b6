"""A heat pump's optimisation level (podero-api.md §4.3, the newest "Heat Pump Attributes" page): the ceiling on
how far Podero may shift its running towards cheap hours, written with the device's PUT as `optimization_level`.
"""

from enum import StrEnum


class OptimizationLevel(StrEnum):
    """The value is Podero's own word (enum `Low` | `Mid` | `Max`, [DOC])."""

    LOW = "Low"
    MID = "Mid"
    MAX = "Max"

    @classmethod
    def read(cls, sent: object) -> "OptimizationLevel | None":
        """Podero's value, read tolerantly (any case, surrounding blanks); None when absent or unknown."""
        if not isinstance(sent, str):
            return None
        wanted = sent.strip().lower()
        return next((level for level in cls if level.value.lower() == wanted), None)
