"""A deterministic synthetic catalogue at scale, for benchmarks and query-count tests.

It spans both apps (series, people and credits from catalog; universes, characters,
appearances and links from franchise), so it lives here: franchise imports catalog.

What the generator relies on:
- One seed gives the same catalogue every time (titles, names, dates, counts): every
  choice comes from `random.Random(seed)` in a fixed order, factory-boy is reseeded, and
  nothing depends on database ids.
- Every generated slug starts with `gen-<seed>-`, so generated rows never collide with
  the seed universe (`bosch`…) nor with another seed's, and `--replace` finds them again.
- The catalogue has exactly the requested number of episodes: about 10 per season and
  5 seasons per series, the last season cut short to land on the number.
- Everything is published; links obey the database rules (never to itself, at most one
  of a kind per pair) and each crossover link is backed by a character who crosses over.
  No "shares characters with" links: shared characters are derived from appearances.
- Rows are built a chunk of series at a time (whole universes, so crossovers stay inside
  a chunk) with the factories' .build(), except the bulk (episodes, credits, appearances),
  made as plain instances once their parents have ids; all written with bulk_create in
  one transaction.
- bulk_create writes no history, so generated rows have none, and --replace removes them
  with one DELETE per table rather than loading each row to record its deletion.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

import factory.random
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.db.models import Q
from django.utils.text import slugify

from catalog.factories import (
    GenreFactory,
    NetworkFactory,
    PersonFactory,
    ReviewFactory,
    SeasonFactory,
    SeriesFactory,
)
from catalog.models import (
    Citation,
    Claim,
    Credit,
    CreditRole,
    Episode,
    Genre,
    Network,
    Person,
    PublishStatus,
    Review,
    ReviewKind,
    RunStatus,
    Season,
    Series,
)
from franchise.factories import (
    CharacterFactory,
    SeriesLinkFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import (
    Appearance,
    AppearanceKind,
    Character,
    LinkKind,
    SeriesLink,
    Universe,
    UniverseMembership,
)

MAX_EPISODES = 2_000_000
MAX_SEED = 2**32 - 1
# Nothing generated airs, is born or dies after this day.
LAST_DAY = datetime.date(2025, 12, 31)
BATCH_SIZE = 2_000
# Series are written in chunks of about this many episodes; progress is reported per chunk.
CHUNK_EPISODES = 2_500

Progress = Callable[[int, int], None]


class GenerationError(Exception):
    """The arguments are out of range, or this seed was generated already."""


def generated_slug_prefix(seed: int) -> str:
    return f"gen-{seed}-"


# Vocabulary the names are drawn from. Order matters: changing it changes every catalogue.
ADJECTIVES = (
    "Silent", "Broken", "Hollow", "Golden", "Crimson", "Last", "Long", "Cold", "Hidden",
    "Burning", "Quiet", "Dark", "Lost", "Iron", "Narrow", "Bright", "Twelfth", "Black",
    "Lonely", "Wicked", "Final", "Open", "Northern", "Blind",
)  # fmt: skip
NOUNS = (
    "Harbor", "Verdict", "Canyon", "Witness", "Echo", "Precinct", "Ledger", "Orchard",
    "Tide", "Signal", "Alibi", "Boulevard", "Motive", "Lantern", "Ridge", "Warrant",
    "Shadow", "Current", "Docket", "Highway", "Summit", "Ember", "Archive", "Crossing",
)  # fmt: skip
PLACES = (
    "Hollywood", "Echo Park", "Silver Lake", "Venice", "Malibu", "Pasadena", "Long Beach",
    "Van Nuys", "Burbank", "Topanga", "San Pedro", "Glendale", "Culver City", "Encino",
)  # fmt: skip
FIRST_NAMES = (
    "Ada", "Ben", "Cora", "Dev", "Elena", "Felix", "Greta", "Hugo", "Iris", "Jonah",
    "Kira", "Leo", "Maya", "Nico", "Olive", "Pablo", "Quinn", "Rosa", "Sami", "Tessa",
    "Uma", "Victor", "Wren", "Xavier", "Yara", "Zane", "Alma", "Bruno", "Celia", "Dario",
    "Esme", "Frank", "Gia", "Henry", "Ines", "Jack", "Lena", "Marco", "Nora", "Owen",
)  # fmt: skip
LAST_NAMES = (
    "Alvarez", "Brennan", "Castillo", "Doyle", "Ellison", "Fischer", "Garland", "Hayes",
    "Ibarra", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Park",
    "Quintero", "Reyes", "Sato", "Thorne", "Underwood", "Vance", "Whitaker", "Young",
    "Zeller", "Abbott", "Bishop", "Crane", "Delgado", "Everett", "Foley", "Grady",
)  # fmt: skip
NETWORK_STEMS = (
    "Streamline", "Northlight", "Cinewave", "Harborview", "Blue Mesa", "Redline",
    "Skyframe", "Palisade", "Meridian", "Lumen",
)  # fmt: skip
NETWORK_SUFFIXES = ("TV", "+", "Plus", "One", "Network", "Studios")
GENRE_NAMES = (
    "Crime drama", "Legal drama", "Police procedural", "Thriller", "Mystery", "Drama",
    "Neo-noir", "Action", "Comedy", "Family drama", "Political thriller", "Western",
    "Science fiction", "Documentary", "Medical drama", "Anthology",
)  # fmt: skip
OUTLETS = (
    "The Daily Screen", "Cable Review", "Episode Weekly", "Streaming Gazette",
    "The Reel Report", "Couch Critic", "Prime Time Post", "The Binge Journal",
)  # fmt: skip
VERBS = (
    "investigates", "defends", "uncovers", "reopens", "chases", "protects", "questions",
    "confronts", "tracks", "exposes",
)  # fmt: skip

# Score scales in use and how a score on each is drawn (in steps of the scale's unit).
SCALES = ((Decimal("10"), 10), (Decimal("100"), 1), (Decimal("5"), 2), (Decimal("4"), 2))
CHAIN_LINK_KINDS = (
    LinkKind.SPIN_OFF_OF,
    LinkKind.SEQUEL_TO,
    LinkKind.PREQUEL_TO,
    LinkKind.REFERENCES,
    LinkKind.SAME_LITERARY_UNIVERSE,
)
RUN_STATUSES = (
    (RunStatus.ENDED, 45),
    (RunStatus.CANCELLED, 15),
    (RunStatus.AIRING, 25),
    (RunStatus.RENEWED, 15),
)


def synthetic_catalog_generate(
    *, episodes: int, seed: int, replace: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Generate a catalogue of exactly `episodes` episodes for `seed`; return counts per model.

    A seed already generated raises GenerationError unless `replace` deletes it first.
    """
    if not 1 <= episodes <= MAX_EPISODES:
        raise GenerationError(f"episodes must be between 1 and {MAX_EPISODES:,}, not {episodes}.")
    if not 0 <= seed <= MAX_SEED:
        raise GenerationError(f"seed must be between 0 and {MAX_SEED}, not {seed}.")
    with transaction.atomic():
        if synthetic_catalog_exists(seed=seed):
            if not replace:
                raise GenerationError(
                    f"A catalogue was already generated for seed {seed}; use --replace."
                )
            synthetic_catalog_delete(seed=seed)
        counts = CatalogGenerator(episodes=episodes, seed=seed, progress=progress).run()
        _refresh_planner_statistics()
        return counts


