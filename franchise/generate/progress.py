"""How generate_catalog shows its progress: on a terminal one line redrawn in place (a bar,
the rate, the time left); elsewhere (a log, CI) a plain line every tenth of the way."""

import time
from collections.abc import Callable

BAR_WIDTH = 30
STEPS = 10  # plain lines: one per tenth


def clock_time(seconds: float) -> str:
    """4:05, or 1:02:03 past an hour."""
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def progress_line(done: int, total: int, elapsed: float) -> str:
    """[#########---------------------]  30%  300,000/1,000,000 episodes  2,500/s  4:40 left

    The rate is the average so far, the time left what it takes at that rate."""
    filled = BAR_WIDTH * done // total
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    line = f"[{bar}] {100 * done // total:3d}%  {done:,}/{total:,} episodes"
    if not done or elapsed <= 0:
        return line
    rate = done / elapsed
    if done < total:
        return f"{line}  {rate:,.0f}/s  {clock_time((total - done) / rate)} left"
    return f"{line}  {rate:,.0f}/s  {clock_time(elapsed)} in all"


class ProgressDisplay:
    """A Progress callback that writes through `write`, which adds no newline of its own."""

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        terminal: bool,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.write = write
        self.terminal = terminal
        self.clock = clock
        self.started: float | None = None  # the first report: the rate is of episodes only
        self.width = 0
        self.steps_shown = 0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started = now
        line = progress_line(done, total, now - self.started)
        if self.terminal:
            # Spaces wipe what a longer previous line left behind.
            self.write("\r" + line.ljust(self.width))
            self.width = len(line)
        elif STEPS * done // total > self.steps_shown:
            self.steps_shown = STEPS * done // total
            self.write(line + "\n")

    def finish(self) -> None:
        """End the redrawn line, so what follows starts on a line of its own."""
        if self.terminal and self.width:
            self.write("\n")
