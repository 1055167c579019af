"""manage.py export_dump: every published record as JSON Lines, in the API's shape."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.factories import EpisodeFactory
from catalog.models import Episode, PublishStatus, Series

pytestmark = pytest.mark.django_db


def rows(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_dump_holds_every_published_record_and_no_draft(seeded, tmp_path, client):
    draft = EpisodeFactory(
        season=Episode.objects.get(season__series__slug="ballard", number=1).season,
        number=11,
        title="A draft episode",
        status=PublishStatus.DRAFT,
    )
    call_command("export_dump", str(tmp_path), "--base-url", "http://testserver")
    episodes = rows(tmp_path / "episodes.jsonl")
    assert len(episodes) == 148
    assert draft.pk not in {row["id"] for row in episodes}
    series = rows(tmp_path / "series.jsonl")
    assert [row["slug"] for row in series] == list(
        Series.objects.published().order_by("pk").values_list("slug", flat=True)
    )
    for name, count in {"characters": 52, "claims": 26, "links": 4, "universes": 1}.items():
        assert len(rows(tmp_path / f"{name}.jsonl")) == count, name
    # The API's representation: the same object as /api/v1/series/{slug}.
    api = client.get("/api/v1/series/ballard").json()
    dumped = next(row for row in series if row["slug"] == "ballard")
    assert dumped == api
    assert all(row["sources"] for row in series)
    readme = (tmp_path / "README.md").read_text()
    assert "CC0 1.0" in readme and "episodes.jsonl (148)" in readme
    assert not list(tmp_path.glob(".*.part"))


def test_the_dump_refuses_a_file_for_a_folder(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(CommandError):
        call_command("export_dump", str(target))
