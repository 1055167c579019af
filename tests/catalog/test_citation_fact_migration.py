"""The migration that replaced a citation's free-text `supports` with the fact it names."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalog", "0013_external_ids")]
AFTER = [("catalog", "0014_citation_fact")]


@pytest.mark.django_db(transaction=True)
def test_supports_text_becomes_the_field_it_names_or_the_whole_record():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    ContentType = old.get_model("contenttypes", "ContentType")
    Network = old.get_model("catalog", "Network")
    Series = old.get_model("catalog", "Series")
    Source = old.get_model("catalog", "Source")
    Citation = old.get_model("catalog", "Citation")
    network = Network.objects.create(name="Prime Video", slug="prime-video-m")
    series = Series.objects.create(title="Bosch", slug="bosch-m", network=network)
    source = Source.objects.create(title="A page", url="https://example.com/m")
    series_type, _ = ContentType.objects.get_or_create(app_label="catalog", model="series")
    for supports in ["premiere date", "Premiere_Date", "the whole show", "genres", ""]:
        Citation.objects.create(
            source=source, content_type=series_type, object_id=series.pk, supports=supports
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    facts = sorted(
        new.get_model("catalog", "Citation")
        .objects.filter(object_id=series.pk, content_type=series_type.pk)
        .values_list("fact", flat=True)
    )
    # "premiere date" and "Premiere_Date" name one fact; "the whole show" and "" the record.
    assert facts == ["", "genres", "premiere_date"]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
