"""The database itself refuses a bad production record.

Rows here go in through .objects.create() and bulk_create(), which skip full_clean(), so
only the named constraints stand between them and the tables (bulk loaders such as
generate_catalog write the same way).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.factories import (
    CitationFactory,
    ClaimFactory,
    CreditFactory,
    EpisodeFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    SeriesFactory,
    SourceFactory,
)
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

pytestmark = pytest.mark.django_db

EARLIER = datetime.date(2020, 1, 9)
LATER = datetime.date(2020, 1, 10)


# Unique slugs


@pytest.mark.parametrize(
    "create",
    [
        pytest.param(
            lambda slug: Series.objects.create(title="Show", slug=slug, network=NetworkFactory()),
            id="series",
        ),
        pytest.param(lambda slug: Person.objects.create(name="Pat Doe", slug=slug), id="person"),
        pytest.param(lambda slug: Network.objects.create(name="Net", slug=slug), id="network"),
        pytest.param(lambda slug: Genre.objects.create(name="Crime", slug=slug), id="genre"),
    ],
)
def test_slug_is_unique(create, violates):
    create("taken")
    with violates("slug"):
        create("taken")


# Status and other fixed vocabularies


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        pytest.param(
            Series,
            lambda: {"title": "Show", "slug": "show", "network": NetworkFactory()},
            id="series",
        ),
        pytest.param(Season, lambda: {"series": SeriesFactory(), "number": 1}, id="season"),
        pytest.param(Episode, lambda: {"season": SeasonFactory(), "number": 1}, id="episode"),
        pytest.param(Person, lambda: {"name": "Pat Doe", "slug": "pat-doe"}, id="person"),
        pytest.param(Review, lambda: {"series": SeriesFactory(), "outlet": "Paper"}, id="review"),
        pytest.param(
            Claim,
            lambda: {"made_in": SourceFactory(), "number": 1, "text": "It", "verdict": "confirmed"},
            id="claim",
        ),
    ],
)
def test_status_is_draft_or_published(model, fields, violates):
    row = fields()
    with violates(f"{model._meta.model_name}_status_valid"):
        model.objects.create(status="archived", **row)


@pytest.mark.parametrize(
    ("create", "constraint"),
    [
        pytest.param(
            lambda: SeriesFactory(run_status="paused"), "series_run_status_valid", id="run status"
        ),
        pytest.param(lambda: CreditFactory(role="gaffer"), "credit_role_valid", id="credit role"),
        pytest.param(
            lambda: ClaimFactory(verdict="probably"), "claim_verdict_valid", id="claim verdict"
        ),
        pytest.param(
            lambda: Source.objects.create(title="A", url="https://a.example", reliability="shaky"),
            "source_reliability_valid",
            id="source reliability",
        ),
    ],
)
def test_vocabulary_values_are_valid(create, constraint, violates):
    with violates(constraint):
        create()


# Seasons


def test_season_number_is_unique_per_series(violates):
    season = SeasonFactory(number=1)
    SeasonFactory(number=1)  # the same number in another series is fine
    with violates("season_number_unique_per_series"):
        Season.objects.create(series=season.series, number=1)


def test_season_zero_holds_specials():
    specials = Season.objects.create(series=SeriesFactory(), number=0)
    assert specials.label == "Specials"


def test_season_number_cannot_be_negative(violates):
    season = SeasonFactory()
    # PostgreSQL trips the positive field's own check first, SQLite the named one.
    with violates(None):
        Season.objects.filter(pk=season.pk).update(number=-1)


def test_season_episode_count_is_positive(violates):
    with violates("season_episode_count_positive"):
        Season.objects.create(series=SeriesFactory(), number=1, episode_count=0)


# Episodes


def test_episode_number_is_unique_per_season(violates):
    episode = EpisodeFactory(number=1)
    EpisodeFactory(number=1)  # the same number in another season is fine
    with violates("episode_number_unique_per_season"):
        Episode.objects.create(season=episode.season, number=1)


def test_episode_number_is_unique_per_season_in_bulk(violates):
    season = SeasonFactory()
    with violates("episode_number_unique_per_season"):
        Episode.objects.bulk_create(
            [Episode(season=season, number=3), Episode(season=season, number=3)]
        )


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        pytest.param({"number": 0}, "episode_number_positive", id="number"),
        pytest.param(
            {"number": 1, "number_overall": 0}, "episode_number_overall_positive", id="overall"
        ),
        pytest.param({"number": 1, "runtime_minutes": 0}, "episode_runtime_positive", id="runtime"),
    ],
)
def test_episode_numbers_and_runtime_are_positive(fields, constraint, violates):
    season = SeasonFactory()
    with violates(constraint):
        Episode.objects.create(season=season, **fields)


# Dates in order


def test_series_finale_not_before_premiere(violates):
    network = NetworkFactory()
    Series.objects.create(
        title="Same day", slug="same-day", network=network, premiere_date=LATER, finale_date=LATER
    )
    with violates("series_finale_not_before_premiere"):
        Series.objects.create(
            title="Show", slug="show", network=network, premiere_date=LATER, finale_date=EARLIER
        )


def test_season_finale_not_before_premiere(violates):
    with violates("season_finale_not_before_premiere"):
        Season.objects.create(
            series=SeriesFactory(), number=1, premiere_date=LATER, finale_date=EARLIER
        )


def test_person_death_not_before_birth(violates):
    with violates("person_death_not_before_birth"):
        Person.objects.create(name="Pat Doe", slug="pat-doe", birth_date=LATER, death_date=EARLIER)


# Reviews


@pytest.mark.parametrize(
    ("score", "scale", "constraint"),
    [
        pytest.param(Decimal("10.5"), Decimal("10"), "review_score_within_scale", id="above scale"),
        pytest.param(Decimal("-1"), Decimal("10"), "review_score_within_scale", id="negative"),
        pytest.param(Decimal("8"), None, "review_score_has_scale", id="no scale"),
        pytest.param(None, Decimal("0"), "review_scale_positive", id="zero scale"),
    ],
)
def test_review_score_within_its_scale(score, scale, constraint, violates):
    series = SeriesFactory()
    with violates(constraint):
        Review.objects.create(series=series, outlet="Paper", score=score, scale=scale)


def test_review_score_may_equal_its_scale():
    review = Review.objects.create(
        series=SeriesFactory(), outlet="Paper", score=Decimal("4"), scale=Decimal("4")
    )
    assert review.score_display == "4/4"


@pytest.mark.parametrize("subject", ["both", "neither"])
def test_review_is_of_exactly_one_of_series_or_season(subject, violates):
    season = SeasonFactory()
    about = {"series": season.series, "season": season} if subject == "both" else {}
    with violates("review_of_series_xor_season"):
        Review.objects.create(outlet="Paper", **about)


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("kind", "blog", "review_kind_valid"),
        ("verification", "rumour", "review_verification_valid"),
    ],
)
def test_review_vocabularies_are_valid(field, value, constraint, violates):
    series = SeriesFactory()
    with violates(constraint):
        Review.objects.create(series=series, outlet="Paper", **{field: value})


# Credits


@pytest.mark.parametrize("subject", ["both", "neither"])
def test_credit_is_on_exactly_one_of_series_or_episode(subject, violates):
    episode = EpisodeFactory()
    person = PersonFactory()
    on = {"series": episode.season.series, "episode": episode} if subject == "both" else {}
    with violates("credit_on_series_xor_episode"):
        Credit.objects.create(person=person, role=Credit.Role.WRITER, **on)


def test_credit_is_unique_per_person_series_and_role(violates):
    credit = CreditFactory(role=Credit.Role.CREATOR)
    CreditFactory(person=credit.person, series=credit.series, role=Credit.Role.SHOWRUNNER)
    with violates("credit_unique_per_series_role"):
        Credit.objects.create(person=credit.person, series=credit.series, role=Credit.Role.CREATOR)


def test_credit_is_unique_per_person_episode_and_role(violates):
    credit = CreditFactory(episode=EpisodeFactory(), role=Credit.Role.DIRECTOR)
    CreditFactory(person=credit.person, episode=credit.episode, role=Credit.Role.WRITER)
    with violates("credit_unique_per_episode_role"):
        Credit.objects.create(
            person=credit.person, episode=credit.episode, role=Credit.Role.DIRECTOR
        )


# Sources, citations and claims


def test_source_url_is_unique(violates):
    SourceFactory(url="https://news.example.com/a")
    with violates("url"):
        Source.objects.create(title="Again", url="https://news.example.com/a")


def test_citation_is_unique_per_source_record_and_fact(violates):
    citation = CitationFactory(fact="premiere_date")
    CitationFactory(source=citation.source, content_object=citation.content_object, fact="title")
    CitationFactory(source=citation.source, content_object=citation.content_object, fact="")
    with violates("citation_unique_per_record_fact"):
        Citation.objects.create(
            source=citation.source, content_object=citation.content_object, fact="premiere_date"
        )


def test_citation_fact_is_a_field_name(violates):
    with violates("citation_fact_is_a_field_name"):
        CitationFactory(fact="premiere date")


def test_citation_fact_must_be_a_field_of_its_record():
    citation = CitationFactory.build(
        source=SourceFactory(), content_object=SeriesFactory(), fact="air_date"
    )
    with pytest.raises(ValidationError, match="no fact called “air_date”"):
        citation.full_clean()
    citation.fact = "premiere_date"
    citation.full_clean()


def test_claim_number_is_unique_per_source(violates):
    claim = ClaimFactory()
    ClaimFactory(number=claim.number)  # the same number in another source is fine
    with violates("claim_number_unique_per_source"):
        Claim.objects.create(
            made_in=claim.made_in, number=claim.number, text="Again", verdict="confirmed"
        )


def test_claim_number_is_positive(violates):
    source = SourceFactory()
    with violates("claim_number_positive"):
        Claim.objects.create(made_in=source, number=0, text="Zero", verdict="confirmed")
