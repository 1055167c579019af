"""What the backup and restore commands share (the leading underscore keeps this module
from being a command itself)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.backup import BackupError


class BackupFileCommand(BaseCommand):
    """A command on one backup file, PATH, that runs a catalog.backup service."""

    path_help = ""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=self.path_help)

    def timed(self, service, **arguments) -> tuple[dict[str, int], float]:
        """The rows per model that service(**arguments) reports, and the seconds it took;
        a BackupError becomes a CommandError."""
        started = time.perf_counter()
        try:
            counts = service(**arguments)
        except BackupError as error:
            raise CommandError(str(error)) from error
        return counts, time.perf_counter() - started
