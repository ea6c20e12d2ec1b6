#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podero_portal.settings")
    from django.core.management import execute_from_command_line

    from podero_portal.env_values import SettingError

    try:
        execute_from_command_line(sys.argv)
    except SettingError as refused:
        # The message names the variable and what it should be; a traceback would only bury it.
        sys.exit(f"Podero Portal cannot start: {refused}")


if __name__ == "__main__":
    main()
