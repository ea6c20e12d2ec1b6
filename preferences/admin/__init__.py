"""Customer service in the admin: one module per admin page. Importing this package registers them all."""

from preferences.admin import absences, alerts, audit, homeowners

__all__ = ["absences", "alerts", "audit", "homeowners"]
