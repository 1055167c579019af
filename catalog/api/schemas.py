"""What the catalogue's API answers with: one schema per kind of object, as OpenAPI shows it.

A resource (a series, a season, a person…) carries its `id`, its `slug` where it has one,
`url` (the address of its page on the site, absolute) and `sources` (what backs it). A
reference to another resource (`…Ref`) carries only what finds it: id, slug, url, name.
Fields that `include=` adds are absent unless asked for.

AppearanceOut is the shape of a character's appearance, which apps built on the catalogue
(franchise) fill in for the series, episode and person they add characters to: the
catalogue states the shape, not the relation (as catalog.page_parts.Performance does).
"""

import datetime
from typing import Annotated

from ninja import Field, Schema

# Fields that a resource and its reference share, described once.
SeasonNumber = Annotated[int, Field(description="0 for specials.")]
EpisodeSeason = Annotated[int, Field(description="The number of its season.")]
EpisodeNumber = Annotated[int, Field(description="Its number within the season.")]
EpisodeTitle = Annotated[str | None, Field(description="null until a source gives it.")]


class SourceOut(Schema):
    """A source: where the object's facts were seen, and which facts it supports."""

    id: int
    title: str
    url: str = Field(description="The source's own address.")
    publisher: str
    reliability: str = Field(description="strong, or weak (a mirror, fan wiki or aggregator).")
    published_on: datetime.date | None
    accessed_on: datetime.date | None
    supports: list[str] = Field(description="The facts of the object that it supports.")


class ExternalIdsOut(Schema):
    """The same record's ids in other catalogues, where a source gives them."""

    imdb: str | None
    tmdb: int | None
    tvmaze: int | None
    wikidata: str | None


class Named(Schema):
    """What finds a record of a slug: its id, its slug, its page on the site, its name."""

    id: int
    slug: str
    url: str
    name: str


class NetworkOut(Named):
    url: str = Field(description="The site's series list, filtered to this network.")
    website: str = Field(description="The network's own site, when known.")


class GenreOut(Named):
    url: str = Field(description="The site's series list, filtered to this genre.")


class SeriesRef(Schema):
    id: int
    slug: str
    url: str
    title: str


class SeasonRef(Schema):
    id: int
    number: SeasonNumber
    label: str
    url: str


class EpisodeRef(Schema):
    id: int
    season: EpisodeSeason
    number: EpisodeNumber
    title: EpisodeTitle
    url: str


class PersonRef(Named):
    pass


class CharacterRef(Named):
    pass


class CreditOut(Schema):
    """A person's production role on a series, or on one of its episodes."""

    id: int
    role: str
    role_label: str
    note: str
    person: PersonRef
    series: SeriesRef
    episode: EpisodeRef | None = Field(description="null for a credit on the whole series.")
    sources: list[SourceOut]


class ReviewOut(Schema):
    """A critic's review or an aggregate score, of a series or of one of its seasons."""

    id: int
    kind: str = Field(description="critic, aggregate or audience.")
    season: int | None = Field(description="The season reviewed; null for the whole series.")
    outlet: str
    critic: str
    url: str = Field(description="The review's own address, when known.")
    published_on: datetime.date | None
    published_on_precision: str = Field(description="day, month or year.")
    score: float | None
    scale: float | None
    grade: str
    score_display: str = Field(description='As the site shows it: "8/10", "95%", "B+".')
    disputed_score: float | None = Field(description="The score another source gives.")
    disputed_by: SourceOut | None
    excerpt: str
    verification: str = Field(description="verified, secondary or weak.")
    sources: list[SourceOut]


class ClaimOut(Schema):
    """A statement made somewhere, with the verdict on it: only a confirmed claim is fact."""

    id: int
    url: str | None = Field(description="Where the site shows it: its series' page.")
    number: int = Field(description="Its number within the source that made it.")
    text: str
    verdict: str
    verdict_label: str
    established: bool = Field(description="Whether it may be read as fact (confirmed).")
    gloss: str = Field(description="What the verdict means, for a claim not established.")
    evidence: str
    made_in: SourceOut
    series: SeriesRef | None
    sources: list[SourceOut]


class AppearanceOut(Schema):
    """A character's appearance in a series, one of its seasons, or one episode."""

    id: int
    kind: str = Field(description="main, recurring, cast, guest, cameo, flashback, mention…")
    kind_label: str
    character: CharacterRef
    series: SeriesRef
    season: int | None = Field(description="The season, for a season or an episode.")
    episode: EpisodeRef | None
    performer: PersonRef | None = Field(description="null for a mention, or when unknown.")
    credited_as: str
    note: str
    sources: list[SourceOut]


class SeriesOut(SeriesRef):
    alternative_titles: list[str]
    network: NetworkOut
    genres: list[GenreOut]
    premiere_date: datetime.date | None
    finale_date: datetime.date | None
    run_status: str = Field(description="in_development, airing, renewed, ended or cancelled.")
    critic_score: float | None = Field(description="The critics' aggregate score, 0 to 100.")
    external_ids: ExternalIdsOut
    sources: list[SourceOut]


class SeasonOut(Schema):
    id: int
    url: str
    number: SeasonNumber
    label: str
    title: str
    network: NetworkOut = Field(description="The network that released it.")
    premiere_date: datetime.date | None
    finale_date: datetime.date | None
    episode_count: int | None = Field(description="The confirmed number of episodes.")
    synopsis: str
    sources: list[SourceOut]


class EpisodeOut(Schema):
    id: int
    url: str
    season: EpisodeSeason
    number: EpisodeNumber
    number_overall: int | None
    title: EpisodeTitle
    air_date: datetime.date | None
    runtime_minutes: int | None
    synopsis: str
    external_ids: ExternalIdsOut
    sources: list[SourceOut]


class SeriesDetail(SeriesOut):
    synopsis: str
    based_on: str
    note: str = Field(description="Editors' note: conflicts and caveats.")
    seasons: list[SeasonOut] | None = None
    credits: list[CreditOut] | None = None
    reviews: list[ReviewOut] | None = None
    claims: list[ClaimOut] | None = None
    characters: list[AppearanceOut] | None = None


class SeasonDetail(SeasonOut):
    series: SeriesRef
    note: str
    episodes: list[EpisodeOut] | None = None
    reviews: list[ReviewOut] | None = None


class EpisodeDetail(EpisodeOut):
    series: SeriesRef
    note: str
    credits: list[CreditOut] | None = None
    characters: list[AppearanceOut] | None = None


class PersonOut(PersonRef):
    birth_date: datetime.date | None
    death_date: datetime.date | None
    external_ids: ExternalIdsOut
    sources: list[SourceOut]


class PersonDetail(PersonOut):
    bio: str
    credits: list[CreditOut] | None = None
    characters: list[AppearanceOut] | None = Field(None, description="The parts they played.")
