"""restore: a thin front for catalog.backup.backup_restore."""

from catalog.backup import backup_restore
from catalog.management.commands._backup_file import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Load a backup made by `manage.py backup` into this migrated database, all or "
        "nothing. The database must hold no content or users unless --replace is given."
    )
    path_help = "The backup file (.jsonl or .jsonl.gz)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the content, history, users, groups and sessions this database "
            "holds first, in the same transaction as the restore.",
        )

    def handle(self, *args, path, replace, verbosity, **options):
        counts, seconds = self.timed(backup_restore, path=path, replace=replace)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values()):,} rows of {len(counts)} models from {path} "
                f"in {seconds:.1f} s."
            )
        )
        if verbosity > 1:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label:<40} {count:>10,}")
