#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Local-only commands run with debug on unless told otherwise; production sets nothing.
LOCAL_COMMANDS = {"demo", "runserver", "generate_catalog", "makemigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in LOCAL_COMMANDS:
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
