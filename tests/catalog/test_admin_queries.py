"""Admin pages at scale: every changelist and change form runs a fixed number of queries,
at most 12, whether a record has one related row or ten.

Guards against the admin's usual N+1s: an autocomplete widget that looks up its label
once per inline row, an inline row whose label fetches its parent, a list column that
follows a foreign key, a list filter that lists a large table.
"""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.factories import (
    CitationFactory,
    ClaimFactory,
    CreditFactory,
    EpisodeFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
    SeasonFactory,
    SeriesFactory,
    SourceFactory,
)
from catalog.models import CreditRole
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    SeriesLinkFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import AppearanceKind, LinkKind

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


class Catalogue:
    """One hub record per model, whose related rows (inline rows, list rows) grow."""

    def __init__(self):
        self.series = SeriesFactory(genres=GenreFactory.create_batch(2))
        self.season = SeasonFactory(series=self.series)
        self.episode = EpisodeFactory(season=self.season)
        self.person = PersonFactory()
        self.character = CharacterFactory()
        self.universe = UniverseFactory()
        self.source = SourceFactory()
        self.claim = ClaimFactory(made_in=self.source, series=self.series)
        self.review = ReviewFactory(series=self.series)
        self.credit = CreditFactory(series=self.series, person=self.person)
        self.link = SeriesLinkFactory(source=self.series)
        self.appearance = AppearanceFactory(character=self.character, series=self.series)
        self.membership = UniverseMembershipFactory(universe=self.universe, series=self.series)
        self.citation = CitationFactory(content_object=self.series, source=self.source)
        self.size = 0

    def grow(self, times: int) -> None:
        for _ in range(times):
            self.size += 1
            other = SeriesFactory()
            season = SeasonFactory(series=self.series)
            EpisodeFactory(season=self.season)
            episode = EpisodeFactory(season=SeasonFactory(series=other))
            person = PersonFactory()
            CreditFactory(series=self.series, person=person)
            CreditFactory(episode=self.episode, person=person)
            CreditFactory(episode=episode, person=self.person, role=CreditRole.WRITER)
            ReviewFactory(series=self.series)
            ReviewFactory(season=self.season)
            ClaimFactory(made_in=self.source, series=other)
            SeriesLinkFactory(source=self.series, target=other, kind=LinkKind.REFERENCES)
            AppearanceFactory(character=CharacterFactory(), series=self.series)
            AppearanceFactory(character=self.character, series=other)
            AppearanceFactory(
                character=self.character, season=season, kind=AppearanceKind.RECURRING
            )
            AppearanceFactory(character=self.character, episode=episode)
            UniverseMembershipFactory(universe=self.universe, series=other)
            for record in [
                self.series,
                self.season,
                self.episode,
                self.person,
                self.character,
                self.universe,
                self.claim,
                self.review,
                self.credit,
                self.link,
                self.appearance,
            ]:
                CitationFactory(content_object=record)

    def pages(self) -> dict[str, str]:
        hubs = [
            self.series.network,
            self.series.genres.first(),
            self.series,
            self.season,
            self.episode,
            self.person,
            self.credit,
            self.review,
            self.source,
            self.citation,
            self.claim,
            self.universe,
            self.membership,
            self.character,
            self.appearance,
            self.link,
        ]
        pages = {}
        for record in hubs:
            opts = record._meta
            prefix = f"admin:{opts.app_label}_{opts.model_name}"
            pages[f"{opts.model_name} list"] = reverse(f"{prefix}_changelist")
            pages[f"{opts.model_name} change"] = reverse(f"{prefix}_change", args=[record.pk])
            pages[f"{opts.model_name} history"] = reverse(f"{prefix}_history", args=[record.pk])
        episodes = reverse("admin:catalog_episode_changelist")
        pages["episode list, one year"] = f"{episodes}?air_date__year={self.episode.air_date.year}"
        pages["episode list, needs a source"] = f"{episodes}?needs_source=yes"
        pages["episode list, one series"] = f"{episodes}?series={self.series.slug}"
        return pages


def query_counts(client, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_admin_pages_run_a_fixed_number_of_queries_as_the_data_grows(editor_client):
    catalogue = Catalogue()
    catalogue.grow(1)
    ContentType.objects.get_for_models(*apps.get_models())  # the process's cache, as a site has it
    small = query_counts(editor_client, catalogue.pages())
    catalogue.grow(9)
    assert catalogue.series.seasons.count() == 11  # the hub's inlines did grow tenfold
    large = query_counts(editor_client, catalogue.pages())

    assert len(large) == 16 * 3 + 3
    grew = {name: (small[name], large[name]) for name in large if large[name] != small[name]}
    assert grew == {}, f"query counts grew with the data (1× → 10×): {grew}"
    over = {name: count for name, count in large.items() if count > MAX_QUERIES}
    assert over == {}, f"pages over {MAX_QUERIES} queries: {over}"
