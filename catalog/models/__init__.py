"""The production record: what was made, by whom, when, and how it was received.

One module per concern, each with its querysets: `series` (networks, genres, series,
seasons, episodes), `people` (people and credits), `reception` (reviews and scores),
`sourcing` (sources, citations, claims); `base` holds what they share. Every name is
importable from `catalog.models`.
"""

from catalog.models.base import (
    DatePrecision,
    PublishableModel,
    PublishedQuerySet,
    PublishStatus,
    TimeStampedModel,
    named_record_indexes,
    published_list_index,
    status_constraint,
)
from catalog.models.external import EXTERNAL_ID_FIELDS, ExternalIds, external_id_constraints
from catalog.models.people import (
    PERSON_SEARCH_FIELDS,
    Credit,
    CreditQuerySet,
    CreditRole,
    Person,
    PersonQuerySet,
    published_people_credits,
)
from catalog.models.reception import Review, ReviewKind, ReviewQuerySet, ReviewVerification
from catalog.models.series import (
    BEST_REVIEWED,
    EPISODE_SEARCH_FIELDS,
    SERIES_SEARCH_FIELDS,
    Episode,
    EpisodeQuerySet,
    Genre,
    Network,
    RunStatus,
    Season,
    SeasonQuerySet,
    Series,
    SeriesQuerySet,
    critic_review,
)
from catalog.models.sourcing import (
    Citation,
    Claim,
    ClaimQuerySet,
    ClaimVerdict,
    Source,
    SourceReliability,
    citable_facts,
)

__all__ = [
    "BEST_REVIEWED",
    "EXTERNAL_ID_FIELDS",
    "ExternalIds",
    "external_id_constraints",
    "EPISODE_SEARCH_FIELDS",
    "PERSON_SEARCH_FIELDS",
    "SERIES_SEARCH_FIELDS",
    "Citation",
    "Claim",
    "ClaimQuerySet",
    "ClaimVerdict",
    "Credit",
    "CreditQuerySet",
    "CreditRole",
    "DatePrecision",
    "Episode",
    "EpisodeQuerySet",
    "Genre",
    "Network",
    "Person",
    "PersonQuerySet",
    "PublishStatus",
    "PublishableModel",
    "PublishedQuerySet",
    "Review",
    "ReviewKind",
    "ReviewQuerySet",
    "ReviewVerification",
    "RunStatus",
    "Season",
    "SeasonQuerySet",
    "Series",
    "SeriesQuerySet",
    "Source",
    "SourceReliability",
    "TimeStampedModel",
    "citable_facts",
    "critic_review",
    "named_record_indexes",
    "published_list_index",
    "published_people_credits",
    "status_constraint",
]
