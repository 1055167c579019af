"""The generator: plans a catalogue from one random stream, then writes it a chunk at a
time with bulk inserts (COPY on PostgreSQL)."""

import datetime
import random

import factory.random
from django.db import DEFAULT_DB_ALIAS, reset_queries
from django.utils.text import slugify

from catalog import models as catalog
from catalog.factories import GenreFactory, NetworkFactory
from franchise.generate.bulk_write import BulkWriter
from franchise.generate.limits import LAST_DAY, Progress, generated_slug_prefix
from franchise.generate.shows import PlannedAppearance, PlannedCredit, PlannedEpisode, ShowBuilder
from franchise.generate.words import GENRE_NAMES, NETWORK_STEMS, NETWORK_SUFFIXES, PLACES
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership

# Series are written in chunks of about this many episodes; progress is reported per chunk.
CHUNK_EPISODES = 2_500


class CatalogGenerator(ShowBuilder):
    """Plans a catalogue from one random stream, then writes it a chunk at a time."""

    def __init__(self, *, episodes: int, seed: int, progress: Progress | None = None):
        self.total_episodes = episodes
        self.seed = seed
        self.prefix = generated_slug_prefix(seed)
        self.progress = progress
        self.writer = BulkWriter(DEFAULT_DB_ALIAS)
        self.rng = random.Random(seed)
        self.counts = dict.fromkeys(
            [
                "networks",
                "genres",
                "people",
                "series",
                "series genres",
                "seasons",
                "episodes",
                "credits",
                "characters",
                "appearances",
                "universes",
                "memberships",
                "series links",
                "reviews",
            ],
            0,
        )
        self.series_count = 0
        self.character_count = 0
        self.universe_count = 0

    # Orchestration

    def run(self) -> dict[str, int]:
        factory.random.reseed_random(self.seed)
        layouts = self.plan_layouts()
        groups = self.plan_groups(len(layouts))
        self.networks = self.write(catalog.Network, self.build_networks(len(layouts)), "networks")
        self.genres = self.write(catalog.Genre, self.build_genres(), "genres")
        self.people = self.write(catalog.Person, self.build_people(len(layouts)), "people")
        self.report(0)

        done = 0
        chunk: list[list[int]] = []
        chunk_episodes = 0
        for group in groups:
            chunk.append(group)
            chunk_episodes += sum(sum(counts for _, counts in layouts[i]) for i in group)
            if chunk_episodes >= CHUNK_EPISODES:
                done += self.write_chunk(chunk, layouts)
                self.report(done)
                chunk, chunk_episodes = [], 0
        if chunk:
            done += self.write_chunk(chunk, layouts)
            self.report(done)
        return self.counts

    def report(self, done: int) -> None:
        # With DEBUG on, Django keeps every query's SQL; a long run would hold them all.
        reset_queries()
        if self.progress is not None:
            self.progress(done, self.total_episodes)

    def write(self, model, instances: list, label: str) -> list:
        self.writer.save(model, instances)
        self.counts[label] += len(instances)
        return instances

    def insert(self, model, names: tuple[str, ...], rows: list[tuple], label: str, **options):
        self.counts[label] += len(rows)
        return self.writer.insert(model, names, rows, **options)

    # Planning: the shape of the catalogue, before any names are drawn

    def plan_layouts(self) -> list[list[tuple[int, int]]]:
        """Per series, its (season number, episode count) pairs, summing to the total."""
        rng = self.rng
        layouts = []
        remaining = self.total_episodes
        while remaining:
            seasons = []
            for number in range(1, rng.randint(3, 7) + 1):
                count = min(rng.randint(6, 14), remaining)
                seasons.append((number, count))
                remaining -= count
                if not remaining:
                    break
            if remaining and rng.random() < 0.1:
                count = min(rng.randint(1, 2), remaining)
                seasons.append((0, count))
                remaining -= count
            layouts.append(seasons)
        return layouts

    def plan_groups(self, series_count: int) -> list[list[int]]:
        """Series indexes grouped into universes of 2–6; a group of one stands alone."""
        rng = self.rng
        groups = []
        index = 0
        while index < series_count:
            size = 1 if rng.random() < 0.25 else rng.randint(2, 6)
            groups.append(list(range(index, min(index + size, series_count))))
            index += size
        return groups

    # Shared pools

    def build_networks(self, series_count: int) -> list[catalog.Network]:
        networks = []
        for number in range(1, max(3, min(60, series_count // 40)) + 1):
            stem = self.rng.choice(NETWORK_STEMS)
            name = f"{stem} {self.rng.choice(NETWORK_SUFFIXES)}".replace(" +", "+")
            networks.append(
                NetworkFactory.build(
                    name=name,
                    slug=f"{self.prefix}{slugify(name)}-{number}",
                    url=f"https://{slugify(stem)}-{number}.example.com/",
                )
            )
        return networks

    def build_genres(self) -> list[catalog.Genre]:
        return [
            GenreFactory.build(name=name, slug=f"{self.prefix}{slugify(name)}")
            for name in GENRE_NAMES
        ]

    def build_people(self, series_count: int) -> list[catalog.Person]:
        rng = self.rng
        people = []
        for number in range(1, max(30, series_count * 6) + 1):
            name = self.person_name()
            born = datetime.date(1935, 1, 1) + datetime.timedelta(days=rng.randint(0, 65 * 365))
            died = None
            if rng.random() < 0.03:
                lifetime = datetime.timedelta(days=rng.randint(40 * 365, 85 * 365))
                died = min(born + lifetime, LAST_DAY)
            people.append(
                catalog.Person(
                    name=name,
                    slug=f"{self.prefix}{slugify(name)}-{number}",
                    bio=f"{name} was born in {rng.choice(PLACES)}.",
                    birth_date=born,
                    death_date=died,
                    status=catalog.PublishStatus.PUBLISHED,
                )
            )
        return people

    # One chunk of universes and standalone series

    def write_chunk(self, groups: list[list[int]], layouts) -> int:
        """Build a chunk's rows, then write them parents first.

        Episodes, credits and appearances, the bulk of the rows, wait as plain tuples until
        their parents have ids, and go to the database as tuples: no model instance is made
        for them on PostgreSQL.
        """
        self.chunk = {
            model: []
            for model in (
                catalog.Series,
                catalog.Season,
                Character,
                catalog.Review,
                Universe,
                UniverseMembership,
            )
        }
        self.chunk_links: list[SeriesLink] = []
        self.genre_rows: list[tuple[catalog.Series, catalog.Genre]] = []
        self.episode_rows: list[PlannedEpisode] = []
        self.credit_rows: list[PlannedCredit] = []
        self.appearance_rows: list[PlannedAppearance] = []
        for group in groups:
            shows = [self.build_show(layouts[index]) for index in group]
            if len(shows) > 1:
                self.build_universe(shows)

        self.write(catalog.Series, self.chunk[catalog.Series], "series")
        self.insert(
            catalog.Series.genres.through,
            ("series_id", "genre_id"),
            [(series.pk, genre.pk) for series, genre in self.genre_rows],
            "series genres",
        )
        self.write(catalog.Season, self.chunk[catalog.Season], "seasons")
        episode_ids = self.insert(
            catalog.Episode,
            ("season_id", "number", "number_overall", "title", "air_date", "runtime_minutes")
            + ("status",),
            [
                (row.season.pk, *row[1:], catalog.PublishStatus.PUBLISHED)
                for row in self.episode_rows
            ],
            "episodes",
            return_ids=True,
        )
        self.write(Character, self.chunk[Character], "characters")
        self.insert(
            catalog.Credit,
            ("person_id", "series_id", "episode_id", "role", "position"),
            [
                (
                    row.person_id,
                    row.series.pk if row.series else None,
                    None if row.episode is None else episode_ids[row.episode],
                    row.role,
                    row.position,
                )
                for row in self.credit_rows
            ],
            "credits",
        )
        self.insert(
            Appearance,
            ("character_id", "series_id", "season_id", "episode_id", "performer_id", "kind")
            + ("credited_as",),
            [
                (
                    row.character.pk,
                    row.series.pk,
                    row.season.pk if row.season else None,
                    None if row.episode is None else episode_ids[row.episode],
                    row.performer_id,
                    row.kind,
                    row.character.name if row.performer_id else "",
                )
                for row in self.appearance_rows
            ],
            "appearances",
        )
        self.write(catalog.Review, self.chunk[catalog.Review], "reviews")
        self.write(Universe, self.chunk[Universe], "universes")
        self.write(UniverseMembership, self.chunk[UniverseMembership], "memberships")
        self.write(SeriesLink, self.chunk_links, "series links")
        return len(episode_ids)