# Its former name, kept while other branches (benchmarks, tests) still import it.
catalog_generate = synthetic_catalog_generate


def _refresh_planner_statistics() -> None:
    """After a bulk load PostgreSQL plans with stale row counts (the connection finder's
    grouped scan took 530 ms instead of 47 ms at 1,000 series) until autovacuum runs."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def synthetic_catalog_exists(*, seed: int) -> bool:
    prefix = generated_slug_prefix(seed)
    return any(
        model.objects.filter(slug__startswith=prefix).exists()
        for model in (Network, Genre, Person, Series, Character, Universe)
    )


@transaction.atomic
def synthetic_catalog_delete(*, seed: int) -> dict[str, int]:
    """Delete every record generated for `seed`; return rows deleted per model.

    Refuses (GenerationError) while records outside the generated catalogue still need a
    generated person or network, as the models' PROTECT would.
    """
    prefix = generated_slug_prefix(seed)
    series = Series.objects.filter(slug__startswith=prefix).values("pk")
    seasons = Season.objects.filter(series__in=series).values("pk")
    episodes = Episode.objects.filter(season__series__in=series).values("pk")
    people = Person.objects.filter(slug__startswith=prefix).values("pk")
    characters = Character.objects.filter(slug__startswith=prefix).values("pk")
    universes = Universe.objects.filter(slug__startswith=prefix).values("pk")
    networks = Network.objects.filter(slug__startswith=prefix).values("pk")
    genres = Genre.objects.filter(slug__startswith=prefix).values("pk")

    protected = (
        Credit.objects.filter(person__in=people).exclude(
            Q(series__in=series) | Q(episode__in=episodes)
        ),
        Appearance.objects.filter(performer__in=people).exclude(series__in=series),
        Series.objects.filter(network__in=networks).exclude(pk__in=series),
    )
    if any(queryset.exists() for queryset in protected):
        raise GenerationError(
            f"Cannot replace seed {seed}: records outside the generated catalogue use its "
            "people or networks."
        )

    # What editors may have added to generated records is rare: the ORM deletes it, history
    # and all.
    for model, rows in (
        (Series, series),
        (Season, seasons),
        (Episode, episodes),
        (Person, people),
        (Character, characters),
        (Universe, universes),
        (Review, Review.objects.filter(Q(series__in=series) | Q(season__in=seasons))),
        (Credit, Credit.objects.filter(Q(series__in=series) | Q(episode__in=episodes))),
        (Appearance, Appearance.objects.filter(series__in=series)),
    ):
        content_type = ContentType.objects.get_for_model(model)
        Citation.objects.filter(content_type=content_type, object_id__in=rows).delete()
    Claim.objects.filter(series__in=series).delete()

    # The generated rows themselves, children first, in one DELETE each. QuerySet.delete()
    # would load every row to send history signals; generated rows never had history, since
    # bulk_create writes none.
    deletions = (
        SeriesLink.objects.filter(Q(source__in=series) | Q(target__in=series)),
        UniverseMembership.objects.filter(Q(series__in=series) | Q(universe__in=universes)),
        Appearance.objects.filter(
            Q(series__in=series)
            | Q(season__in=seasons)
            | Q(episode__in=episodes)
            | Q(character__in=characters)
        ),
        Credit.objects.filter(Q(series__in=series) | Q(episode__in=episodes)),
        Review.objects.filter(Q(series__in=series) | Q(season__in=seasons)),
        Series.genres.through.objects.filter(Q(series__in=series) | Q(genre__in=genres)),
        Episode.objects.filter(season__in=seasons),
        Season.objects.filter(series__in=series),
        Series.objects.filter(slug__startswith=prefix),
        Universe.objects.filter(slug__startswith=prefix),
        Character.objects.filter(slug__startswith=prefix),
        Person.objects.filter(slug__startswith=prefix),
        Genre.objects.filter(slug__startswith=prefix),
        Network.objects.filter(slug__startswith=prefix),
    )
    return {queryset.model._meta.label: queryset._raw_delete(queryset.db) for queryset in deletions}


class PlannedEpisode(NamedTuple):
    season: Season
    number: int
    number_overall: int | None
    title: str
    air_date: datetime.date
    runtime_minutes: int


class PlannedCredit(NamedTuple):
    person_id: int
    series: Series | None
    episode: int | None  # index into the chunk's episode rows
    role: str
    position: int = 0


class PlannedAppearance(NamedTuple):
    character: Character
    series: Series
    season: Season | None
    episode: int | None  # index into the chunk's episode rows
    performer_id: int | None
    kind: str


class CatalogGenerator:
    """Plans a catalogue from one random stream, then writes it a chunk at a time."""

    def __init__(self, *, episodes: int, seed: int, progress: Progress | None = None):
        self.total_episodes = episodes
        self.seed = seed
        self.prefix = generated_slug_prefix(seed)
        self.progress = progress
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
        self.networks = self.write(Network, self.build_networks(len(layouts)), "networks")
        self.genres = self.write(Genre, self.build_genres(), "genres")
        self.people = self.write(Person, self.build_people(len(layouts)), "people")
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

    def write(self, model, rows: list, label: str) -> list:
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts[label] += len(rows)
        return rows

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

    def build_networks(self, series_count: int) -> list[Network]:
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

    def build_genres(self) -> list[Genre]:
        return [
            GenreFactory.build(name=name, slug=f"{self.prefix}{slugify(name)}")
            for name in GENRE_NAMES
        ]

    def build_people(self, series_count: int) -> list[Person]:
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
                PersonFactory.build(
                    name=name,
                    slug=f"{self.prefix}{slugify(name)}-{number}",
                    bio=f"{name} was born in {rng.choice(PLACES)}.",
                    birth_date=born,
                    death_date=died,
                )
            )
        return people

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # One chunk of universes and standalone series

    def write_chunk(self, groups: list[list[int]], layouts) -> int:
        """Build a chunk's rows, then write them parents first.

        Episodes, credits and appearances, the bulk of the rows, wait as plain tuples until
        their parents have ids: a model instance made with ids costs half as much to build
        and to insert as one holding unsaved parents.
        """
        self.chunk = {
            model: [] for model in (Series, Season, Character, Review, Universe, UniverseMembership)
        }
        self.chunk_links: list[SeriesLink] = []
        self.genre_rows: list[tuple[Series, Genre]] = []
        self.episode_rows: list[PlannedEpisode] = []
        self.credit_rows: list[PlannedCredit] = []
        self.appearance_rows: list[PlannedAppearance] = []
        for group in groups:
            shows = [self.build_show(layouts[index]) for index in group]
            if len(shows) > 1:
                self.build_universe(shows)

        self.write(Series, self.chunk[Series], "series")
        series_genres = [
            Series.genres.through(series_id=series.pk, genre_id=genre.pk)
            for series, genre in self.genre_rows
        ]
        self.write(Series.genres.through, series_genres, "series genres")
        self.write(Season, self.chunk[Season], "seasons")
        episodes = [
            Episode(
                season_id=row.season.pk,
                number=row.number,
                number_overall=row.number_overall,
                title=row.title,
                air_date=row.air_date,
                runtime_minutes=row.runtime_minutes,
                status=PublishStatus.PUBLISHED,
            )
            for row in self.episode_rows
        ]
        self.write(Episode, episodes, "episodes")
        self.write(Character, self.chunk[Character], "characters")
        credits = [
            Credit(
                person_id=row.person_id,
                series_id=row.series.pk if row.series else None,
                episode_id=None if row.episode is None else episodes[row.episode].pk,
                role=row.role,
                position=row.position,
            )
            for row in self.credit_rows
        ]
        self.write(Credit, credits, "credits")
        appearances = [
            Appearance(
                character_id=row.character.pk,
                series_id=row.series.pk,
                season_id=row.season.pk if row.season else None,
                episode_id=None if row.episode is None else episodes[row.episode].pk,
                performer_id=row.performer_id,
                kind=row.kind,
                credited_as=row.character.name if row.performer_id else "",
            )
            for row in self.appearance_rows
        ]
        self.write(Appearance, appearances, "appearances")
        self.write(Review, self.chunk[Review], "reviews")
        self.write(Universe, self.chunk[Universe], "universes")
        self.write(UniverseMembership, self.chunk[UniverseMembership], "memberships")
        self.write(SeriesLink, self.chunk_links, "series links")
        return len(episodes)

    def build_show(self, layout: list[tuple[int, int]]) -> dict:
        """A series with its seasons, episodes, credits, cast and reviews."""
        rng = self.rng
        self.series_count += 1
        title = self.series_title()
        # Early enough that a season a year ends before LAST_DAY.
        last_year = LAST_DAY.year - len(layout) - 1
        premiere = datetime.date(rng.randint(1990, last_year), 1, 1) + datetime.timedelta(
            days=rng.randint(0, 364)
        )
        run_status = rng.choices(
            [status for status, _ in RUN_STATUSES], [weight for _, weight in RUN_STATUSES]
        )[0]
        streaming = rng.random() < 0.3
        series = SeriesFactory.build(
            title=title,
            slug=f"{self.prefix}{slugify(title)}-{self.series_count}",
            network=rng.choice(self.networks),
            premiere_date=premiere,
            run_status=run_status,
            synopsis=self.sentence(title),
            based_on=f"the novels of {self.person_name()}" if rng.random() < 0.3 else "",
        )
        self.chunk[Series].append(series)
        for genre in rng.sample(self.genres, rng.randint(1, 3)):
            self.genre_rows.append((series, genre))

        # A show's episodes are indexes into the chunk's episode_rows.
        show = {"series": series, "episodes": [], "seasons": []}
        last_air_date = self.build_seasons(show, layout, premiere, streaming)
        if not series.is_running:
            series.finale_date = last_air_date
        self.build_credits(show)
        self.build_cast(show)
        self.build_reviews(show)
        return show

    def build_seasons(self, show, layout, premiere: datetime.date, streaming: bool):
        """Seasons and their episodes; returns the last air date."""
        rng = self.rng
        series = show["series"]
        runtime = rng.randint(42, 60)
        overall = 0
        season_start = premiere
        last_air_date = premiere
        for number, count in layout:
            if number == 0:
                # Specials air after the last regular season.
                season_start = last_air_date + datetime.timedelta(days=30)
            elif number > 1:
                season_start = premiere + datetime.timedelta(
                    days=365 * (number - 1) + rng.randint(0, 60)
                )
            season = SeasonFactory.build(
                series=series,
                number=number,
                title="Specials" if number == 0 else "",
                premiere_date=season_start,
                episode_count=count,
                synopsis=self.sentence(series.title),
            )
            for episode_number in range(1, count + 1):
                if number:
                    overall += 1
                week = 0 if streaming else episode_number - 1
                last_air_date = season_start + datetime.timedelta(days=7 * week)
                show["episodes"].append(len(self.episode_rows))
                self.episode_rows.append(
                    PlannedEpisode(
                        season=season,
                        number=episode_number,
                        number_overall=overall if number else None,
                        title=self.episode_title(),
                        air_date=last_air_date,
                        runtime_minutes=runtime + rng.randint(-3, 5),
                    )
                )
            season.finale_date = last_air_date
            show["seasons"].append(season)
            self.chunk[Season].append(season)
        return last_air_date

    def build_credits(self, show) -> None:
        rng = self.rng
        series = show["series"]
        credits = self.credit_rows
        for role, low, high in (
            (CreditRole.CREATOR, 1, 2),
            (CreditRole.SHOWRUNNER, 1, 1),
            (CreditRole.EXECUTIVE_PRODUCER, 1, 3),
        ):
            for position, person in enumerate(rng.sample(self.people, rng.randint(low, high))):
                credits.append(PlannedCredit(person.pk, series, None, role, position))
        directors = rng.sample(self.people, rng.randint(3, 5))
        writers = rng.sample(self.people, rng.randint(3, 5))
        for episode in show["episodes"]:
            credits.append(
                PlannedCredit(rng.choice(directors).pk, None, episode, CreditRole.DIRECTOR)
            )
            episode_writers = (
                rng.sample(writers, 2) if rng.random() < 0.2 else [rng.choice(writers)]
            )
            for position, person in enumerate(episode_writers):
                credits.append(PlannedCredit(person.pk, None, episode, CreditRole.WRITER, position))

    def build_cast(self, show) -> None:
        """Main cast on the series, recurring characters per season, guests per episode."""
        rng = self.rng
        series = show["series"]
        appearances = self.appearance_rows
        show["main"] = [self.build_character() for _ in range(rng.randint(4, 6))]
        recurring = [self.build_character() for _ in range(rng.randint(2, 4))]
        guests = [self.build_character() for _ in range(rng.randint(4, 8))]
        for character, performer in show["main"]:
            appearances.append(
                PlannedAppearance(character, series, None, None, performer.pk, AppearanceKind.MAIN)
            )
        for season in show["seasons"]:
            for character, performer in rng.sample(recurring, rng.randint(1, 2)):
                appearances.append(
                    PlannedAppearance(
                        character, series, season, None, performer.pk, AppearanceKind.RECURRING
                    )
                )
        for episode in show["episodes"]:
            for character, performer in rng.sample(guests, rng.randint(0, 2)):
                appearances.append(self.guest_appearance(character, performer, series, episode))

    def build_character(self) -> tuple[Character, Person]:
        """A new character and the person who plays it."""
        self.character_count += 1
        name = self.person_name()
        character = CharacterFactory.build(
            name=name,
            slug=f"{self.prefix}{slugify(name)}-{self.character_count}",
            aliases=name.split()[-1] if self.rng.random() < 0.2 else "",
            description=f"{name} {self.rng.choice(VERBS)} cases in {self.rng.choice(PLACES)}.",
        )
        self.chunk[Character].append(character)
        return character, self.rng.choice(self.people)

    def guest_appearance(self, character, performer, series, episode: int) -> PlannedAppearance:
        season = self.episode_rows[episode].season
        return PlannedAppearance(
            character, series, season, episode, performer.pk, AppearanceKind.GUEST
        )

    def build_reviews(self, show) -> None:
        rng = self.rng
        series = show["series"]
        subjects = [series] * rng.randint(1, 3)
        subjects += [season for season in show["seasons"] if season.number and rng.random() < 0.4]
        for number, subject in enumerate(subjects, start=1):
            scale, steps = rng.choice(SCALES)
            score = Decimal(rng.randint(int(scale * steps * 3 / 10), int(scale * steps))) / steps
            aggregate = scale == 100 and rng.random() < 0.5
            self.chunk[Review].append(
                ReviewFactory.build(
                    series=series if subject is series else None,
                    season=None if subject is series else subject,
                    kind=ReviewKind.AGGREGATE if aggregate else ReviewKind.CRITIC,
                    outlet=rng.choice(OUTLETS),
                    critic="" if aggregate else self.person_name(),
                    url=f"https://reviews.example.com/{series.slug}/{number}",
                    published_on=subject.premiere_date
                    + datetime.timedelta(days=rng.randint(-7, 14)),
                    score=score.quantize(Decimal("0.1")),
                    scale=scale,
                    excerpt=self.sentence(series.title),
                )
            )

    def build_universe(self, shows: list[dict]) -> None:
        """A universe of these series in premiere order, linked, with characters crossing."""
        rng = self.rng
        shows = sorted(shows, key=lambda show: (show["series"].premiere_date, show["series"].slug))
        self.universe_count += 1
        anchor = rng.choice(LAST_NAMES)
        name = f"The {anchor} Universe" if rng.random() < 0.5 else f"{rng.choice(PLACES)} Universe"
        universe = UniverseFactory.build(
            name=name,
            slug=f"{self.prefix}{slugify(name)}-{self.universe_count}",
            description=f"{len(shows)} series that share {rng.choice(PLACES)}.",
        )
        self.chunk[Universe].append(universe)
        linked: set[tuple[int, int, str]] = set()
        for index, show in enumerate(shows):
            self.chunk[UniverseMembership].append(
                UniverseMembershipFactory.build(
                    universe=universe, series=show["series"], position=index + 1
                )
            )
            if index == 0:
                continue
            # Each later series links back to the one before it, and may borrow a character.
            self.link(shows, index, index - 1, rng.choice(CHAIN_LINK_KINDS), linked)
            if rng.random() < 0.6:
                self.crossover(shows, index, rng.randrange(index), linked)
            if rng.random() < 0.3:
                self.mention(shows[index], shows[rng.randrange(index)])

    def link(self, shows, source: int, target: int, kind: str, linked: set) -> None:
        """One link of a kind per unordered pair, never to itself."""
        key = (min(source, target), max(source, target), kind)
        if source == target or key in linked:
            return
        linked.add(key)
        self.chunk_links.append(
            SeriesLinkFactory.build(
                source=shows[source]["series"], target=shows[target]["series"], kind=kind
            )
        )

    def crossover(self, shows, host: int, visitor: int, linked: set) -> None:
        """A main character of an earlier series guests in a few episodes of a later one."""
        rng = self.rng
        character, performer = rng.choice(shows[visitor]["main"])
        host_show = shows[host]
        episodes = host_show["episodes"]
        for episode in rng.sample(episodes, min(len(episodes), rng.randint(1, 3))):
            self.appearance_rows.append(
                self.guest_appearance(character, performer, host_show["series"], episode)
            )
        self.link(shows, host, visitor, LinkKind.CROSSOVER_WITH, linked)

    def mention(self, host_show, visitor_show) -> None:
        """A character of another series is talked about, not seen: no performer."""
        character, _ = self.rng.choice(visitor_show["main"])
        episode = self.rng.choice(host_show["episodes"])
        season = self.episode_rows[episode].season
        self.appearance_rows.append(
            PlannedAppearance(
                character, host_show["series"], season, episode, None, AppearanceKind.MENTION
            )
        )

    # Words

    def series_title(self) -> str:
        rng = self.rng
        pattern = rng.randrange(4)
        if pattern == 0:
            return f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if pattern == 1:
            return f"{rng.choice(PLACES)} {rng.choice(NOUNS)}"
        if pattern == 2:
            return rng.choice(LAST_NAMES)
        return f"{rng.choice(NOUNS)}s of {rng.choice(PLACES)}"

    def episode_title(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"The {rng.choice(NOUNS)}"
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"

    def sentence(self, subject: str) -> str:
        rng = self.rng
        return (
            f"{subject}: a {rng.choice(ADJECTIVES).lower()} {rng.choice(NOUNS).lower()} "
            f"{rng.choice(VERBS)} the {rng.choice(NOUNS).lower()} of {rng.choice(PLACES)}."
        )
