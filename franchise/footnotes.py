"""The sources of facts the fictional world's pages derive rather than store: a character
"also appears in" a series, visits an episode from elsewhere, crosses between two shows;
two series joined by a typed link the page knows by its ends and kind.

Such a fact rests on the records it is derived from, so its footnotes are theirs. The page
adds the records concerned to its fact sheet (`appearances_of`, `links_among`); their
citations come with the fields these indexes need (catalog.footnotes), read in the same
query:

- `{% fact "appearances" character.id series.id… %}`: the character's appearances in
  those series (in every series of the page when none is named);
- `{% fact "episode_appearances" character.id episode.id %}`: those in one episode;
- `{% fact "crossers" characters %}`: every appearance of some characters;
- `{% fact "visit" visit episode.id %}`: a visit from elsewhere (the character in the
  episode, and at home in the series it comes from); `{% fact "crossover" episode.id
  visits %}`: all of an episode's visits; `{% fact "crossover_episodes" episodes %}`:
  those of several crossover episodes;
- `{% fact "link" source.id target.id kind %}`: a typed link between two series;
  `{% fact "connection_links" connection %}`, `{% fact "shared" connection %}` and
  `{% fact "connection" connection %}`: the links, the shared characters, or both, of a
  connection of the graph;
- `{% fact "sightings" sightings %}`: the appearances some Sightings
  (franchise.appearances) were read from, as a reason of "What do I need before…?" rests
  on them.
"""

from collections import defaultdict

from catalog import footnotes
from franchise.models import Appearance, SeriesLink

APPEARANCE = "franchise.appearance"
SERIES_LINK = "franchise.serieslink"


def appearances_of(*, characters=None, series=None, episode=None):
    """The published appearances behind a page's derived facts, as a queryset (read as a
    subquery): of some characters (a queryset of ids, or ids), in some series, or of the
    characters seen in one episode or series."""
    found = Appearance.objects.published()
    if characters is not None:
        found = found.filter(character__in=characters)
    if series is not None:
        found = found.filter(series__in=series)
    if episode is not None:
        found = found.filter(
            character__in=Appearance.objects.filter(episode=episode).values("character_id")
        )
    return found


def links_among(series_ids):
    """The typed links between some series, as a queryset."""
    return SeriesLink.objects.filter(source__in=series_ids, target__in=series_ids)


def appearance_index(values: dict) -> dict:
    values = values.get(APPEARANCE, {})
    in_series: dict[tuple, list] = defaultdict(list)
    in_episode: dict[tuple, list] = defaultdict(list)
    of_character: dict[int, list] = defaultdict(list)
    for pk, row in values.items():
        key = (APPEARANCE, pk)
        of_character[row["character_id"]].append(key)
        in_series[(row["character_id"], row["series_id"])].append(key)
        if row["episode_id"]:
            in_episode[(row["character_id"], row["episode_id"])].append(key)
    return {"series": in_series, "episode": in_episode, "character": of_character}


def build_appearances(values: dict):
    index = appearance_index(values)

    def appearances(character_id, *series_ids) -> list:
        if not series_ids:
            return index["character"].get(character_id, [])
        return [key for pk in series_ids for key in index["series"].get((character_id, pk), [])]

    return appearances


def build_crossers(values: dict):
    appearances = build_appearances(values)

    def crossers(characters) -> list:
        """The appearances of some characters (objects with an id): "3 characters cross"."""
        return [key for character in characters for key in appearances(character.id)]

    return crossers


def build_episode_appearances(values: dict):
    index = appearance_index(values)

    def episode_appearances(character_id, episode_id) -> list:
        return index["episode"].get((character_id, episode_id), [])

    return episode_appearances


def build_visit(values: dict):
    appearances, in_episode = build_appearances(values), build_episode_appearances(values)

    def visit(visit, episode_id) -> list:
        character_id = visit.character.id
        home = (series.id for series in visit.from_series)
        return in_episode(character_id, episode_id) + appearances(character_id, *home)

    return visit


def build_crossover(values: dict):
    visit = build_visit(values)

    def crossover(episode_id, visits) -> list:
        return [key for each in visits for key in visit(each, episode_id)]

    return crossover


def build_crossover_episodes(values: dict):
    crossover = build_crossover(values)

    def crossover_episodes(episodes) -> list:
        """Several crossover episodes: the watch order's WatchEpisodes (with `episode`) or
        the pages' CrossoverEpisodes (with `id`), each with its visits."""
        found = []
        for item in episodes:
            episode = getattr(item, "episode", None)
            found += crossover(episode.pk if episode is not None else item.id, item.visits)
        return found

    return crossover_episodes


def build_link(values: dict):
    by_ends = {
        (row["source_id"], row["target_id"], row["kind"]): (SERIES_LINK, pk)
        for pk, row in values.get(SERIES_LINK, {}).items()
    }

    def link(source_id, target_id, kind) -> list:
        found = by_ends.get((source_id, target_id, kind))
        return [found] if found else []

    return link


def build_connection_links(values: dict):
    link = build_link(values)

    def connection_links(connection) -> list:
        """The typed links that join a connection's two series (the graph's LinkEdges)."""
        return [
            key
            for edge in connection.links
            for key in link(edge.source_id, edge.target_id, edge.kind)
        ]

    return connection_links


def build_shared(values: dict):
    appearances = build_appearances(values)

    def shared(connection) -> list:
        """The characters two series share: their appearances in both."""
        ends = (connection.first.id, connection.second.id)
        return [
            key for character in connection.characters for key in appearances(character.id, *ends)
        ]

    return shared


def build_connection(values: dict):
    links, shared = build_connection_links(values), build_shared(values)

    def connection(connection) -> list:
        """Whatever joins two series: their links and the characters they share."""
        return links(connection) + shared(connection)

    return connection


def build_sightings(values: dict):
    def sightings_of(sightings) -> list:
        return [(APPEARANCE, s.pk) for s in sightings]

    return sightings_of


def register() -> None:
    footnotes.read_with_citations(Appearance, ("character_id", "series_id", "episode_id"))
    footnotes.read_with_citations(SeriesLink, ("source_id", "target_id", "kind"))
    footnotes.add_index("appearances", build_appearances)
    footnotes.add_index("episode_appearances", build_episode_appearances)
    footnotes.add_index("crossers", build_crossers)
    footnotes.add_index("visit", build_visit)
    footnotes.add_index("crossover", build_crossover)
    footnotes.add_index("crossover_episodes", build_crossover_episodes)
    footnotes.add_index("link", build_link)
    footnotes.add_index("connection_links", build_connection_links)
    footnotes.add_index("shared", build_shared)
    footnotes.add_index("connection", build_connection)
    footnotes.add_index("sightings", build_sightings)
