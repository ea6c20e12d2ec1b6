"""English as European homeowners read it: "Tuesday 24 November 2026, 07:00"."""

DATETIME_FORMAT = "l j F Y, H:i"
# Lists with many times (the admin's): without the weekday, e.g. "27 November 2026, 01:35".
SHORT_DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
