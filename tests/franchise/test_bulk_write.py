"""The COPY path of the generator's writes (PostgreSQL only): it writes what bulk_create
would, row for row, and the database's rules still hold for what it writes."""

import datetime

import pytest
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection
from django.utils import timezone

from catalog import models as catalog
from catalog.factories import SeasonFactory, SeriesFactory
from franchise.generate import synthetic_catalog_generate
from franchise.generate.bulk_write import BulkWriter, constraints_checked_per_statement
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

GENERATED_MODELS = (
    catalog.Network,
    catalog.Genre,
    catalog.Person,
    catalog.Series,
    catalog.Series.genres.through,
    catalog.Season,
    catalog.Episode,
    Character,
    catalog.Credit,
    Appearance,
    catalog.Review,
    Universe,
    UniverseMembership,
    SeriesLink,
)
TIMESTAMPS = {"created_at", "updated_at"}


@pytest.fixture
def bulk_create_only(monkeypatch):
    """The generator writes with bulk_create, as it does on SQLite."""
    original = BulkWriter.__init__

    def without_copy(self, using):
        original(self, using)
        self.copies = False

    monkeypatch.setattr(BulkWriter, "__init__", without_copy)


def tables_with_ids_as_ranks() -> dict[str, list[dict]]:
    """Every row of the generated tables in id order, each id (own or foreign) replaced by
    its rank in its table, timestamps and generated columns (made of ids) left out: two
    loads of one seed compare equal."""
    ranks = {
        model: {
            pk: rank
            for rank, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))
        }
        for model in GENERATED_MODELS
    }
    tables = {}
    for model in GENERATED_MODELS:
        rows = []
        for row in model.objects.order_by("pk").values():
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    row[field.attname] = ranks[model][row[field.attname]]
                elif field.is_relation and row[field.attname] is not None:
                    row[field.attname] = ranks[field.related_model][row[field.attname]]
            left_out = TIMESTAMPS | {
                field.attname for field in model._meta.concrete_fields if field.generated
            }
            rows.append({name: value for name, value in row.items() if name not in left_out})
        tables[model._meta.label] = rows
    return tables


def test_copy_writes_the_rows_bulk_create_writes(request):
    started = timezone.now()
    copied_counts = synthetic_catalog_generate(episodes=1_500, seed=3)
    copied = tables_with_ids_as_ranks()
    for model in (catalog.Episode, catalog.Credit, Appearance, Character):
        assert not model.objects.filter(created_at__lt=started).exists()
        assert not model.objects.filter(updated_at__lt=started).exists()

    request.getfixturevalue("bulk_create_only")
    inserted_counts = synthetic_catalog_generate(episodes=1_500, seed=3, replace=True)

    assert copied_counts == inserted_counts
    assert sum(len(rows) for rows in copied.values()) == sum(copied_counts.values())
    assert tables_with_ids_as_ranks() == copied


def test_ids_come_from_the_sequence_so_later_rows_never_collide():
    synthetic_catalog_generate(episodes=300, seed=3)
    highest = catalog.Episode.objects.order_by("-pk").values_list("pk", flat=True).first()

    season = SeasonFactory(series=SeriesFactory())
    later = catalog.Episode.objects.create(season=season, number=1)

    assert later.pk > highest


def test_the_other_columns_take_the_defaults_bulk_create_gives():
    season = SeasonFactory()
    copied_ids = BulkWriter(DEFAULT_DB_ALIAS).insert(
        catalog.Episode, ("season_id", "number"), [(season.pk, 1)], return_ids=True
    )
    catalog.Episode.objects.bulk_create([catalog.Episode(season_id=season.pk, number=2)])

    copied, inserted = (
        catalog.Episode.objects.filter(number=number).values().get() for number in (1, 2)
    )
    assert copied["id"] == copied_ids[0]
    assert copied["status"] == catalog.PublishStatus.DRAFT
    assert copied["created_at"] == copied["updated_at"]
    assert timezone.now() - copied["created_at"] < datetime.timedelta(minutes=1)
    different = {"id", "number", "created_at", "updated_at"}
    assert {k: v for k, v in copied.items() if k not in different} == {
        k: v for k, v in inserted.items() if k not in different
    }


def test_copied_instances_get_their_ids_and_parents():
    series = SeriesFactory.build(network=SeriesFactory().network)
    season = SeasonFactory.build(series=series, number=1)
    writer = BulkWriter(DEFAULT_DB_ALIAS)

    writer.save(catalog.Series, [series])
    writer.save(catalog.Season, [season])

    assert catalog.Season.objects.get(pk=season.pk).series_id == series.pk
    assert not season._state.adding


@pytest.mark.parametrize(
    "row",
    [
        pytest.param((10**9, 1), id="foreign key to no season"),
        pytest.param((None, 0), id="episode numbers start at 1"),
    ],
)
def test_copy_is_refused_what_the_database_refuses(row):
    season = SeasonFactory()
    season_id, number = row
    with pytest.raises(IntegrityError), constraints_checked_per_statement(DEFAULT_DB_ALIAS):
        BulkWriter(DEFAULT_DB_ALIAS).insert(
            catalog.Episode, ("season_id", "number"), [(season_id or season.pk, number)]
        )
