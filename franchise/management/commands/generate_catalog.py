"""generate_catalog: a thin front for franchise.generate.synthetic_catalog_generate."""

import time

from django.core.management.base import BaseCommand, CommandError

from franchise.generate import MAX_EPISODES, MAX_SEED, GenerationError, synthetic_catalog_generate
from franchise.generate.progress import ProgressDisplay


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic catalogue (series, seasons, episodes, people, "
        "credits, characters, appearances, universes, links, reviews) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--episodes",
            type=int,
            required=True,
            help=f"Exact number of episodes to generate (1 to {MAX_EPISODES:,}).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same catalogue (default 1)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete what this seed generated before, then generate it again.",
        )

    def handle(self, *args, episodes, seed, replace, **options):
        if not 1 <= episodes <= MAX_EPISODES:
            raise CommandError(
                f"--episodes must be between 1 and {MAX_EPISODES:,}, not {episodes}."
            )
        if not 0 <= seed <= MAX_SEED:
            raise CommandError(f"--seed must be between 0 and {MAX_SEED}, not {seed}.")
        progress = ProgressDisplay(self.write_progress, terminal=self.stdout.isatty())
        started = time.perf_counter()
        try:
            counts = synthetic_catalog_generate(
                episodes=episodes, seed=seed, replace=replace, progress=progress
            )
        except GenerationError as error:
            raise CommandError(str(error)) from error
        finally:
            progress.finish()
        seconds = time.perf_counter() - started

        self.stdout.write(
            self.style.SUCCESS(f"Generated the catalogue for seed {seed} in {seconds:.1f} s:")
        )
        for label, count in counts.items():
            self.stdout.write(f"  {label:<15} {count:>10,}")

    def write_progress(self, text: str) -> None:
        self.stdout.write(text, ending="")
        self.stdout.flush()
