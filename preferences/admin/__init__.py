"""Customer service in the admin: one module per admin page. Importing this package registers them all."""

from preferences.admin import absences, audit, homeowners

__all__ = ["absences", "audit", "homeowners"]
