"""The seed loader: idempotent, faithful to its data file, all-or-nothing on bad input."""

import tomllib

import pytest

from catalog.models import Claim, Episode, Person, Review, Season, Series, Source
from franchise.models import Appearance, Character, SeriesLink, Universe
from franchise.seed import DEFAULT_SEED_FILE, SeedError
from franchise.services import universe_load

pytestmark = pytest.mark.django_db

MODELS = [Source, Person, Series, Season, Episode, Character, Appearance, SeriesLink, Review, Claim]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seed_data() -> dict:
    with open(DEFAULT_SEED_FILE, "rb") as handle:
        return tomllib.load(handle)


def minimal_data(**overrides) -> dict:
    data = {
        "sources": [{"key": "s1", "url": "https://example.org/a", "title": "A page"}],
        "networks": [{"slug": "net", "name": "Net"}],
        "people": [{"slug": "pat", "name": "Pat Doe", "sources": ["s1"]}],
        "series": [
            {
                "slug": "show",
                "title": "Show",
                "network": "net",
                "sources": ["s1"],
                "seasons": [
                    {
                        "number": 1,
                        "episode_count": 1,
                        "sources": ["s1"],
                        "episodes": [{"number": 1, "title": "", "sources": ["s1"]}],
                    }
                ],
            }
        ],
    }
    data.update(overrides)
    return data


def test_counts_match_the_data_file(seed_data):
    universe_load()
    seasons = [season for series in seed_data["series"] for season in series["seasons"]]
    episodes = [episode for season in seasons for episode in season.get("episodes", [])]
    appearances = [a for c in seed_data["characters"] for a in c.get("appearances", [])]
    assert counts() == {
        "Source": len(seed_data["sources"]),
        "Person": len(seed_data["people"]),
        "Series": len(seed_data["series"]),
        "Season": len(seasons),
        "Episode": len(episodes),
        "Character": len(seed_data["characters"]),
        "Appearance": len(appearances),
        "SeriesLink": len(seed_data["links"]),
        "Review": len(seed_data["reviews"]),
        "Claim": len(seed_data["claims"]),
    }
    assert Episode.objects.count() == 148
    assert Universe.objects.get(slug="bosch-universe").series.count() == 4


def test_second_load_changes_nothing():
    first = universe_load()
    before = counts()
    second = universe_load()
    assert first.changes > 0
    assert second.changes == 0
    assert counts() == before


def test_every_seeded_record_cites_a_source(seeded):
    for model in [Series, Season, Episode, Person, Character, Review, SeriesLink]:
        uncited = model.objects.filter(citations__isnull=True)
        assert not uncited.exists(), f"{model.__name__} without a source: {list(uncited[:3])}"


def test_sources_cite_the_field_they_give(seeded):
    """`field_sources` ties a source to one field; `sources` to the record as a whole."""
    bosch = Series.objects.get(slug="bosch")
    cited = {(c.source.url, c.fact) for c in bosch.citations.select_related("source")}
    assert ("https://wikiclassic.com/wiki/Bosch_(TV_series)", "finale_date") in cited
    assert ("https://en.m.wikipedia.org/wiki/Bosch_(TV_series)", "") in cited
    assert ("https://wikiclassic.com/wiki/Bosch_(TV_series)", "") not in cited
    genres = {c.source.publisher for c in bosch.citations.filter(fact="genres")}
    assert genres == {"Rotten Tomatoes"}
    # An episode's credits rest on the page that prints them (`credit_sources`).
    blue_religion = Episode.objects.get(season__series=bosch, season__number=1, number=3)
    for credit in blue_religion.credits.all():
        assert [c.source.reliability for c in credit.citations.all()] == ["weak"]


