"""Load (or reload) the seed universe, and nothing else: no users. For deploys."""

from django.core.management.base import BaseCommand, CommandError

from franchise.seed import DEFAULT_SEED_FILE, SeedError
from franchise.services import universe_load


class Command(BaseCommand):
    help = "Load the seed universe by natural keys (idempotent, all or nothing); no users."

    def add_arguments(self, parser):
        parser.add_argument("--seed-file", default=str(DEFAULT_SEED_FILE))

    def handle(self, *args, seed_file, **options):
        try:
            report = universe_load(path=seed_file)
        except (SeedError, OSError) as error:  # OSError: a directory, no permission
            raise CommandError(f"Seed not loaded, nothing written: {error}") from error
        self.stdout.write(f"Seed universe loaded ({report.changes} changes).")
        self.stdout.write(report.summary())
