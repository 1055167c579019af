"""Load a universe from a hand-written TOML data file, by natural keys.

Sources by URL; networks, genres, people, series, characters and universes by slug;
seasons by (series, number); episodes by (season, number); the rest by the records they
join. A second load of the same file changes nothing. Every record is validated with
`full_clean()` before it is written, and the whole load runs in one transaction, so a
bad file stops with a message naming the record and leaves the database as it was.
"""

from pathlib import Path

from franchise.seed.records import LoadReport, SeedError, read_seed_file
from franchise.seed.universe import UniverseLoader

DEFAULT_SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "bosch-universe.toml"

__all__ = ["DEFAULT_SEED_FILE", "LoadReport", "SeedError", "UniverseLoader", "read_seed_file"]
