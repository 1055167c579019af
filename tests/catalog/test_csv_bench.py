"""Benchmark of the episode CSV import at the largest file the form accepts.

Skipped unless SHOWBIBLE_BENCH is set (it takes a minute and the machine is shared):

    make bench
    SHOWBIBLE_BENCH=1 python3 -m uv run pytest tests/catalog/test_csv_bench.py -s
    SHOWBIBLE_BENCH=1 DATABASE_URL=postgres://... python3 -m uv run pytest ... -s --create-db

It prints rows/s and peak memory for a dry run, a first import (every row created, three
credits each) and a second import of the same file with every title and credit changed.
"""

import os
import resource
import time

import pytest
from django.db import connection

from catalog.csv_io import EPISODE_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from catalog.factories import NetworkFactory
from catalog.models import Credit, Episode, Person, Series
from catalog.services import episodes_import

pytestmark = [pytest.mark.django_db, pytest.mark.bench]

SERIES = 200
PEOPLE = 3_000
ROWS = int(os.environ.get("SHOWBIBLE_BENCH_ROWS", MAX_ROWS))  # fewer, to profile


def largest_file(version: int) -> bytes:
    """ROWS rows (MAX_ROWS by default), three credits each, padded up to the byte limit."""
    lines = [",".join(EPISODE_COLUMNS)]
    for n in range(ROWS):
        lines.append(
            f"show-{n % SERIES},{n // SERIES // 100 + 1},{n // SERIES % 100 + 1},"
            f"Title {version} of episode {n},2020-01-{n % 28 + 1:02},50,"
            f"person-{(n + version) % PEOPLE},"
            f"person-{(n + version + 1) % PEOPLE};person-{(n + version + 2) % PEOPLE},published"
        )
    size = sum(len(line) + 1 for line in lines)
    pad = max(0, (MAX_FILE_BYTES - 1_000 - size) // ROWS)
    pad = min(pad, 200)  # titles stay under the 300-character column
    if pad:
        lines[1:] = [line.replace(" of episode", " of episode" + "x" * pad) for line in lines[1:]]
    data = "\n".join(lines).encode()
    assert len(data) <= MAX_FILE_BYTES
    return data


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(data: bytes, user, dry_run: bool) -> str:
    """Times one import; memory is the process's peak RSS so far (tracing would slow it)."""
    started = time.perf_counter()
    report = episodes_import(data=data, user=user, dry_run=dry_run)
    seconds = time.perf_counter() - started
    assert report.is_valid, report.errors[:5]
    kind = "dry run" if dry_run else "import"
    return (
        f"{connection.vendor:10} {kind:8} {report.rows:,} rows {len(data) / 1e6:.1f} MB: "
        f"{seconds:.1f} s, {report.rows / seconds:,.0f} rows/s, "
        f"peak RSS {peak_rss_mb():.0f} MB ({report.summary()})"
    )


def test_the_largest_file_allowed(editor):
    network = NetworkFactory()
    Series.objects.bulk_create(
        Series(title=f"S{i}", slug=f"show-{i}", network=network) for i in range(SERIES)
    )
    Person.objects.bulk_create(Person(name=f"P{i}", slug=f"person-{i}") for i in range(PEOPLE))
    editor.is_superuser = True  # every permission; the Editors group has them too
    editor.save()
    first, second = largest_file(1), largest_file(2)
    lines = [f"peak RSS before importing {peak_rss_mb():.0f} MB"]

    lines.append(measured(first, editor, dry_run=True))
    lines.append(measured(first, editor, dry_run=False))
    assert Episode.objects.count() == ROWS
    lines.append(measured(second, editor, dry_run=False))
    assert Credit.objects.count() == 3 * ROWS
    print("\n" + "\n".join(lines))
