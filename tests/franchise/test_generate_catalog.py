"""generate_catalog: the same seed gives the same catalogue, exactly N episodes, on an empty
database or beside the seed universe, and everything it makes obeys the domain's rules."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F, Q

from catalog.models import Episode, Person, PublishStatus, Review, Season, Series
from franchise.generate import generator, synthetic_catalog_generate
from franchise.models import Appearance, Character, LinkKind, SeriesLink, Universe
from tests.conftest import shared_catalogue

pytestmark = pytest.mark.django_db

SEED = 7
EPISODES = 300
LARGER = 1_500  # enough universes that every kind of link and crossover turns up


@pytest.fixture(scope="module")
def shared_larger(django_db_setup, django_db_blocker):
    """One catalogue of LARGER episodes for the tests that only read it."""
    with shared_catalogue(django_db_blocker, lambda: run(episodes=LARGER, seed=SEED)):
        yield


def run(*args, **options) -> str:
    out = StringIO()
    call_command("generate_catalog", *args, stdout=out, **options)
    return out.getvalue()


def summary(output: str) -> dict[str, int]:
    """The command's counts per model, e.g. {"episodes": 300}: the lines after the one
    giving the seconds (progress comes before it)."""
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Generated")) + 1
    rows = (line.rsplit(maxsplit=1) for line in lines[start:])
    return {label.strip(): int(count.replace(",", "")) for label, count in rows}


def generated(model, seed: int = SEED, path: str = "slug"):
    return model.objects.filter(**{f"{path}__startswith": f"gen-{seed}-"})


def snapshot(seed: int = SEED) -> dict:
    """Everything a reader would see of one seed's catalogue, without database ids."""
    return {
        "series": list(
            generated(Series, seed)
            .order_by("slug")
            .values_list("slug", "title", "network__name", "premiere_date", "finale_date")
        ),
        "episodes": list(
            generated(Episode, seed, "season__series__slug")
            .order_by("season__series__slug", "season__number", "number")
            .values_list("season__series__slug", "season__number", "number", "title", "air_date")
        ),
        "people": list(
            generated(Person, seed).order_by("slug").values_list("slug", "name", "birth_date")
        ),
        "cast": sorted(
            generated(Appearance, seed, "series__slug").values_list(
                "character__slug",
                "series__slug",
                "season__number",
                "episode__number",
                "kind",
                "performer__slug",
            ),
            key=repr,
        ),
        "links": sorted(
            generated(SeriesLink, seed, "source__slug").values_list(
                "source__slug", "kind", "target__slug"
            )
        ),
        "reviews": list(
            Review.objects.filter(
                Q(series__slug__startswith=f"gen-{seed}-")
                | Q(season__series__slug__startswith=f"gen-{seed}-")
            )
            .order_by("url")
            .values_list("url", "outlet", "critic", "score", "scale", "published_on")
        ),
    }


def test_same_seed_same_catalogue():
    first_output = run(episodes=EPISODES, seed=SEED)
    first = snapshot()

    assert len(first["episodes"]) == EPISODES
    assert all(first.values())
    second_output = run(episodes=EPISODES, seed=SEED, replace=True)

    assert snapshot() == first
    assert summary(second_output) == summary(first_output)
    assert summary(first_output)["episodes"] == Episode.objects.count() == EPISODES


def test_different_seeds_differ_and_live_side_by_side():
    run(episodes=EPISODES, seed=SEED)
    run(episodes=EPISODES, seed=SEED + 1)

    titles = [title for _, title, *_ in snapshot(SEED)["series"]]
    other_titles = [title for _, title, *_ in snapshot(SEED + 1)["series"]]
    assert titles != other_titles
    assert Episode.objects.count() == 2 * EPISODES


@pytest.mark.parametrize("episodes", [1, 9, EPISODES, 260])
def test_makes_exactly_the_episodes_asked_for(episodes, monkeypatch):
    monkeypatch.setattr(generator, "CHUNK_EPISODES", 100)  # 260 episodes: three chunks
    output = run(episodes=episodes, seed=SEED)

    assert Episode.objects.count() == summary(output)["episodes"] == episodes
    assert Season.objects.count() == summary(output)["seasons"] > 0


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--episodes", "0"], id="zero"),
        pytest.param(["--episodes", "-3"], id="negative"),
        pytest.param(["--episodes", "2000001"], id="too many"),
        pytest.param(["--episodes", "ten"], id="not a number"),
        pytest.param([], id="missing"),
        pytest.param(["--episodes", "5", "--seed", "-1"], id="negative seed"),
        pytest.param(["--episodes", "5", "--seed", str(2**32)], id="seed too large"),
    ],
)
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)
    assert not Series.objects.exists()


def test_a_seed_generated_twice_needs_replace():
    run(episodes=EPISODES, seed=SEED)

    with pytest.raises(CommandError, match=f"already generated for seed {SEED}; use --replace"):
        run(episodes=EPISODES, seed=SEED)
    assert Episode.objects.count() == EPISODES


