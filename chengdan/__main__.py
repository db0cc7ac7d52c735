"""The `chengdan` console script: Django's management commands with Chengdan's settings."""

import os
import sys


def main() -> None:
    """Run a management command, e.g. `chengdan serve`, `chengdan demo`, `chengdan audit verify`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengdan.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
