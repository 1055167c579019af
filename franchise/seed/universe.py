"""Loading a universe's data file section by section, in dependency order: sources,
networks and genres, people, series with their seasons, episodes and credits, characters
with their appearances, universes, links, reviews and claims."""

from catalog.models import (
    Citation,
    Claim,
    Credit,
    Episode,
    Genre,
    Network,
    Person,
    Review,
    Season,
    Series,
    Source,
)
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership
from franchise.orders import WatchOrder, WatchOrderEntry
from franchise.seed.records import LoadReport, RecordLoader, SeedError, _decimal

# What a record takes from its entry when the entry has it, and the default otherwise.
SERIES_FIELDS = {
    "alternative_titles": "",
    "premiere_date": None,
    "finale_date": None,
    "run_status": Series.RunStatus.AIRING,
    "synopsis": "",
    "based_on": "",
    "note": "",
}
SEASON_FIELDS = {
    "title": "",
    "premiere_date": None,
    "finale_date": None,
    "episode_count": None,
    "synopsis": "",
    "note": "",
}
EPISODE_FIELDS = {
    "title": "",
    "number_overall": None,
    "air_date": None,
    "runtime_minutes": None,
    "synopsis": "",
    "note": "",
}


class UniverseLoader(RecordLoader):
    def __init__(self, data: dict):
        super().__init__(data)
        self.networks: dict[str, Network] = {}
        self.genres: dict[str, Genre] = {}
        self.people: dict[str, Person] = {}
        self.series: dict[str, Series] = {}
        self.seasons: dict[tuple[str, int], Season] = {}
        self.episodes: dict[tuple[str, int, int], Episode] = {}
        self.appearances_loaded: set[tuple] = set()

    def load(self) -> LoadReport:
        self.citations = {
            (source, content_type, record, fact): pk
            for pk, source, content_type, record, fact in Citation.objects.values_list(
                "pk", "source_id", "content_type_id", "object_id", "fact"
            )
        }
        self.load_sources()
        self.load_taxonomy("networks", Network, self.networks)
        self.load_taxonomy("genres", Genre, self.genres)
        self.load_people()
        self.load_series()
        self.load_characters()
        self.load_universes()
        self.load_links()
        self.load_watch_orders()
        self.load_reviews()
        self.load_claims()
        self.write_citations()
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
                    **self.optional(entry, publisher="", published_on=None, reliability="strong"),
                },
            )

    def load_taxonomy(self, section: str, model, table: dict):
        for slug, where, entry in self.slugged(section, section[:-1]):
            table[slug] = self.upsert(
                model, where, {"slug": slug}, {"name": self.require(entry, "name", where)}
            )
            self.cite(table[slug], entry, where, required=False)

    def named(self, model, slug: str, where: str, entry: dict, optional: dict, **values):
        """A published record found by its slug, with its name (or title) required, the
        optional fields the entry gives, and its sources cited."""
        name = "title" if model is Series else "name"
        values = {name: self.require(entry, name, where), **values}
        record = self.upsert(model, where, {"slug": slug}, values | self.optional(entry, optional))
        self.cite(record, entry, where)
        return record

    def load_people(self):
        optional = {"bio": "", "birth_date": None, "death_date": None}
        for slug, where, entry in self.slugged("people", "person"):
            self.people[slug] = self.named(Person, slug, where, entry, optional)

    def load_series(self):
        for slug, where, entry in self.slugged("series", "series"):
            network = self.require(entry, "network", where)
            series = self.named(
                Series,
                slug,
                where,
                entry,
                SERIES_FIELDS,
                network=self.lookup(self.networks, network, "network", where),
            )
            self.series[slug] = series
            self.set_m2m(
                series,
                "genres",
                [self.lookup(self.genres, g, "genre", where) for g in entry.get("genres", [])],
            )
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

    def numbered(self, model, parent_key: dict, entry: dict, parent: str, fields: dict):
        """A season or an episode, by its number within its parent: (record, where)."""
        label = model._meta.verbose_name
        number = self.require_number(entry, "number", f"{parent} {label}")
        where = f"{parent} {label} {number}"
        values = self.optional(entry, fields)
        if model is Season:  # its own network only where it was released elsewhere
            network = entry.get("network")
            values["network"] = network and self.lookup(self.networks, network, "network", where)
        record = self.upsert(model, where, {**parent_key, "number": number}, values)
        self.cite(record, entry, where)
        return record, where

    def load_season(self, series: Series, entry: dict, parent: str):
        season, where = self.numbered(Season, {"series": series}, entry, parent, SEASON_FIELDS)
        self.seasons[(series.slug, season.number)] = season
        episodes = entry.get("episodes", [])
        self.unique_keys(episodes, "number", f"{where} episode")
        count = entry.get("episode_count")
        if count is not None and episodes and len(episodes) != count:
            raise SeedError(
                f"{where}: episode_count is {count} but {len(episodes)} episodes are listed"
            )
        for episode_entry in episodes:
            self.load_episode(season, episode_entry, where)

    def load_episode(self, season: Season, entry: dict, parent: str):
        episode, where = self.numbered(Episode, {"season": season}, entry, parent, EPISODE_FIELDS)
        self.episodes[(season.series.slug, season.number, episode.number)] = episode
        # The episode's credits rest on `credit_sources` where the entry names them (the
        # recap that prints "written by … directed by …"), else on its sources.
        credit_sources = entry.get("credit_sources", entry.get("sources", []))
        for role, key in ((Credit.Role.DIRECTOR, "directors"), (Credit.Role.WRITER, "writers")):
            for person_slug in entry.get(key, []):
                credit = self.load_credit(person_slug, where, episode=episode, role=role)
                self.cite(
                    credit,
                    entry,
                    f"{where} {key[:-1]} '{person_slug}'",
                    sources=credit_sources,
                    field_sources={},
                )

    def load_characters(self):
        for slug, where, entry in self.slugged("characters", "character"):
            character = self.named(
                Character, slug, where, entry, {"aliases": "", "description": ""}
            )
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
        # Found by where and by whom, not by kind: correcting a kind (an invented billing,
        # a flashback called a cameo) updates the record instead of adding another.
        key = {
            "character": character,
            "series": series,
            "season": season if episode is None else None,
            "episode": episode,
            "performer": performer,
        }
        if tuple(key.values()) in self.appearances_loaded:
            raise SeedError(f"{where}: this appearance is listed twice")
        self.appearances_loaded.add(tuple(key.values()))
        appearance = self.upsert(
            Appearance,
            where,
            key,
            {
                "kind": kind,
                "credited_as": entry.get("credited_as", ""),
                "note": entry.get("note", ""),
            },
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
                {"scope": self.require(entry, "scope", where), "note": entry.get("note", "")},
            )
            self.cite(link, entry, where)

    def load_watch_orders(self):
        """A universe's curated orders; an order whose entries changed is written afresh
        (positions and the episodes they hold are unique, so they cannot be updated in place)."""
        for entry in self.entries("watch_orders"):
            where = f"watch order '{entry.get('universe')}' {entry.get('kind')}"
            universe = Universe.objects.get(slug=self.require(entry, "universe", where))
            order = self.upsert(
                WatchOrder,
                where,
                {"universe": universe, "kind": self.require(entry, "kind", where)},
                {"introduction": entry.get("introduction", "")},
            )
            self.cite(order, entry, where)
            wanted = [
                self.watch_order_entry(order, position, item, f"{where} entry {position}")
                for position, item in enumerate(self.require(entry, "entries", where), start=1)
            ]
            stored = [
                (e.position, e.season_id, e.episode_id, e.stop_after, e.tier, e.reason)
                for e in order.entries.order_by("position")
            ]
            if stored != [
                (e.position, e.season_id, e.episode_id, e.stop_after, e.tier, e.reason)
                for e, _ in wanted
            ]:
                order.entries.all().delete()
                self.stored.pop(WatchOrderEntry, None)
                for item, _ in wanted:
                    item.full_clean()
                    item.save()
                    self.report.created["watch order entries"] += 1
            for item, sources in wanted:
                item.pk = item.pk or order.entries.get(position=item.position).pk
                self.cite(item, {}, f"{where} entry {item.position}", field_sources=sources)

    def watch_order_entry(self, order, position: int, item: dict, where: str):
        """An unsaved entry, and its reason's sources."""
        if "episode" in item:
            slug, season, number = item["episode"]
            found = {
                "episode": self.lookup(self.episodes, (slug, season, number), "episode", where)
            }
        else:
            slug, number = self.require(item, "season", where)
            found = {"season": self.lookup(self.seasons, (slug, number), "season", where)}
        entry = WatchOrderEntry(
            order=order,
            position=position,
            stop_after=item.get("stop_after"),
            tier=item.get("tier", ""),
            reason=self.require(item, "reason", where),
            **found,
        )
        return entry, {"reason": self.require(item, "sources", where)}

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
            disputed_by = entry.get("disputed_by")
            review = self.upsert(
                Review,
                where,
                {
                    "series": None if season else series,
                    "season": season,
                    "outlet": outlet,
                    **self.optional(entry, critic="", kind=Review.Kind.CRITIC),
                },
                {
                    **self.optional(entry, url="", published_on=None, published_on_precision="day"),
                    "score": _decimal(entry.get("score")),
                    "scale": _decimal(entry.get("scale")),
                    "disputed_score": _decimal(entry.get("disputed_score")),
                    "disputed_by": disputed_by
                    and self.lookup(self.sources, disputed_by, "source", where),
                    **self.optional(entry, grade="", excerpt="", verification="verified"),
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
                },
            )
            self.cite(claim, entry, where, required=False)
