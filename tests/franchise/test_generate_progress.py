"""generate_catalog's progress: a bar with the rate and the time left, redrawn in place on
a terminal; a plain line every tenth of the way in a log."""

from franchise.generate.progress import ProgressDisplay, clock_time, progress_line


def test_a_line_shows_the_bar_count_rate_and_time_left():
    assert progress_line(0, 1_000_000, 0.0) == f"[{'-' * 30}]   0%  0/1,000,000 episodes"
    assert progress_line(300_000, 1_000_000, 120.0) == (
        f"[{'#' * 9}{'-' * 21}]  30%  300,000/1,000,000 episodes  2,500/s  4:40 left"
    )


def test_the_last_line_gives_the_time_in_all():
    assert progress_line(1_000_000, 1_000_000, 3723.4) == (
        f"[{'#' * 30}] 100%  1,000,000/1,000,000 episodes  269/s  1:02:03 in all"
    )


def test_clock_time_counts_hours_only_past_an_hour():
    assert clock_time(0) == "0:00"
    assert clock_time(59.6) == "1:00"
    assert clock_time(3599) == "59:59"
    assert clock_time(3600) == "1:00:00"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_terminal_gets_one_line_redrawn_and_wiped():
    written = []
    clock = Clock()
    display = ProgressDisplay(written.append, terminal=True, clock=clock)

    display(0, 100)
    clock.now += 10
    display(50, 100)
    clock.now += 10
    display(100, 100)
    display.finish()

    first, second, last, end = written
    assert first == f"\r[{'-' * 30}]   0%  0/100 episodes"
    assert second == f"\r[{'#' * 15}{'-' * 15}]  50%  50/100 episodes  5/s  0:10 left"
    assert last.startswith(f"\r[{'#' * 30}] 100%  100/100 episodes  5/s  0:20 in all")
    # Padded to the previous line's length, so nothing of it stays on screen.
    assert len(last) >= len(second)
    assert end == "\n"


def test_a_log_gets_a_plain_line_each_tenth_of_the_way():
    written = []
    clock = Clock()
    display = ProgressDisplay(written.append, terminal=False, clock=clock)

    for done in range(0, 1_001, 25):
        clock.now += 1
        display(done, 1_000)
    display.finish()

    assert len(written) == 10
    assert all(line.endswith("\n") and "\r" not in line for line in written)
    assert [line.split()[1] for line in written] == [f"{tenth}0%" for tenth in range(1, 11)]
