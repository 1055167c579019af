"""The air-date calendars (iCalendar) and the updates feed (Atom): what they hold, that
drafts stay out, their query counts, and that standard readers accept them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory
from catalog.models import PublishStatus

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def events(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_ballard_calendar_has_its_ten_episodes_premiere_and_finale_marked(client, seeded):
    response = client.get("/series/ballard/episodes.ics")
    found = events(response)
    assert len(found) == 10
    assert {event.decoded("dtstart") for event in found} == {datetime.date(2025, 7, 9)}
    summaries = [str(event["summary"]) for event in found]
    assert summaries[0] == "Ballard 1×1: Library of Lost Souls (season premiere)"
    assert summaries[-1].startswith("Ballard 1×10") and summaries[-1].endswith("(season finale)")
    assert sum("(season" in summary for summary in summaries) == 2
    assert len({str(event["uid"]) for event in found}) == 10
    again = events(client.get("/series/ballard/episodes.ics"))
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in found]  # stable UIDs
    assert str(found[1]["url"]).endswith("/series/ballard/season/1/episode/2/")


def test_the_universe_calendar_holds_every_dated_episode_of_its_shows(client, seeded):
    found = events(client.get("/universes/bosch-universe/episodes.ics"))
    assert len(found) == 148
    titles = {str(event["summary"]).split(" ")[0] for event in found}
    assert titles == {"Ballard", "Bosch", "Bosch:", "The"}


def test_calendars_and_the_feed_leave_drafts_out(client):
    series = SeriesFactory(slug="shown")
    season = SeasonFactory(series=series, number=1)
    EpisodeFactory(season=season, number=1, title="Public one")
    EpisodeFactory(season=season, number=2, title="Secret one", status=PublishStatus.DRAFT)
    hidden = SeriesFactory(slug="hidden", status=PublishStatus.DRAFT, title="Hidden show")
    EpisodeFactory(season=SeasonFactory(series=hidden, number=1), title="Hidden episode")

    summaries = [
        str(event["summary"]) for event in events(client.get("/series/shown/episodes.ics"))
    ]
    assert summaries == [f"{series.title} 1×1: Public one (season premiere)"]
    assert client.get("/series/hidden/episodes.ics").status_code == 404
    feed = client.get("/feeds/updates.atom").content.decode()
    assert "Public one" in feed
    assert "Secret one" not in feed and "Hidden" not in feed


@pytest.mark.parametrize("episodes", [3, 30])
def test_the_calendar_takes_two_queries_however_many_episodes(
    client, django_assert_num_queries, episodes
):
    season = SeasonFactory(series=SeriesFactory(slug="long"), number=1)
    EpisodeFactory.create_batch(episodes, season=season)
    with django_assert_num_queries(2):  # the series, then its episodes with their season
        assert len(events(client.get("/series/long/episodes.ics"))) == episodes


@pytest.mark.parametrize("series_count", [1, 10])
def test_the_feed_takes_four_queries_however_large_the_catalogue(
    client, django_assert_num_queries, series_count
):
    for _ in range(series_count):
        EpisodeFactory.create_batch(2, season=SeasonFactory())
    with django_assert_num_queries(4):  # series, seasons, episodes, people
        assert client.get("/feeds/updates.atom").status_code == 200


def test_the_feed_is_valid_atom(client, seeded):
    """RFC 4287's requirements on a feed and its entries."""
    response = client.get("/feeds/updates.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Showbible"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == 50 and all(i.startswith("tag:showbible,2026:") for i in ids)
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        for required in ("title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)


def test_pages_point_to_their_feeds(client, seeded):
    series = client.get("/series/ballard/").content.decode()
    assert 'rel="alternate" type="text/calendar"' in series
    assert 'href="/series/ballard/episodes.ics"' in series
    assert 'href="/feeds/updates.atom"' in series
    universe = client.get("/universes/bosch-universe/").content.decode()
    assert 'href="/universes/bosch-universe/episodes.ics"' in universe
