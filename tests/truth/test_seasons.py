"""Issue 12, items 1 and 2 on the rendered seed pages: each season's own network (Bosch:
Legacy season 3 on Prime Video, not Amazon Freevee), and season counts of released seasons
only, with an ordered season shown as ordered."""

import datetime
import json
import re

import pytest

from catalog.factories import NetworkFactory, SeasonFactory, SeriesFactory
from catalog.seasons import SeasonTally, network_spans
from tests.franchise.test_universe_pages import text

pytestmark = pytest.mark.django_db


def jsonld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def of_type(response, schema_type: str) -> dict:
    return next(block for block in jsonld(response) if block.get("@type") == schema_type)


def test_legacy_season_3_is_prime_video_on_every_page(client, seeded):
    series = client.get("/series/bosch-legacy/")
    assert "Network Amazon Freevee (seasons 1–2), Prime Video (season 3)" in text(series)
    assert of_type(series, "TVSeries")["publisher"] == [
        {"@type": "Organization", "name": "Amazon Freevee"},
        {"@type": "Organization", "name": "Prime Video"},
    ]

    season_3 = client.get("/series/bosch-legacy/season/3/")
    assert "Bosch: Legacy · Prime Video" in text(season_3)
    assert "Freevee" not in text(season_3).split("Season 3")[0]
    assert of_type(season_3, "TVSeason")["publisher"]["name"] == "Prime Video"
    season_1 = client.get("/series/bosch-legacy/season/1/")
    assert of_type(season_1, "TVSeason")["publisher"]["name"] == "Amazon Freevee"

    for number in range(1, 11):
        episode = text(client.get(f"/series/bosch-legacy/season/3/episode/{number}/"))
        assert "Network Prime Video" in episode, number
    assert "Network Amazon Freevee" in text(client.get("/series/bosch-legacy/season/2/episode/1/"))

    guide = text(client.get("/universes/bosch-universe/watch-order/"))
    legacy_3 = guide.split("Bosch: Legacy Season 3")[1].split("Bosch: Legacy")[0]
    assert "· Prime Video ·" in legacy_3 and "Freevee" not in legacy_3


def test_a_series_released_by_one_network_names_it_once(client, seeded):
    page = text(client.get("/series/bosch/"))
    assert "Network Prime Video Seasons" in page
    assert "(seasons 1–7)" not in page


@pytest.mark.parametrize(
    ("slug", "shown", "seasons"),
    [
        ("ballard", "1 season; season 2 ordered", 1),
        ("the-lincoln-lawyer", "4 seasons; season 5 ordered", 4),
        ("bosch", "7 seasons", 7),
        ("bosch-legacy", "3 seasons", 3),
    ],
)
def test_season_counts_are_of_released_seasons(client, seeded, slug, shown, seasons):
    page = client.get(f"/series/{slug}/")
    assert f"Seasons {shown}" in text(page)
    assert of_type(page, "TVSeries")["numberOfSeasons"] == seasons
    card = text(client.get("/series/")).split(f"{shown}")
    assert len(card) == 2, f"the series list's card says {shown!r}"


def test_the_seasons_table_marks_the_ordered_season(client, seeded):
    page = client.get("/series/ballard/")
    row = re.search(r"Season 2</a>(.*?)</tr>", page.content.decode(), re.S).group(1)
    assert "ordered" in row


def test_universe_and_watch_order_count_released_seasons(client, seeded):
    assert "Seasons 15 and 2 ordered" in text(client.get("/universes/bosch-universe/"))
    guide = text(client.get("/universes/bosch-universe/watch-order/"))
    assert "15 seasons (and 2 ordered)" in guide
    assert "Ordered, not released yet" in guide


def test_a_season_with_a_premiere_date_still_to_come_is_ordered():
    series = SeriesFactory.build()
    later = datetime.date.today() + datetime.timedelta(days=30)
    seasons = [
        SeasonFactory.build(series=series, number=1, premiere_date=datetime.date(2020, 1, 1)),
        SeasonFactory.build(series=series, number=2, premiere_date=later),
        SeasonFactory.build(series=series, number=3, premiere_date=None),
        SeasonFactory.build(series=series, number=0, premiere_date=datetime.date(2019, 1, 1)),
    ]
    tally = SeasonTally.of(seasons)
    assert (tally.released, tally.ordered) == (1, (2, 3))
    assert str(tally) == "1 season; seasons 2–3 ordered"


def test_network_spans_group_seasons_by_the_network_that_released_them():
    first, second = NetworkFactory.build(pk=1), NetworkFactory.build(pk=2)
    series = SeriesFactory.build(network=first)
    seasons = [
        SeasonFactory.build(series=series, number=1),
        SeasonFactory.build(series=series, number=2, network=second),
        SeasonFactory.build(series=series, number=3, network=first),
    ]
    spans = network_spans(series, seasons)
    assert [(span.network, span.seasons) for span in spans] == [
        (first, "seasons 1 and 3"),
        (second, "season 2"),
    ]
