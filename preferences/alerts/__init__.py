"""Alerts: what needs the homeowner, told once per event by e-mail and in the "Needs you" list of My devices.

The worker raises them (a lapsed manufacturer connection, an automatic action Podero refused or that kept failing,
an away period that ended, a trip target that could not be put back); each event has a unique key, so however
often it is noticed (at-least-once jobs, two workers, the sweeper) it is one alert and one e-mail.
"""
