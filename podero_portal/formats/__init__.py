"""Date and time formats per language (FORMAT_MODULE_PATH). What is not set here comes from Django's own.

Templates name the format ("DATETIME_FORMAT", "MONTH_DAY_FORMAT", "TIME_FORMAT"), never spell one out, so each
language reads as its speakers write dates. Times are 24-hour everywhere, like the "HH:MM" deadlines Podero uses.
"""