def test_replace_can_change_the_size():
    run(episodes=EPISODES, seed=SEED)
    run(episodes=50, seed=SEED, replace=True)

    assert Episode.objects.count() == 50


def test_works_beside_the_seed_universe(seeded):
    before = {model: model.objects.count() for model in (Series, Episode, Person, Character)}
    bosch_seasons = Season.objects.filter(series__slug="bosch").count()

    run(episodes=EPISODES, seed=SEED)
    run(episodes=EPISODES, seed=SEED, replace=True)

    assert Series.objects.filter(slug="bosch").exists()
    assert Season.objects.filter(series__slug="bosch").count() == bosch_seasons
    assert Episode.objects.count() == before[Episode] + EPISODES
    assert Series.objects.exclude(slug__startswith="gen-").count() == before[Series]
    assert Person.objects.exclude(slug__startswith="gen-").count() == before[Person]
    assert Character.objects.exclude(slug__startswith="gen-").count() == before[Character]


def test_everything_generated_is_published(shared_larger):
    for model in (Series, Season, Episode, Person, Character, Universe, Review):
        assert not model.objects.exclude(status=PublishStatus.PUBLISHED).exists(), model
    assert Episode.objects.published().count() == LARGER


def test_generated_links_obey_the_rules(shared_larger):
    links = list(SeriesLink.objects.select_related("source", "target"))
    assert links
    assert {link.kind for link in links} > {LinkKind.CROSSOVER_WITH}

    assert all(link.source_id != link.target_id for link in links)
    pairs = Counter(
        (min(link.source_id, link.target_id), max(link.source_id, link.target_id), link.kind)
        for link in links
    )
    assert max(pairs.values()) == 1
    for link in links:
        shared_universes = set(link.source.universes.all()) & set(link.target.universes.all())
        assert shared_universes, link


def test_crossover_links_are_backed_by_a_character_who_crosses_over(shared_larger):
    crossovers = SeriesLink.objects.filter(kind=LinkKind.CROSSOVER_WITH)
    assert crossovers.exists()
    for link in crossovers:
        visitors = Appearance.objects.filter(series=link.target, kind=Appearance.Kind.MAIN).values(
            "character"
        )
        assert Appearance.objects.filter(
            series=link.source, episode__isnull=False, character__in=visitors
        ).exists(), link


def test_generated_records_are_consistent(shared_larger):
    assert (
        not Appearance.objects.filter(episode__isnull=False)
        .exclude(season=F("episode__season"), series=F("episode__season__series"))
        .exists()
    )
    assert (
        not Appearance.objects.filter(season__isnull=False)
        .exclude(series=F("season__series"))
        .exists()
    )
    assert not Appearance.objects.filter(
        kind=Appearance.Kind.MENTION, performer__isnull=False
    ).exists()
    assert not Episode.objects.filter(air_date__lt=F("season__premiere_date")).exists()
    assert not Episode.objects.filter(air_date__gt=F("season__finale_date")).exists()
    assert not Review.objects.filter(Q(score__gt=F("scale")) | Q(score__lt=0)).exists()
    universes = Universe.objects.prefetch_related("memberships")
    for universe in universes:
        positions = sorted(membership.position for membership in universe.memberships.all())
        assert positions == list(range(1, len(positions) + 1))


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_is_a_bar_redrawn_on_a_terminal_and_plain_lines_elsewhere():
    terminal = Terminal()
    call_command("generate_catalog", episodes=EPISODES, seed=SEED, stdout=terminal)
    assert f"\r[{'#' * 30}] 100%  {EPISODES}/{EPISODES} episodes  " in terminal.getvalue()

    plain = run(episodes=EPISODES, seed=SEED + 1)
    assert "\r" not in plain
    assert f"[{'#' * 30}] 100%  {EPISODES}/{EPISODES} episodes  " in plain.splitlines()[0]


def test_progress_is_reported_up_to_the_total():
    reports = []

    synthetic_catalog_generate(
        episodes=EPISODES, seed=SEED, progress=lambda *done: reports.append(done)
    )

    assert reports[0] == (0, EPISODES)
    assert reports[-1] == (EPISODES, EPISODES)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_a_failure_part_way_leaves_nothing(monkeypatch):
    monkeypatch.setattr(generator, "CHUNK_EPISODES", 50)
    original = generator.CatalogGenerator.report

    def fail_after_first_chunk(self, done):
        original(self, done)
        if done:
            raise RuntimeError("disk full")

    monkeypatch.setattr(generator.CatalogGenerator, "report", fail_after_first_chunk)

    with pytest.raises(RuntimeError):
        run(episodes=EPISODES, seed=SEED)
    assert not Series.objects.exists()
    assert not Person.objects.exists()