def test_mirrors_and_listing_sites_are_weak_sources(seeded):
    for url in [
        "https://wikiclassic.com/wiki/Bosch_(TV_series)",
        "http://w.owiki.org/wiki/Bosch_%28TV_series%29",
        "https://everything.explained.today/%5C/Bosch%3a_Legacy",
        "https://tv-calendar.com/show/153657-bosch-legacy/02",
    ]:
        assert Source.objects.get(url=url).reliability == "weak"
    assert Source.objects.get(url__contains="review.clateway.com").reliability == "weak"


def test_a_reload_moves_a_source_from_the_record_to_its_field():
    data = minimal_data()
    universe_load(data=data)
    data["series"][0]["sources"] = []
    data["series"][0]["field_sources"] = {"premiere_date": ["s1"]}
    report = universe_load(data=data)
    assert report.updated["citations removed"] == 1
    series = Series.objects.get(slug="show")
    assert list(series.citations.values_list("fact", flat=True)) == ["premiere_date"]
    assert universe_load(data=data).changes == 0


def test_untitled_episodes_are_stored_without_inventing_a_title(seeded):
    ballard_9 = Episode.objects.get(season__series__slug="ballard", season__number=1, number=9)
    assert ballard_9.title == ""
    assert ballard_9.display_title == "Episode 9 — title not yet sourced"


def test_seed_holds_the_crossovers_the_fact_sheet_confirms(seeded):
    harry = Appearance.objects.filter(character__slug="harry-bosch")
    assert set(harry.values_list("series__slug", flat=True)) == {"bosch", "bosch-legacy", "ballard"}
    in_ballard = harry.filter(series__slug="ballard")
    # The fact sheet bills him as recurring in Ballard ("cameos", in Welliver's word).
    assert {(a.episode.number, a.kind) for a in in_ballard} == {
        (1, "mention"),
        (2, "recurring"),
        (7, "recurring"),
        (8, "mention"),
    }
    renee = Appearance.objects.filter(character__slug="renee-ballard", series__slug="bosch-legacy")
    assert [(a.episode.season.number, a.episode.number) for a in renee] == [(3, 10)]
    assert Appearance.objects.filter(
        character__slug="mickey-haller", episode__season__series__slug="bosch-legacy"
    ).exists()


def test_seed_stores_a_billing_only_where_the_fact_sheet_gives_one(seeded):
    """The fact sheet lists The Lincoln Lawyer's cast without billing (its lead aside), and
    calls two Bosch parts an "arc": they are "cast", not "recurring"."""
    lincoln = Appearance.objects.filter(series__slug="the-lincoln-lawyer")
    assert set(lincoln.exclude(character__slug="mickey-haller").values_list("kind", flat=True)) == {
        "cast"
    }
    assert lincoln.filter(kind="cast", season__isnull=True).count() == 7
    assert lincoln.filter(kind="cast").count() == 11
    arcs = Appearance.objects.filter(series__slug="bosch", kind="cast")
    assert set(arcs.values_list("character__slug", flat=True)) == {"frank-sheehan", "raynard-waits"}


def test_the_bosch_legacy_flashback_is_stored_as_one(seeded):
    """No TV crossover: a young Mickey Haller (credited "Son") and his father are seen in a
    flashback in Bosch: Legacy 1×8."""
    bloodline = Appearance.objects.filter(
        episode__season__series__slug="bosch-legacy", episode__season__number=1, episode__number=8
    )
    assert {(a.character.slug, a.kind, a.credited_as) for a in bloodline} == {
        ("mickey-haller", "flashback", "Son"),
        ("j-michael-haller-sr", "flashback", "Father"),
    }


def test_each_link_has_the_scope_the_fact_sheet_gives(seeded):
    scopes = {
        (link.source.slug, link.kind, link.target.slug): link.scope
        for link in SeriesLink.objects.select_related("source", "target")
    }
    assert scopes == {
        ("bosch-legacy", "spin_off_of", "bosch"): "on_screen",
        ("bosch-legacy", "sequel_to", "bosch"): "on_screen",
        ("ballard", "spin_off_of", "bosch-legacy"): "on_screen",
        # Same literary universe, no screen crossover: the rights are split.
        ("the-lincoln-lawyer", "same_literary_universe", "bosch"): "books_only",
    }


