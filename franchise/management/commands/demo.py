"""Set up the demo: migrate, load the seed universe, ensure the demo editor, then serve."""

import os

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from franchise.seed import DEFAULT_SEED_FILE, SeedError
from franchise.services import editors_group_ensure, universe_load

DEMO_USERNAME = "editor"
DEFAULT_DEMO_PASSWORD = "bosch-universe-demo"


class Command(BaseCommand):
    help = "Migrate, load the seed universe, ensure the demo editor, then serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Stop after the data.")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve.")
        parser.add_argument("--seed-file", default=str(DEFAULT_SEED_FILE))

    def handle(self, *args, no_serve, addrport, seed_file, verbosity, **options):
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        try:
            report = universe_load(path=seed_file)
        except SeedError as error:
            raise CommandError(f"Seed not loaded, nothing written: {error}") from error
        self.stdout.write(f"Seed universe loaded ({report.changes} changes).")
        if verbosity > 1:
            self.stdout.write(report.summary())

        group = editors_group_ensure()
        password = os.environ.get("SHOWBIBLE_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True}
        )
        if created or not user.check_password(password) or not user.is_staff:
            user.is_staff = True
            user.set_password(password)
            user.save()
        user.groups.add(group)

        url = f"http://{addrport}/"
        self.stdout.write(self.style.SUCCESS(f"Showbible demo: {url}"))
        self.stdout.write(f"Admin: {url}admin/  user: {DEMO_USERNAME}  password: {password}")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
