"""The database itself refuses a bad fictional-world record.

Rows go in through .objects.create() and bulk_create(), which skip full_clean(), so only the
named constraints stand between them and the tables.
"""

import pytest

from catalog.factories import EpisodeFactory, PersonFactory, SeasonFactory, SeriesFactory
from franchise.factories import (
    AppearanceFactory,
    CharacterFactory,
    SeriesLinkFactory,
    UniverseFactory,
    UniverseMembershipFactory,
)
from franchise.models import (
    Appearance,
    CanonScope,
    Character,
    LinkKind,
    SeriesLink,
    Universe,
    UniverseMembership,
)

pytestmark = pytest.mark.django_db


# Universes and characters


@pytest.mark.parametrize(
    "model",
    [pytest.param(Universe, id="universe"), pytest.param(Character, id="character")],
)
def test_slug_is_unique(model, violates):
    model.objects.create(name="Harry Bosch", slug="taken")
    with violates("slug"):
        model.objects.create(name="Harry Bosch", slug="taken")


@pytest.mark.parametrize(
    "model",
    [pytest.param(Universe, id="universe"), pytest.param(Character, id="character")],
)
def test_status_is_draft_or_published(model, violates):
    with violates(f"{model._meta.model_name}_status_valid"):
        model.objects.create(name="Harry Bosch", slug="harry-bosch", status="archived")


# Universe membership


def test_series_belongs_to_a_universe_once(violates):
    membership = UniverseMembershipFactory()
    with violates("membership_series_once_per_universe"):
        UniverseMembership.objects.create(
            universe=membership.universe, series=membership.series, position=2
        )


def test_membership_position_is_unique_per_universe(violates):
    membership = UniverseMembershipFactory(position=1)
    UniverseMembershipFactory(position=1)  # position 1 of another universe is fine
    with violates("membership_position_unique"):
        UniverseMembership.objects.create(
            universe=membership.universe, series=SeriesFactory(), position=1
        )


def test_membership_position_counts_from_one(violates):
    universe, series = UniverseFactory(), SeriesFactory()
    with violates("membership_position_positive"):
        UniverseMembership.objects.create(universe=universe, series=series, position=0)


# Appearances


def test_appearance_kind_is_valid(violates):
    character, series, performer = CharacterFactory(), SeriesFactory(), PersonFactory()
    with violates("appearance_kind_valid"):
        Appearance.objects.create(
            character=character, series=series, performer=performer, kind="villain"
        )


def test_a_part_without_billing_and_a_flashback_are_kinds():
    """ "cast" when no source gives the billing; "flashback" for the story's past."""
    episode = EpisodeFactory()
    Appearance.objects.create(
        character=CharacterFactory(), series=episode.season.series, kind="cast"
    )
    Appearance.objects.create(
        character=CharacterFactory(),
        series=episode.season.series,
        season=episode.season,
        episode=episode,
        performer=PersonFactory(),
        kind="flashback",
    )
    assert set(Appearance.objects.values_list("kind", flat=True)) == {"cast", "flashback"}


def test_a_mention_has_no_performer(violates):
    episode, character = EpisodeFactory(), CharacterFactory()
    where = {"series": episode.season.series, "season": episode.season, "episode": episode}
    Appearance.objects.create(character=character, kind=Appearance.Kind.MENTION, **where)
    with violates("appearance_mention_has_no_performer"):
        Appearance.objects.create(
            character=CharacterFactory(),
            performer=PersonFactory(),
            kind=Appearance.Kind.MENTION,
            **where,
        )


def test_appearance_is_unique_per_character_episode_and_kind(violates):
    guest = AppearanceFactory(episode=EpisodeFactory())
    AppearanceFactory(  # the same character mentioned in the same episode is another row
        character=guest.character, episode=guest.episode, kind=Appearance.Kind.MENTION
    )
    with violates("appearance_unique_per_episode"):
        Appearance.objects.create(
            character=guest.character,
            series=guest.series,
            season=guest.season,
            episode=guest.episode,
            performer=PersonFactory(),
            kind=Appearance.Kind.GUEST,
        )


def test_appearance_is_unique_per_character_season_and_kind(violates):
    recurring = AppearanceFactory(season=SeasonFactory(), kind=Appearance.Kind.RECURRING)
    with violates("appearance_unique_per_season"):
        Appearance.objects.create(
            character=recurring.character,
            series=recurring.series,
            season=recurring.season,
            performer=PersonFactory(),
            kind=Appearance.Kind.RECURRING,
        )


