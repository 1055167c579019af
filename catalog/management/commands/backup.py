"""backup: a thin front for catalog.backup.backup_create."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the whole site (content, history, users, groups) to one JSON Lines file, "
        "gzip-compressed when PATH ends in .gz. Restore it with `manage.py restore PATH`."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, e.g. site.jsonl.gz.")

    def handle(self, *args, path, **options):
        started = time.perf_counter()
        try:
            counts = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(counts.values()):,} rows of {len(counts)} models to {path} "
                f"({size / 1_000_000:.1f} MB) in {seconds:.1f} s."
            )
        )
