"""Feeds for calendars and readers: the air dates of a series' episodes as iCalendar
(RFC 5545), and new and changed published records as Atom (RFC 4287).

Both read published records only, in a fixed number of queries, and go through the page
cache like the pages (an edit moves the content generation; a draft never shows).
"""

import datetime
import heapq
from itertools import islice

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from catalog.models import Episode, Person, Season, Series

CALENDAR_PRODUCT = "-//Showbible//Episode air dates//EN"
UPDATES_SHOWN = 50


def episode_uid(episode) -> str:
    """Stable across edits and exports: the episode's id, in our namespace."""
    return f"episode-{episode.pk}@showbible"


def calendar_response(request, name: str, episodes) -> HttpResponse:
    """An all-day event on each episode's air date; a season's first episode is marked as
    its premiere, and the last of its confirmed episode count as its finale. `episodes`
    come with season and series loaded, in series, season and episode order."""
    calendar = Calendar()
    calendar.add("prodid", CALENDAR_PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    episodes = list(episodes)
    per_season: dict[int, list[int]] = {}
    for episode in episodes:
        per_season.setdefault(episode.season_id, []).append(episode.number)
    for episode in episodes:
        if episode.air_date is None:
            continue
        season, series = episode.season, episode.season.series
        numbers = per_season[episode.season_id]
        marks = []
        if episode.number == min(numbers) and season.number:
            marks.append("Season premiere")
        if season.number and episode.number == season.episode_count:  # the season's last
            marks.append("Season finale")
        event = Event()
        event.add("uid", episode_uid(episode))
        # The time of its last edit: the same file for the same data, so ETags hold.
        event.add("dtstamp", episode.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
        event.add("dtstart", episode.air_date)  # a date: an all-day event
        summary = f"{series.title} {episode.code}: {episode.display_title}"
        event.add("summary", summary + "".join(f" ({mark.lower()})" for mark in marks))
        if marks:
            event.add("categories", marks)
        event.add("url", request.build_absolute_uri(episode.get_absolute_url()))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="episodes.ics"'
    return response


def calendar_episodes(**filters):
    return (
        Episode.objects.published()
        .filter(**filters)
        .select_related("season__series")
        .order_by("season__series__title", "season__number", "number")
    )


@require_safe
def series_calendar(request, slug):
    series = get_object_or_404(Series.objects.published(), slug=slug)
    return calendar_response(
        request, f"{series.title} — episodes", calendar_episodes(season__series=series)
    )


class UpdatesFeed(Feed):
    """Published series, seasons, episodes and people, most recently changed first."""

    feed_type = Atom1Feed
    title = "Showbible: new and changed entries"
    subtitle = "Series, seasons, episodes and people published or changed in the catalogue."
    author_name = "Showbible"  # RFC 4287: a feed names its author

    def link(self):
        return reverse("catalog:home")

    def items(self):
        recent = [
            Series.objects.published(),
            Season.objects.published().select_related("series"),
            Episode.objects.published().select_related("season__series"),
            Person.objects.published(),
        ]
        rows = (queryset.order_by("-updated_at", "-pk")[:UPDATES_SHOWN] for queryset in recent)
        merged = heapq.merge(*rows, key=lambda record: record.updated_at, reverse=True)
        return list(islice(merged, UPDATES_SHOWN))

    def item_title(self, item):
        kind = item._meta.verbose_name.capitalize()
        return f"{kind}: {item}"

    def item_description(self, item):
        changed = item.updated_at - item.created_at > datetime.timedelta(seconds=1)
        return "Changed." if changed else "New in the catalogue."

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # An entry per version: a change is a new entry for readers.
        version = int(item.updated_at.timestamp() * 1_000_000)
        return f"tag:showbible,2026:{item._meta.model_name}/{item.pk}/{version}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