def test_series_appearance_is_unique_per_character_kind_and_performer(violates):
    main = AppearanceFactory()
    # A recast: the same role in the same series by another performer is another row.
    AppearanceFactory(character=main.character, series=main.series, performer=PersonFactory())
    with violates("appearance_unique_per_series"):
        Appearance.objects.bulk_create(
            [
                Appearance(
                    character=main.character,
                    series=main.series,
                    performer=main.performer,
                    kind=Appearance.Kind.MAIN,
                )
            ]
        )


# Series links


def test_series_link_never_to_itself(violates):
    series = SeriesFactory()
    with violates("series_link_not_self"):
        SeriesLink.objects.create(source=series, target=series, kind=LinkKind.REFERENCES)


def test_series_link_kind_is_valid(violates):
    source, target = SeriesFactory(), SeriesFactory()
    with violates("series_link_kind_valid"):
        SeriesLink.objects.create(source=source, target=target, kind="remake_of")


def test_series_link_scope_is_valid(violates):
    source, target = SeriesFactory(), SeriesFactory()
    with violates("series_link_scope_valid"):
        SeriesLink.objects.create(source=source, target=target, kind="references", scope="film")


@pytest.mark.parametrize(
    ("kind", "scope", "constraint"),
    [
        (
            LinkKind.CROSSOVER_WITH,
            CanonScope.BOOKS_ONLY,
            "series_link_crossover_with_on_screen",
        ),
        (
            LinkKind.SAME_LITERARY_UNIVERSE,
            CanonScope.ON_SCREEN,
            "series_link_same_literary_universe_books_only",
        ),
        (
            LinkKind.SAME_LITERARY_UNIVERSE,
            CanonScope.PRODUCTION,
            "series_link_same_literary_universe_books_only",
        ),
    ],
)
def test_a_link_kind_with_a_scope_of_its_own_keeps_it(kind, scope, constraint, violates):
    """A crossover is on screen; a shared literary universe is the books'."""
    source, target = SeriesFactory(), SeriesFactory()
    with violates(constraint):
        SeriesLink.objects.create(source=source, target=target, kind=kind, scope=scope)


def test_other_link_kinds_take_any_scope():
    source, target = SeriesFactory(), SeriesFactory()
    for kind, scope in [
        (LinkKind.REFERENCES, CanonScope.PRODUCTION),
        (LinkKind.SHARES_CHARACTERS_WITH, CanonScope.BOOKS_ONLY),
        (LinkKind.SPIN_OFF_OF, CanonScope.ON_SCREEN),
    ]:
        SeriesLink.objects.create(source=source, target=target, kind=kind, scope=scope)
    assert SeriesLink.objects.count() == 3


def test_one_link_of_a_kind_per_pair(violates):
    link = SeriesLinkFactory(kind=LinkKind.SPIN_OFF_OF)
    # Another kind between the same two series is fine.
    SeriesLinkFactory(source=link.source, target=link.target, kind=LinkKind.CROSSOVER_WITH)
    with violates("series_link_one_per_kind_per_pair"):
        SeriesLink.objects.create(source=link.source, target=link.target, kind=LinkKind.SPIN_OFF_OF)


def test_mirrored_link_of_the_same_kind_is_refused(violates):
    """A sequel to B, then B sequel to A: the unordered pair already has a sequel link."""
    a, b = SeriesFactory(), SeriesFactory()
    with violates("series_link_one_per_kind_per_pair"):
        SeriesLink.objects.bulk_create(
            [
                SeriesLink(source=a, target=b, kind=LinkKind.SEQUEL_TO),
                SeriesLink(source=b, target=a, kind=LinkKind.SEQUEL_TO),
            ]
        )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(LinkKind.SEQUEL_TO, LinkKind.PREQUEL_TO, id="same-fact-twice"),
        pytest.param(LinkKind.PREQUEL_TO, LinkKind.SEQUEL_TO, id="same-fact-twice-reversed"),
    ],
)
def test_sequel_and_prequel_are_one_family(first, second, violates):
    """A sequel to B and B prequel to A say one thing; A sequel to B and A prequel to B
    contradict each other. Either way the pair already has its order."""
    a, b = SeriesFactory(), SeriesFactory()
    SeriesLink.objects.create(source=a, target=b, kind=first)
    with violates("series_link_one_per_kind_per_pair"):
        SeriesLink.objects.create(source=b, target=a, kind=second)
    with violates("series_link_one_per_kind_per_pair"):
        SeriesLink.objects.create(source=a, target=b, kind=second)


def test_a_series_level_mention_is_stored_once(violates):
    appearance = AppearanceFactory(kind=Appearance.Kind.MENTION, performer=None)
    with violates("appearance_unique_per_series_unperformed"):
        Appearance.objects.create(
            character=appearance.character, series=appearance.series, kind=Appearance.Kind.MENTION
        )
