"""factory-boy factories for the production record; generate_catalog builds with them too.

Records default to published: a test makes a draft by saying status="draft".
Numbers inside a parent (season in a series, episode in a season, claim in a source) take
the next free number of that parent, so a fresh series starts at season 1.
"""

import datetime
from decimal import Decimal

import factory
from django.db.models import Max
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from catalog.models import (
    Citation,
    Claim,
    ClaimVerdict,
    Credit,
    CreditRole,
    Episode,
    Genre,
    Network,
    Person,
    PublishStatus,
    Review,
    RunStatus,
    Season,
    Series,
    Source,
)


def slug_with_suffix(text: str, n: int) -> str:
    """slugify(text) ending in -n, so two records with one name still get two slugs."""
    slug = slugify(text)
    return slug if slug.endswith(f"-{n}") else f"{slug}-{n}"


def next_number(parent, related_name: str, field: str = "number", first: int = 1) -> int:
    """The next free number among a saved parent's children; `first` for an unsaved one."""
    if parent is None or parent.pk is None:
        return first
    highest = getattr(parent, related_name).aggregate(highest=Max(field))["highest"]
    return first if highest is None else max(highest + 1, first)


def numbered_in(parent: str, parent_factory, children: str, field: str = "number"):
    """The declarations of a record numbered inside a parent (a season in its series, an
    episode in its season, a claim in its source): the parent, a new one unless given, and
    the number, the parent's next free one. `season, number = numbered_in("season",
    SeasonFactory, "episodes")`."""
    return (
        factory.SubFactory(parent_factory),
        factory.LazyAttribute(lambda o: next_number(getattr(o, parent), children, field=field)),
    )


class KindAndNumber(factory.declarations.BaseDeclaration):
    """A name made of the record's kind and the factory's sequence number: "Network 3"."""

    def evaluate(self, instance, step, extra):
        return f"{step.builder.factory_meta.model.__name__} {int(step.sequence)}"


def days_after(day: datetime.date | None, days: int) -> datetime.date | None:
    return None if day is None else day + datetime.timedelta(days=days)


class PublishedFactory(DjangoModelFactory):
    """A record with a status, published unless the test says status="draft"."""

    class Meta:
        abstract = True

    status = PublishStatus.PUBLISHED


class VocabularyFactory(DjangoModelFactory):
    """A network or a genre: a name, and a slug it is found again by."""

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)

    name = KindAndNumber()
    slug = factory.LazyAttributeSequence(lambda o, n: slug_with_suffix(o.name, n))


class NetworkFactory(VocabularyFactory):
    class Meta:
        model = Network

    url = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.com/")


class GenreFactory(VocabularyFactory):
    class Meta:
        model = Genre


class SeriesFactory(PublishedFactory):
    class Meta:
        model = Series
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: slug_with_suffix(o.title, n))
    network = factory.SubFactory(NetworkFactory)
    premiere_date = factory.Faker(
        "date_between", start_date=datetime.date(1995, 1, 1), end_date=datetime.date(2020, 12, 31)
    )
    finale_date = None
    run_status = RunStatus.AIRING
    synopsis = factory.Faker("paragraph", nb_sentences=2)

    @factory.post_generation
    def genres(self, create, extracted, **kwargs):
        """SeriesFactory(genres=[crime, drama]) attaches them once the series is saved."""
        if create and extracted:
            self.genres.set(extracted)


class SeasonFactory(PublishedFactory):
    class Meta:
        model = Season

    series, number = numbered_in("series", SeriesFactory, "seasons")
    # One season a year from the series premiere; specials (season 0) with the first.
    premiere_date = factory.LazyAttribute(
        lambda o: days_after(o.series.premiere_date, 365 * max(o.number - 1, 0))
    )
    synopsis = factory.Faker("sentence", nb_words=12)


class EpisodeFactory(PublishedFactory):
    class Meta:
        model = Episode

    season, number = numbered_in("season", SeasonFactory, "episodes")
    title = factory.Sequence(lambda n: f"Episode title {n}")
    # Weekly from the season premiere: episode 1 airs on it, none before it.
    air_date = factory.LazyAttribute(
        lambda o: days_after(o.season.premiere_date, 7 * (o.number - 1))
    )
    runtime_minutes = 50
    synopsis = factory.Faker("sentence", nb_words=14)


class PersonFactory(PublishedFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: slug_with_suffix(o.name, n))
    bio = factory.Faker("sentence", nb_words=10)
    birth_date = factory.Faker(
        "date_between", start_date=datetime.date(1940, 1, 1), end_date=datetime.date(2000, 12, 31)
    )
    death_date = None


class CreditFactory(DjangoModelFactory):
    """A series credit (creator) by default; CreditFactory(episode=e) credits a director."""

    class Meta:
        model = Credit

    person = factory.SubFactory(PersonFactory)
    episode = None
    series = factory.Maybe(
        "episode", yes_declaration=None, no_declaration=factory.SubFactory(SeriesFactory)
    )
    role = factory.Maybe(
        "episode", yes_declaration=CreditRole.DIRECTOR, no_declaration=CreditRole.CREATOR
    )
    position = 0


class ReviewFactory(PublishedFactory):
    """A critic review of a series by default; ReviewFactory(season=s) reviews a season."""

    class Meta:
        model = Review

    season = None
    series = factory.Maybe(
        "season", yes_declaration=None, no_declaration=factory.SubFactory(SeriesFactory)
    )
    outlet = factory.Sequence(lambda n: f"Outlet {n}")
    critic = factory.Faker("name")
    url = factory.Sequence(lambda n: f"https://reviews.example.com/{n}")
    published_on = factory.LazyAttribute(
        lambda o: days_after((o.series or o.season).premiere_date, 1)
    )
    score = Decimal("8.0")
    scale = Decimal("10")
    excerpt = factory.Faker("sentence", nb_words=12)


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source {n}")
    url = factory.Sequence(lambda n: f"https://news.example.com/articles/{n}")
    publisher = "Example News"
    published_on = datetime.date(2024, 1, 15)
    accessed_on = datetime.date(2025, 1, 15)


class CitationFactory(DjangoModelFactory):
    """A source backing one fact of a record (a series unless content_object says otherwise)."""

    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    content_object = factory.SubFactory(SeriesFactory)
    fact = Citation.WHOLE


class ClaimFactory(PublishedFactory):
    class Meta:
        model = Claim

    made_in, number = numbered_in("made_in", SourceFactory, "claims")
    text = factory.Sequence(lambda n: f"Claim number {n} made in the press.")
    series = factory.SubFactory(SeriesFactory)
    verdict = ClaimVerdict.CONFIRMED
    evidence = factory.Faker("sentence", nb_words=10)
