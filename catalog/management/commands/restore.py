"""restore: a thin front for catalog.backup.backup_restore."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Load a backup made by `manage.py backup` into this migrated database, all or "
        "nothing. The database must hold no content or users unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file (.jsonl or .jsonl.gz).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the content, history, users, groups and sessions this database "
            "holds first, in the same transaction as the restore.",
        )

    def handle(self, *args, path, replace, verbosity, **options):
        started = time.perf_counter()
        try:
            counts = backup_restore(path=path, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values()):,} rows of {len(counts)} models from {path} "
                f"in {seconds:.1f} s."
            )
        )
        if verbosity > 1:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label:<40} {count:>10,}")
