"""Building one series (seasons, episodes, credits, cast, reviews) and the universes that
join series, as rows planned for the generator to write."""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.utils.text import slugify

from catalog.factories import SeriesFactory
from catalog.models import (
    CreditRole,
    Person,
    PublishStatus,
    Review,
    ReviewKind,
    RunStatus,
    Season,
    Series,
)
from franchise.factories import (
    SeriesLinkFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.generate.limits import LAST_DAY
from franchise.generate.words import LAST_NAMES, OUTLETS, PLACES, VERBS, Words
from franchise.models import (
    AppearanceKind,
    Character,
    LinkKind,
    Universe,
    UniverseMembership,
)

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


class ShowBuilder(Words):
    """Builds series and universes into the chunk the generator is writing."""

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
            season = Season(
                series=series,
                number=number,
                title="Specials" if number == 0 else "",
                premiere_date=season_start,
                episode_count=count,
                synopsis=self.sentence(series.title),
                status=PublishStatus.PUBLISHED,
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
        character = Character(
            name=name,
            slug=f"{self.prefix}{slugify(name)}-{self.character_count}",
            aliases=name.split()[-1] if self.rng.random() < 0.2 else "",
            description=f"{name} {self.rng.choice(VERBS)} cases in {self.rng.choice(PLACES)}.",
            status=PublishStatus.PUBLISHED,
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
                Review(
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
                    status=PublishStatus.PUBLISHED,
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
