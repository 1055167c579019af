"""factory-boy factories for the fictional world; generate_catalog builds with them too.

An appearance stays consistent with where it happens: given an episode it takes that
episode's season and series, given a season that season's series.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from catalog.factories import (
    KindAndNumber,
    NetworkFactory,
    PersonFactory,
    SeriesFactory,
    numbered_in,
    slug_with_suffix,
)
from catalog.models import PublishStatus
from franchise.models import (
    FIXED_SCOPES,
    Appearance,
    AppearanceKind,
    CanonScope,
    Character,
    LinkKind,
    SeriesLink,
    Universe,
    UniverseMembership,
)
from franchise.orders import OrderKind, WatchOrder, WatchOrderEntry


class PublishedNamedFactory(DjangoModelFactory):
    """A published record with a name and a slug made from it."""

    class Meta:
        abstract = True

    name = KindAndNumber()
    slug = factory.LazyAttributeSequence(lambda o, n: slug_with_suffix(o.name, n))
    status = PublishStatus.PUBLISHED


class UniverseFactory(PublishedNamedFactory):
    class Meta:
        model = Universe

    description = factory.Faker("paragraph", nb_sentences=2)


class UniverseMembershipFactory(DjangoModelFactory):
    class Meta:
        model = UniverseMembership

    universe, position = numbered_in("universe", UniverseFactory, "memberships", "position")
    series = factory.SubFactory(SeriesFactory)


class CharacterFactory(PublishedNamedFactory):
    class Meta:
        model = Character

    description = factory.Faker("sentence", nb_words=12)


class AppearanceFactory(DjangoModelFactory):
    """Main cast of a series by default; a guest spot when given an episode.

    kind="mention" leaves the performer blank, as the database requires.
    """

    class Meta:
        model = Appearance

    character = factory.SubFactory(CharacterFactory)
    episode = None
    season = factory.Maybe("episode", yes_declaration=factory.SelfAttribute("episode.season"))
    series = factory.Maybe(
        "season",
        yes_declaration=factory.SelfAttribute("season.series"),
        no_declaration=factory.SubFactory(SeriesFactory),
    )
    kind = factory.Maybe(
        "episode", yes_declaration=AppearanceKind.GUEST, no_declaration=AppearanceKind.MAIN
    )
    performer = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == AppearanceKind.MENTION),
        yes_declaration=None,
        no_declaration=factory.SubFactory(PersonFactory),
    )
    credited_as = factory.LazyAttribute(lambda o: o.character.name if o.performer else "")


class SeriesLinkFactory(DjangoModelFactory):
    """Source spin-off of target by default; both series are new unless given. On screen,
    unless the kind has a scope of its own (a shared literary universe is the books')."""

    class Meta:
        model = SeriesLink

    source = factory.SubFactory(SeriesFactory)
    target = factory.SubFactory(SeriesFactory)
    kind = LinkKind.SPIN_OFF_OF
    scope = factory.LazyAttribute(lambda o: FIXED_SCOPES.get(o.kind, (CanonScope.ON_SCREEN, ""))[0])


class WatchOrderFactory(DjangoModelFactory):
    """A published story order of a new universe."""

    class Meta:
        model = WatchOrder

    universe = factory.SubFactory(UniverseFactory)
    kind = OrderKind.STORY
    introduction = factory.Faker("sentence", nb_words=10)
    status = PublishStatus.PUBLISHED


class WatchOrderEntryFactory(DjangoModelFactory):
    """The next place in an order: give it a season or an episode (of the order's universe),
    and a tier for the essentials."""

    class Meta:
        model = WatchOrderEntry

    order, position = numbered_in("order", WatchOrderFactory, "entries", "position")
    season = None
    episode = None
    reason = factory.Faker("sentence", nb_words=8)


# Titles of every length the graph has to fit, from one word to one that wraps twice.
CROWDED_TITLES = (
    "Harbour",
    "The Long Watch",
    "Harbour: Legacy",
    "Night Desk",
    "The Lincoln Street Lawyer: Reasonable Doubt",
    "Ballast",
    "Harbour: The Early Years",
    "Cold Files",
    "Precinct Nine and the Westside Division",
    "Undertow",
    "Harbour: Homecoming",
    "The Last Watch",
)
# (earlier, later, kind) by index into the titles: chains of spin-offs and sequels, links
# that span the whole timeline, a shared literary universe and a production reference.
CROWDED_LINKS = (
    (2, 0, LinkKind.SPIN_OFF_OF),
    (6, 0, LinkKind.PREQUEL_TO),
    (10, 2, LinkKind.SEQUEL_TO),
    (3, 1, LinkKind.SPIN_OFF_OF),
    (11, 1, LinkKind.SEQUEL_TO),
    (4, 0, LinkKind.SAME_LITERARY_UNIVERSE),
    (8, 3, LinkKind.CROSSOVER_WITH),
    (9, 5, LinkKind.REFERENCES),
    (7, 4, LinkKind.SHARES_CHARACTERS_WITH),
    (11, 0, LinkKind.REFERENCES),
)
# Characters and the series (by index) they appear in: one in two, one in many.
CROWDED_CHARACTERS = ((0, 2, 6, 10), (0, 2), (1, 3, 11), (3, 8), (4, 7, 9), (5, 9), (0, 11))


def crowded_universe_create(*, name: str = "Crowded Universe") -> Universe:
    """A published universe of twelve series, several premiering the same year, joined by
    ten typed links and seven shared characters: a graph much busier than the seed's."""
    universe = UniverseFactory(name=name)
    network = NetworkFactory(name="Harbour Network")
    series = []
    for number, title in enumerate(CROWDED_TITLES):
        year = 2001 + number * 2 - (number % 3) * 2  # some years twice, some gaps
        premiere = datetime.date(year, 1 + number, 1)
        series.append(SeriesFactory(title=title, premiere_date=premiere, network=network))
        UniverseMembershipFactory(universe=universe, series=series[-1])
    for source, target, kind in CROWDED_LINKS:
        SeriesLinkFactory(source=series[source], target=series[target], kind=kind)
    for number, places in enumerate(CROWDED_CHARACTERS):
        character = CharacterFactory(name=f"Crowded Character {number}")
        for place in places:
            AppearanceFactory(character=character, series=series[place])
    return universe
