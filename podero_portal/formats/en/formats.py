"""English as European homeowners read it: "Tuesday 24 November 2026, 07:00"."""

DATETIME_FORMAT = "l j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
