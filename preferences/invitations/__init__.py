"""Customers arrive by invitation: staff (or `manage.py link_customers`) link a Podero user to a new homeowner
login and e-mail a set-password link, single use and expiring, built on Django's password-reset tokens."""
