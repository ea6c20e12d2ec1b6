"""Charging an EV: the charging plan (no deadline, daily, per day), its preview, a target just for the next trip,
and Charge now."""
