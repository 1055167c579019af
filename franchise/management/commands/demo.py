"""Set up the local demo: migrate, load the seed universe, ensure the demo editor, serve.

For local use only: with debug off it refuses before writing anything, since it would
plant a staff account with a published password. Deploys run `load_universe` instead.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from franchise.seed import DEFAULT_SEED_FILE, SeedError
from franchise.services import editors_group_ensure, universe_load

DEMO_USERNAME = "editor"
DEFAULT_DEMO_PASSWORD = "bosch-universe-demo"


class Command(BaseCommand):
    help = "Local demo: migrate, load the seed universe, ensure the demo editor, then serve."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Stop after the data.")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve.")
        parser.add_argument("--seed-file", default=str(DEFAULT_SEED_FILE))

    def handle(self, *args, no_serve, addrport, seed_file, verbosity, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo is for local use: it creates the staff user "
                f"'{DEMO_USERNAME}' with a published password, so it refuses to run with "
                "DJANGO_DEBUG off. On a deploy run `manage.py migrate`, then "
                "`manage.py load_universe` for the seed data, and create accounts with "
                "`manage.py createsuperuser`. Nothing was written."
            )
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        try:
            report = universe_load(path=seed_file)
        except SeedError as error:
            raise CommandError(f"Seed not loaded, nothing written: {error}") from error
        self.stdout.write(f"Seed universe loaded ({report.changes} changes).")
        if verbosity > 1:
            self.stdout.write(report.summary())

        url = f"http://{addrport}/"
        self.stdout.write(self.style.SUCCESS(f"Showbible demo: {url}"))
        self.stdout.write(f"Admin: {url}admin/  {self.demo_editor_ensure()}")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

    def demo_editor_ensure(self) -> str:
        """Create the demo editor once; an existing account keeps its password. Says how to
        log in."""
        password = os.environ.get("SHOWBIBLE_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(editors_group_ensure())
        if created or user.check_password(password):
            return f"user: {DEMO_USERNAME}  password: {password}"
        return f"user: {DEMO_USERNAME}  password: unchanged (the account already existed)"
