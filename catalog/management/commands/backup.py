"""backup: a thin front for catalog.backup.backup_create."""

from catalog.backup import backup_create
from catalog.management.commands._backup_file import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Write the whole site (content, history, users, groups) to one JSON Lines file, "
        "gzip-compressed when PATH ends in .gz. Restore it with `manage.py restore PATH`."
    )
    path_help = "The file to write, e.g. site.jsonl.gz."

    def handle(self, *args, path, **options):
        counts, seconds = self.timed(backup_create, path=path)
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(counts.values()):,} rows of {len(counts)} models to {path} "
                f"({size / 1_000_000:.1f} MB) in {seconds:.1f} s."
            )
        )