def test_a_corrected_kind_updates_the_appearance_on_reload(seeded):
    """An appearance is found by where and by whom: loading a corrected kind (as when an
    invented billing is taken back) changes the record instead of adding a second."""
    maggie = Appearance.objects.get(character__slug="maggie-mcpherson")
    Appearance.objects.filter(pk=maggie.pk).update(kind="guest")
    before = counts()
    report = universe_load()
    assert report.updated["appearances"] == 1
    assert counts() == before
    assert Appearance.objects.get(pk=maggie.pk).kind == maggie.kind


def test_contradicted_claims_are_recorded_with_their_verdict(seeded):
    contradicted = Claim.objects.filter(verdict=Claim.Verdict.CONTRADICTED)
    assert contradicted.filter(text__icontains="Gilroy").exists()
    assert not Claim.objects.filter(verdict="").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            minimal_data(people=[{"slug": "pat", "name": "A", "sources": ["s1"]}] * 2),
            "person 'pat' appears more than once",
        ),
        (
            minimal_data(networks=[]),
            "series 'show': unknown network 'net'",
        ),
        (
            minimal_data(people=[{"slug": "pat", "name": "Pat", "sources": ["nope"]}]),
            "person 'pat': unknown source 'nope'",
        ),
        (
            minimal_data(people=[{"slug": "pat", "name": "Pat"}]),
            "person 'pat': every fact needs a source",
        ),
        (
            minimal_data(people=[{"slug": "Not a slug!", "name": "Pat", "sources": ["s1"]}]),
            "person 'Not a slug!': slug:",
        ),
        (
            minimal_data(
                people=[{"slug": "pat", "name": "Pat", "field_sources": {"air_date": ["s1"]}}]
            ),
            "person 'pat': a person has no field 'air_date' to cite",
        ),
    ],
)
def test_bad_data_names_the_record_and_writes_nothing(data, message):
    with pytest.raises(SeedError, match=message):
        universe_load(data=data)
    assert all(count == 0 for count in counts().values())


def test_an_appearance_listed_twice_is_refused():
    twice = {"series": "show", "kind": "main", "performer": "pat", "sources": ["s1"]}
    character = {"slug": "kim", "name": "Kim", "sources": ["s1"], "appearances": [twice] * 2}
    with pytest.raises(SeedError, match="character 'kim' appearance in 'show': .* listed twice"):
        universe_load(data=minimal_data(characters=[character]))
    assert all(count == 0 for count in counts().values())


def test_a_link_names_its_scope():
    shows = minimal_data()["series"] * 2
    shows = [shows[0], {**shows[1], "slug": "other", "title": "Other", "seasons": []}]
    link = {"source": "other", "kind": "spin_off_of", "target": "show", "sources": ["s1"]}
    with pytest.raises(SeedError, match="missing required field 'scope'"):
        universe_load(data=minimal_data(series=shows, links=[link]))
    with pytest.raises(SeedError, match="refused by the database"):
        universe_load(
            data=minimal_data(
                series=shows,
                links=[{**link, "kind": "same_literary_universe", "scope": "on_screen"}],
            )
        )


def test_a_late_error_rolls_back_what_came_before():
    data = minimal_data()
    data["series"][0]["seasons"][0]["episodes"].append({"number": 0, "sources": ["s1"]})
    data["series"][0]["seasons"][0]["episode_count"] = None
    with pytest.raises(SeedError, match="series 'show' season 1 episode 0"):
        universe_load(data=data)
    assert all(count == 0 for count in counts().values())


def test_broken_file_is_refused(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[[series]]\nslug = "x\n')
    with pytest.raises(SeedError, match="not valid TOML"):
        universe_load(path=broken)
