"""Load a universe from a hand-written TOML data file, by natural keys.

Sources by URL; networks, genres, people, series, characters and universes by slug;
seasons by (series, number); episodes by (season, number); the rest by the records they
join. A second load of the same file changes nothing. Every record is validated with
`full_clean()` before it is written, and the whole load runs in one transaction, so a
bad file stops with a message naming the record and leaves the database as it was.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from catalog.models import (
    Citation,
    Claim,
    Credit,
    Episode,
    Genre,
    Network,
    Person,
    PublishStatus,
    Review,
    Season,
    Series,
    Source,
)
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership

DEFAULT_SEED_FILE = Path(__file__).resolve().parent / "data" / "bosch-universe.toml"
PUBLISHED = PublishStatus.PUBLISHED


class SeedError(Exception):
    """The data file cannot be loaded; the message names the record at fault."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return ", ".join(
            f"{name}: {self.created[name]} new, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in names
        )


def read_seed_file(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise SeedError(f"{path}: no such data file") from error
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"{path}: not valid TOML: {error}") from error


class UniverseLoader:
    def __init__(self, data: dict):
        self.data = data
        self.report = LoadReport()
        self.sources: dict[str, Source] = {}
        self.networks: dict[str, Network] = {}
        self.genres: dict[str, Genre] = {}
        self.people: dict[str, Person] = {}
        self.series: dict[str, Series] = {}
        self.seasons: dict[tuple[str, int], Season] = {}
        self.episodes: dict[tuple[str, int, int], Episode] = {}
        self.content_types: dict[type, ContentType] = {}
        self.stored: dict[type, dict] = {}
        self.citations: set[tuple] = set()
        self.new_citations: list[Citation] = []

    # Generic pieces

    def entries(self, section: str) -> list[dict]:
        value = self.data.get(section, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise SeedError(f"[[{section}]] must be a list of tables")
        return value

    @staticmethod
    def require(entry: dict, key: str, where: str):
        if key not in entry or entry[key] in (None, ""):
            raise SeedError(f"{where}: missing required field '{key}'")
        return entry[key]

    @staticmethod
    def unique_keys(entries: list[dict], key: str, section: str) -> None:
        seen = Counter(entry.get(key) for entry in entries)
        duplicates = sorted(str(value) for value, count in seen.items() if count > 1)
        if duplicates:
            raise SeedError(f"{section} '{duplicates[0]}' appears more than once")

    def slugged(self, section: str, label: str):
        """(slug, where, entry) for each entry of a section whose natural key is its slug."""
        entries = self.entries(section)
        self.unique_keys(entries, "slug", label)
        for entry in entries:
            slug = self.require(entry, "slug", label)
            yield slug, f"{label} '{slug}'", entry

    def lookup(self, table: dict, key, kind: str, where: str):
        try:
            return table[key]
        except KeyError:
            raise SeedError(f"{where}: unknown {kind} '{key}'") from None

    def upsert(self, model: type[models.Model], where: str, lookup: dict, values: dict):
        """Create or update one record by natural key; save only when something differs."""
        label = model._meta.verbose_name_plural
        existing = self.existing(model, tuple(lookup))
        key = tuple(_key_part(value) for value in lookup.values())
        instance = existing.get(key)
        if instance is None:
            instance = model(**lookup, **values)
            outcome = self.report.created
        else:
            changed = False
            for name, value in values.items():
                if getattr(instance, name) != value:
                    setattr(instance, name, value)
                    changed = True
            if not changed:
                self.report.unchanged[label] += 1
                return instance
            outcome = self.report.updated
        relations = [field.name for field in model._meta.fields if field.is_relation]
        try:
            # Field rules here; uniqueness and checks are the database's, caught below.
            instance.full_clean(
                exclude=relations, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            raise SeedError(f"{where}: {_flatten(error)}") from error
        try:
            instance.save()
        except IntegrityError as error:
            raise SeedError(f"{where}: refused by the database ({error})") from error
        existing[key] = instance
        outcome[label] += 1
        return instance

    def existing(self, model: type[models.Model], names: tuple[str, ...]) -> dict:
        """Every stored record of a model by natural key: one query per model and load."""
        if model not in self.stored:
            attributes = [
                f"{name}_id" if model._meta.get_field(name).is_relation else name for name in names
            ]
            self.stored[model] = {
                tuple(getattr(obj, attribute) for attribute in attributes): obj
                for obj in model.objects.all()
            }
        return self.stored[model]

    def set_m2m(self, instance, name: str, targets: list) -> None:
        manager = getattr(instance, name)
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in targets}:
            manager.set(targets)
            self.report.updated[f"{instance._meta.verbose_name} {name}"] += 1

    def cite(self, record: models.Model, entry: dict, where: str, *, required: bool = True):
        keys = entry.get("sources", [])
        if required and not keys:
            raise SeedError(f"{where}: every fact needs a source (`sources` is empty)")
        content_type = self.content_types.setdefault(
            type(record), ContentType.objects.get_for_model(type(record))
        )
        for key in keys:
            source = self.lookup(self.sources, key, "source", where)
            natural_key = (source.pk, content_type.pk, record.pk, "")
            if natural_key in self.citations:
                self.report.unchanged["citations"] += 1
                continue
            self.citations.add(natural_key)
            self.new_citations.append(
                Citation(source=source, content_type=content_type, object_id=record.pk)
            )

    # Sections, in dependency order

    def load(self) -> LoadReport:
        self.citations = set(
            Citation.objects.values_list("source_id", "content_type_id", "object_id", "supports")
        )
        self.load_sources()
        self.load_taxonomy("networks", Network, self.networks)
        self.load_taxonomy("genres", Genre, self.genres)
        self.load_people()
        self.load_series()
        self.load_characters()
        self.load_universes()
        self.load_links()
        self.load_reviews()
        self.load_claims()
        Citation.objects.bulk_create(self.new_citations, batch_size=500)
        self.report.created["citations"] += len(self.new_citations)
        return self.report

    def load_sources(self):
        entries = self.entries("sources")
        self.unique_keys(entries, "key", "source")
        self.unique_keys(entries, "url", "source url")
        for entry in entries:
            key = self.require(entry, "key", "source")
            where = f"source '{key}'"
            self.sources[key] = self.upsert(
                Source,
                where,
                {"url": self.require(entry, "url", where)},
                {
                    "title": self.require(entry, "title", where),
                    "publisher": entry.get("publisher", ""),
                    "published_on": entry.get("published_on"),
                    "reliability": entry.get("reliability", "strong"),
                },
            )

    def load_taxonomy(self, section: str, model, table: dict):
        for slug, where, entry in self.slugged(section, section[:-1]):
            table[slug] = self.upsert(
                model, where, {"slug": slug}, {"name": self.require(entry, "name", where)}
            )
            self.cite(table[slug], entry, where, required=False)

    def load_people(self):
        for slug, where, entry in self.slugged("people", "person"):
            self.people[slug] = self.upsert(
                Person,
                where,
                {"slug": slug},
                {
                    "name": self.require(entry, "name", where),
                    "bio": entry.get("bio", ""),
                    "birth_date": entry.get("birth_date"),
                    "death_date": entry.get("death_date"),
                    "status": PUBLISHED,
                },
            )
            self.cite(self.people[slug], entry, where)

    def load_series(self):
        for slug, where, entry in self.slugged("series", "series"):
            series = self.upsert(
                Series,
                where,
                {"slug": slug},
                {
                    "title": self.require(entry, "title", where),
                    "alternative_titles": entry.get("alternative_titles", ""),
                    "network": self.lookup(
                        self.networks, self.require(entry, "network", where), "network", where
                    ),
                    "premiere_date": entry.get("premiere_date"),
                    "finale_date": entry.get("finale_date"),
                    "run_status": entry.get("run_status", Series.RunStatus.AIRING),
                    "synopsis": entry.get("synopsis", ""),
                    "based_on": entry.get("based_on", ""),
                    "note": entry.get("note", ""),
                    "status": PUBLISHED,
                },
            )
            self.series[slug] = series
            self.set_m2m(
                series,
                "genres",
                [self.lookup(self.genres, g, "genre", where) for g in entry.get("genres", [])],
            )
            self.cite(series, entry, where)
            for credit in entry.get("credits", []):
                self.load_credit(credit, where, series=series)
            seasons = entry.get("seasons", [])
            self.unique_keys(seasons, "number", f"{where} season")
            for season_entry in seasons:
                self.load_season(series, season_entry, where)

    def load_credit(self, entry: dict, parent: str, *, series=None, episode=None, role=None):
        person_slug = entry["person"] if isinstance(entry, dict) else entry
        role = role or self.require(entry, "role", f"{parent} credit")
        where = f"{parent} credit '{person_slug}' as {role}"
        person = self.lookup(self.people, person_slug, "person", where)
        credit = self.upsert(
            Credit,
            where,
            {"person": person, "series": series, "episode": episode, "role": role},
            {"note": entry.get("note", "") if isinstance(entry, dict) else ""},
        )
        if isinstance(entry, dict):
            self.cite(credit, entry, where, required=False)
        return credit

    def load_season(self, series: Series, entry: dict, parent: str):
        number = self.require_number(entry, "number", f"{parent} season")
        where = f"{parent} season {number}"
        season = self.upsert(
            Season,
            where,
            {"series": series, "number": number},
            {
                "title": entry.get("title", ""),
                "premiere_date": entry.get("premiere_date"),
                "finale_date": entry.get("finale_date"),
                "episode_count": entry.get("episode_count"),
                "synopsis": entry.get("synopsis", ""),
                "note": entry.get("note", ""),
                "status": PUBLISHED,
            },
        )
        self.seasons[(series.slug, number)] = season
        self.cite(season, entry, where)
        episodes = entry.get("episodes", [])
        self.unique_keys(episodes, "number", f"{where} episode")
        count = entry.get("episode_count")
        if count is not None and episodes and len(episodes) != count:
            raise SeedError(
                f"{where}: episode_count is {count} but {len(episodes)} episodes are listed"
            )
        for episode_entry in episodes:
            self.load_episode(season, episode_entry, where)

    @staticmethod
    def require_number(entry: dict, key: str, where: str) -> int:
        value = entry.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise SeedError(f"{where}: '{key}' must be a whole number, not {value!r}")
        return value

    def load_episode(self, season: Season, entry: dict, parent: str):
        number = self.require_number(entry, "number", f"{parent} episode")
        where = f"{parent} episode {number}"
        episode = self.upsert(
            Episode,
            where,
            {"season": season, "number": number},
            {
                "title": entry.get("title", ""),
                "number_overall": entry.get("number_overall"),
                "air_date": entry.get("air_date"),
                "runtime_minutes": entry.get("runtime_minutes"),
                "synopsis": entry.get("synopsis", ""),
                "note": entry.get("note", ""),
                "status": PUBLISHED,
            },
        )
        self.episodes[(season.series.slug, season.number, number)] = episode
        self.cite(episode, entry, where)
        for role, key in ((Credit.Role.DIRECTOR, "directors"), (Credit.Role.WRITER, "writers")):
            for person_slug in entry.get(key, []):
                credit = self.load_credit(person_slug, where, episode=episode, role=role)
                self.cite(credit, entry, f"{where} {key[:-1]} '{person_slug}'")

    def load_characters(self):
        for slug, where, entry in self.slugged("characters", "character"):
            character = self.upsert(
                Character,
                where,
                {"slug": slug},
                {
                    "name": self.require(entry, "name", where),
                    "aliases": entry.get("aliases", ""),
                    "description": entry.get("description", ""),
                    "status": PUBLISHED,
                },
            )
            self.cite(character, entry, where)
            for appearance in entry.get("appearances", []):
                self.load_appearance(character, appearance, where)

    def load_appearance(self, character: Character, entry: dict, parent: str):
        series_slug = self.require(entry, "series", f"{parent} appearance")
        series = self.lookup(self.series, series_slug, "series", f"{parent} appearance")
        season_number, episode_number = entry.get("season"), entry.get("episode")
        where = f"{parent} appearance in '{series_slug}'"
        season = episode = None
        if season_number is not None:
            where += f" season {season_number}"
            season = self.lookup(self.seasons, (series_slug, season_number), "season", where)
        if episode_number is not None:
            if season is None:
                raise SeedError(f"{where}: an episode needs its season")
            where += f" episode {episode_number}"
            episode = self.lookup(
                self.episodes, (series_slug, season_number, episode_number), "episode", where
            )
        performer_slug = entry.get("performer")
        performer = (
            self.lookup(self.people, performer_slug, "person", where) if performer_slug else None
        )
        kind = self.require(entry, "kind", where)
        appearance = self.upsert(
            Appearance,
            where,
            {
                "character": character,
                "series": series,
                "season": season if episode is None else None,
                "episode": episode,
                "kind": kind,
                "performer": performer,
            },
            {"credited_as": entry.get("credited_as", ""), "note": entry.get("note", "")},
        )
        self.cite(appearance, entry, where)

    def load_universes(self):
        for slug, where, entry in self.slugged("universes", "universe"):
            universe = self.upsert(
                Universe,
                where,
                {"slug": slug},
                {
                    "name": self.require(entry, "name", where),
                    "description": entry.get("description", ""),
                    "status": PUBLISHED,
                },
            )
            self.cite(universe, entry, where)
            members = [self.lookup(self.series, s, "series", where) for s in entry["series"]]
            if len({series.pk for series in members}) != len(members):
                raise SeedError(f"{where}: a series is listed twice")
            current = {m.series_id: m for m in universe.memberships.all()}
            if {pk: m.position for pk, m in current.items()} != {
                series.pk: position for position, series in enumerate(members, start=1)
            }:
                universe.memberships.all().delete()
                self.stored.pop(UniverseMembership, None)
                for position, series in enumerate(members, start=1):
                    self.upsert(
                        UniverseMembership,
                        f"{where} member '{series.slug}'",
                        {"universe": universe, "series": series},
                        {"position": position},
                    )

    def load_links(self):
        for entry in self.entries("links"):
            where = f"link '{entry.get('source')}' {entry.get('kind')} '{entry.get('target')}'"
            link = self.upsert(
                SeriesLink,
                where,
                {
                    "source": self.lookup(
                        self.series, self.require(entry, "source", where), "series", where
                    ),
                    "target": self.lookup(
                        self.series, self.require(entry, "target", where), "series", where
                    ),
                    "kind": self.require(entry, "kind", where),
                },
                {"note": entry.get("note", "")},
            )
            self.cite(link, entry, where)

    def load_reviews(self):
        for entry in self.entries("reviews"):
            series_slug = self.require(entry, "series", "review")
            outlet = self.require(entry, "outlet", f"review of '{series_slug}'")
            where = f"review of '{series_slug}' by '{outlet}'"
            series = self.lookup(self.series, series_slug, "series", where)
            season = None
            if entry.get("season") is not None:
                where += f" (season {entry['season']})"
                season = self.lookup(self.seasons, (series_slug, entry["season"]), "season", where)
            review = self.upsert(
                Review,
                where,
                {
                    "series": None if season else series,
                    "season": season,
                    "outlet": outlet,
                    "critic": entry.get("critic", ""),
                    "kind": entry.get("kind", Review.Kind.CRITIC),
                },
                {
                    "url": entry.get("url", ""),
                    "published_on": entry.get("published_on"),
                    "published_on_precision": entry.get("published_on_precision", "day"),
                    "score": _decimal(entry.get("score")),
                    "scale": _decimal(entry.get("scale")),
                    "grade": entry.get("grade", ""),
                    "excerpt": entry.get("excerpt", ""),
                    "verification": entry.get("verification", "verified"),
                    "status": PUBLISHED,
                },
            )
            self.cite(review, entry, where)

    def load_claims(self):
        for entry in self.entries("claims"):
            made_in_key = self.require(entry, "made_in", "claim")
            number = self.require_number(entry, "number", f"claim in '{made_in_key}'")
            where = f"claim {number} of '{made_in_key}'"
            series_slug = entry.get("series")
            claim = self.upsert(
                Claim,
                where,
                {
                    "made_in": self.lookup(self.sources, made_in_key, "source", where),
                    "number": number,
                },
                {
                    "text": self.require(entry, "text", where),
                    "series": self.lookup(self.series, series_slug, "series", where)
                    if series_slug
                    else None,
                    "verdict": self.require(entry, "verdict", where),
                    "evidence": entry.get("evidence", ""),
                    "status": PUBLISHED,
                },
            )
            self.cite(claim, entry, where, required=False)


def _key_part(value):
    return value.pk if isinstance(value, models.Model) else value


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SeedError(f"not a number: {value!r}")
    return Decimal(str(value)).quantize(Decimal("0.1"))


def _flatten(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
