"""A deterministic synthetic catalogue at scale, for benchmarks and query-count tests.

It spans both apps (series, people and credits from catalog; universes, characters,
appearances and links from franchise), so it lives here: franchise imports catalog.

What the generator relies on:
- One seed gives the same catalogue every time (titles, names, dates, counts): every
  choice comes from `random.Random(seed)` in a fixed order, factory-boy is reseeded, and
  nothing depends on database ids.
- Every generated slug starts with `gen-<seed>-`, so generated rows never collide with
  the seed universe (`bosch`…) nor with another seed's, and `--replace` finds them again.
- The catalogue has exactly the requested number of episodes: about 10 per season and
  5 seasons per series, the last season cut short to land on the number.
- Everything is published; links obey the database rules (never to itself, at most one
  of a kind per pair) and each crossover link is backed by a character who crosses over.
  No "shares characters with" links: shared characters are derived from appearances.
- Rows are built a chunk of series at a time (whole universes, so crossovers stay inside
  a chunk): the few (networks, genres, series, universes, links) with the factories'
  .build(); the many with every field given, so a factory would add nothing but its cost
  (people, seasons, characters, reviews: 600,000 at 1M episodes, 70 µs each through a
  factory against 11 µs as a plain instance); the bulk (episodes, credits, appearances)
  as plain tuples. All is written in one transaction, with COPY on PostgreSQL and
  bulk_create elsewhere (bulk_write.py).
- Bulk writes make no history, so generated rows have none, and --replace removes them
  with one DELETE per table rather than loading each row to record its deletion.
"""

from django.db import DEFAULT_DB_ALIAS, transaction

from catalog.models import Series
from config.page_cache import content_changed
from franchise.generate.bulk_write import analyze, constraints_checked_per_statement
from franchise.generate.generator import CatalogGenerator
from franchise.generate.limits import MAX_EPISODES, MAX_SEED, GenerationError, Progress
from franchise.generate.removal import synthetic_catalog_delete, synthetic_catalog_exists

__all__ = [
    "MAX_EPISODES",
    "MAX_SEED",
    "CatalogGenerator",
    "GenerationError",
    "synthetic_catalog_delete",
    "synthetic_catalog_exists",
    "synthetic_catalog_generate",
]


def synthetic_catalog_generate(
    *, episodes: int, seed: int, replace: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Generate a catalogue of exactly `episodes` episodes for `seed`; return counts per model.

    A seed already generated raises GenerationError unless `replace` deletes it first.
    """
    if not 1 <= episodes <= MAX_EPISODES:
        raise GenerationError(f"episodes must be between 1 and {MAX_EPISODES:,}, not {episodes}.")
    if not 0 <= seed <= MAX_SEED:
        raise GenerationError(f"seed must be between 0 and {MAX_SEED}, not {seed}.")
    with transaction.atomic():
        content_changed()  # bulk writes send no signals: cached pages must go
        if synthetic_catalog_exists(seed=seed):
            if not replace:
                raise GenerationError(
                    f"A catalogue was already generated for seed {seed}; use --replace."
                )
            synthetic_catalog_delete(seed=seed)
        generator = CatalogGenerator(episodes=episodes, seed=seed, progress=progress)
        with constraints_checked_per_statement(DEFAULT_DB_ALIAS):
            counts = generator.run()
        Series.objects.critic_scores_refresh()  # bulk inserts send no signals
        analyze(DEFAULT_DB_ALIAS, generator.writer.models)
        return counts
