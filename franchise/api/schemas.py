"""What the fictional world's part of the API answers with (catalog.api.schemas has the
shapes both apps share: references, sources, appearances)."""

import datetime
from typing import Annotated

from ninja import Field, Schema

from catalog.api.conventions import PageBase, page_schema
from catalog.api.schemas import (
    AppearanceOut,
    CharacterRef,
    EpisodeRef,
    ExternalIdsOut,
    Named,
    SeriesRef,
    SourceOut,
)
from franchise.kinds import AppearanceKind, CanonScope
from franchise.search import SEARCH_COUNT_LIMIT


def one_of(words) -> str:
    """The words as a choice: "a, b or c"."""
    words = list(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


# Fields that several schemas share, described once; a vocabulary's words are its own.
NodeId = Annotated[int, Field(description="A node's id.")]
LinkScope = Annotated[str, Field(description=f"Where it holds: {one_of(CanonScope.values)}.")]
VISIT_LABELS = dict.fromkeys(kind.visit_label for kind in AppearanceKind)


class CharacterOut(CharacterRef):
    aliases: list[str]
    description: str
    series_count: int = Field(description="The published series it appears in.")
    episode_count: int = Field(description="The published episodes it appears in.")
    external_ids: ExternalIdsOut
    sources: list[SourceOut]


class CharacterDetail(CharacterOut):
    appearances: list[AppearanceOut] = Field(
        description="Every published appearance, in the order the series premiered."
    )


class MemberOut(Schema):
    position: int = Field(description="The series' place in the universe's own order.")
    note: str
    series: SeriesRef


class LinkOut(Schema):
    """A typed, directed link: `source` is `label` `target` ("spin-off of"), and `target`
    is `inverse_label` `source` ("spun off into")."""

    id: int
    kind: str
    label: str
    inverse_label: str
    scope: LinkScope
    scope_label: str
    source: SeriesRef
    target: SeriesRef
    note: str
    sources: list[SourceOut]


class VisitOut(Schema):
    """A character from elsewhere in an episode: a crossover, a flashback or a mention."""

    character: CharacterRef
    kind: str
    label: str = Field(description=f"{one_of(VISIT_LABELS)}.")
    crossover: bool = Field(description="On screen in the story's present.")
    from_series: list[SeriesRef] = Field(description="Where the character is at home.")
    hands_off_to: SeriesRef | None = Field(
        description="The later series the character goes on to lead, from this first visit."
    )


class WatchEpisodeOut(Schema):
    episode: EpisodeRef
    air_date: datetime.date | None
    crossover: bool = Field(description="A character from elsewhere is on screen in it.")
    visits: list[VisitOut]


class WatchSeasonOut(Schema):
    position: int
    series: SeriesRef
    season: int
    label: str
    url: str
    premiere_date: datetime.date | None
    essential: bool = Field(description="In the crossover essentials: kept for its crossovers.")
    episodes: list[WatchEpisodeOut]


class GraphNodeOut(SeriesRef):
    premiere_date: datetime.date | None
    network: str


class GraphLinkOut(Schema):
    source: NodeId
    target: NodeId
    kind: str
    label: str
    inverse_label: str
    note: str
    scope: LinkScope
    on_screen: bool


class HandOffOut(Schema):
    character: CharacterRef
    episode_id: int = Field(description="The episode of `series` the character first appears in.")
    series: NodeId
    to: int = Field(description="The node the character goes on to lead.")


class ConnectionOut(Schema):
    first: int = Field(description="The earlier series' node id.")
    second: int = Field(description="The later series' node id.")
    on_screen: bool
    links: list[GraphLinkOut]
    characters: list[CharacterRef] = Field(description="Characters appearing in both.")
    hand_offs: list[HandOffOut]


class GraphOut(Schema):
    nodes: list[GraphNodeOut] = Field(description="The series, in premiere order.")
    connections: list[ConnectionOut] = Field(description="What joins each pair of series.")


class UniverseDetail(Named):
    description: str
    sources: list[SourceOut]
    members: list[MemberOut]
    links: list[LinkOut] = Field(description="Typed links between its series.")
    watch_order: list[WatchSeasonOut] | None = Field(
        None, description="Every season of its series, in release order."
    )
    graph: GraphOut | None = None


class BeforeReasonOut(Schema):
    kind: str = Field(description="first_appearance, or hand_off.")
    text: str = Field(description="“Renée Ballard’s first appearance”, “hand-off to Ballard”.")
    character: CharacterRef
    hand_off_to: SeriesRef | None = Field(description="The series handed off to (a hand-off).")
    sources: list[SourceOut] = Field(description="The sources of the appearances it rests on.")


class BeforeEpisodeOut(Schema):
    series: SeriesRef
    episode: EpisodeRef
    reasons: list[BeforeReasonOut]


class BeforeOut(Schema):
    """What to watch before a series, a season or an episode (franchise.before)."""

    target: str = Field(description="“Ballard”, “Bosch: Legacy season 3”, “Ballard 1×2 …”.")
    url: str = Field(description="The page that says the same.")
    order: str = Field(description="The order used: story, or release without a story order.")
    episodes: list[BeforeEpisodeOut] = Field(description="In that order; empty: start here.")
    earlier_here: str | None = Field(
        description="The target's own show before it, in one line (“seasons 1–2”)."
    )


class SearchHit(Named):
    slug: str | None = Field(description="null for an episode.")
    series: SeriesRef | None = Field(description="An episode's series.")


class SearchGroup(Schema):
    kind: str
    count: int = Field(description=f"How many match, counted up to {SEARCH_COUNT_LIMIT:,}.")
    more: bool = Field(description=f"Whether more than {SEARCH_COUNT_LIMIT:,} match.")
    results: list[SearchHit] = Field(description="This page of them.")


class SearchResults(PageBase):
    query: str
    groups: list[SearchGroup]


CharacterPage = page_schema(CharacterOut, "CharacterPage")
