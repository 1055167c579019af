"""The generator's bounds, its error, and the mark its records carry."""

import datetime
from collections.abc import Callable

MAX_EPISODES = 2_000_000
MAX_SEED = 2**32 - 1
# Nothing generated airs, is born or dies after this day.
LAST_DAY = datetime.date(2025, 12, 31)

Progress = Callable[[int, int], None]


class GenerationError(Exception):
    """The arguments are out of range, or this seed was generated already."""


def generated_slug_prefix(seed: int) -> str:
    return f"gen-{seed}-"
