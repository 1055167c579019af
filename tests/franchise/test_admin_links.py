"""The admin refuses a link between series that is to itself, a duplicate, that
contradicts one already recorded, or whose canon scope its kind rules out, with a message
the editor can act on."""

import pytest
from django.urls import reverse

from catalog.admin.conflicts import versions_data
from catalog.factories import SeriesFactory
from franchise.factories import SeriesLinkFactory
from franchise.models import CanonScope, LinkKind, SeriesLink

pytestmark = pytest.mark.django_db

CITATIONS = "catalog-citation-content_type-object_id"


@pytest.fixture
def bosch():
    return SeriesFactory(title="Bosch", slug="bosch")


@pytest.fixture
def legacy():
    return SeriesFactory(title="Bosch: Legacy", slug="bosch-legacy")


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_link(client, source, kind, target, scope=CanonScope.ON_SCREEN):
    return client.post(
        reverse("admin:franchise_serieslink_add"),
        {
            "source": source.pk,
            "target": target.pk,
            "kind": kind,
            "scope": scope,
            "note": "",
            **management(CITATIONS),
        },
    )


def errors(response) -> str:
    return " ".join(str(message) for message in response.context["adminform"].form.errors.values())


def test_a_link_is_added_through_the_admin_form(editor_client, bosch, legacy):
    response = add_link(editor_client, legacy, LinkKind.SPIN_OFF_OF, bosch)
    assert response.status_code == 302
    assert SeriesLink.objects.filter(source=legacy, target=bosch, kind="spin_off_of").exists()


def test_a_series_cannot_be_linked_to_itself(editor_client, bosch):
    response = add_link(editor_client, bosch, LinkKind.REFERENCES, bosch)
    assert response.status_code == 200
    assert "A series cannot be linked to itself: choose another series." in errors(response)
    assert "series_link_not_self" not in response.content.decode()
    assert not SeriesLink.objects.exists()


@pytest.mark.parametrize(
    ("existing", "added", "message"),
    [
        (
            ("legacy", LinkKind.SPIN_OFF_OF, "bosch"),
            ("legacy", LinkKind.SPIN_OFF_OF, "bosch"),
            "This link already exists: “Bosch: Legacy spin-off of Bosch”.",
        ),
        (
            ("legacy", LinkKind.CROSSOVER_WITH, "bosch"),
            ("bosch", LinkKind.CROSSOVER_WITH, "legacy"),
            "This states again what “Bosch: Legacy crossover with Bosch” already says.",
        ),
        (
            ("legacy", LinkKind.SEQUEL_TO, "bosch"),
            ("bosch", LinkKind.PREQUEL_TO, "legacy"),
            "This states again what “Bosch: Legacy sequel to Bosch” already says.",
        ),
        (
            ("legacy", LinkKind.SEQUEL_TO, "bosch"),
            ("bosch", LinkKind.SEQUEL_TO, "legacy"),
            "“Bosch sequel to Bosch: Legacy” contradicts “Bosch: Legacy sequel to Bosch”",
        ),
        (
            ("legacy", LinkKind.SEQUEL_TO, "bosch"),
            ("legacy", LinkKind.PREQUEL_TO, "bosch"),
            "“Bosch: Legacy prequel to Bosch” contradicts “Bosch: Legacy sequel to Bosch”",
        ),
        (
            ("legacy", LinkKind.SPIN_OFF_OF, "bosch"),
            ("bosch", LinkKind.SPIN_OFF_OF, "legacy"),
            "“Bosch spin-off of Bosch: Legacy” contradicts “Bosch: Legacy spin-off of Bosch”",
        ),
    ],
    ids=[
        "duplicate",
        "mirrored duplicate",
        "sequel stated again as prequel",
        "sequels of each other",
        "sequel and prequel of one series",
        "spin-offs of each other",
    ],
)
def test_the_admin_refuses_a_duplicate_or_contradictory_link(
    editor_client, bosch, legacy, existing, added, message
):
    series = {"bosch": bosch, "legacy": legacy}
    source, kind, target = existing
    SeriesLinkFactory(source=series[source], target=series[target], kind=kind)
    source, kind, target = added
    response = add_link(editor_client, series[source], kind, series[target])
    assert response.status_code == 200
    assert message in errors(response)
    assert SeriesLink.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "scope", "message"),
    [
        (
            LinkKind.SAME_LITERARY_UNIVERSE,
            CanonScope.ON_SCREEN,
            "A shared literary universe is the books’: choose the scope “in the books only”.",
        ),
        (
            LinkKind.CROSSOVER_WITH,
            CanonScope.BOOKS_ONLY,
            "A crossover happens on screen: choose the scope “on screen”.",
        ),
    ],
    ids=["literary universe on screen", "crossover in the books"],
)
def test_the_admin_refuses_a_scope_the_kind_rules_out(
    editor_client, bosch, legacy, kind, scope, message
):
    response = add_link(editor_client, legacy, kind, bosch, scope)
    assert response.status_code == 200
    assert message in errors(response)
    assert not SeriesLink.objects.exists()


def test_a_books_only_link_is_added_through_the_admin_form(editor_client, bosch, legacy):
    response = add_link(
        editor_client, legacy, LinkKind.SAME_LITERARY_UNIVERSE, bosch, CanonScope.BOOKS_ONLY
    )
    assert response.status_code == 302
    assert SeriesLink.objects.get().scope == CanonScope.BOOKS_ONLY


def test_links_of_other_kinds_between_the_same_series_are_accepted(editor_client, bosch, legacy):
    SeriesLinkFactory(source=legacy, target=bosch, kind=LinkKind.SEQUEL_TO)
    response = add_link(editor_client, legacy, LinkKind.SPIN_OFF_OF, bosch)
    assert response.status_code == 302
    assert SeriesLink.objects.count() == 2


def test_editing_a_link_does_not_conflict_with_itself(editor_client, bosch, legacy):
    link = SeriesLinkFactory(source=legacy, target=bosch, kind=LinkKind.SEQUEL_TO)
    response = editor_client.post(
        reverse("admin:franchise_serieslink_change", args=[link.pk]),
        {
            "source": legacy.pk,
            "target": bosch.pk,
            "kind": LinkKind.SEQUEL_TO,
            "scope": CanonScope.ON_SCREEN,
            "note": "Continues the story.",
            **management(CITATIONS),
            **versions_data(link),
        },
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.note == "Continues the story."


def test_two_links_typed_in_together_on_a_series_page_are_checked_against_each_other(
    editor_client, bosch, legacy
):
    """Each row alone is valid; together they state a sequel both ways."""
    rows = {
        "links_out-0-kind": LinkKind.SEQUEL_TO,
        "links_out-0-target": bosch.pk,
        "links_out-0-scope": CanonScope.ON_SCREEN,
        "links_out-1-kind": LinkKind.PREQUEL_TO,
        "links_out-1-target": bosch.pk,
        "links_out-1-scope": CanonScope.ON_SCREEN,
    }
    data = {
        "title": legacy.title,
        "slug": legacy.slug,
        "network": legacy.network_id,
        "run_status": legacy.run_status,
        "status": legacy.status,
        **rows,
    }
    for prefix in ["seasons", "credits", "reviews", CITATIONS, "appearances"]:
        data |= management(prefix)
    data |= management("links_out", total=2) | versions_data(legacy)
    response = editor_client.post(reverse("admin:catalog_series_change", args=[legacy.pk]), data)
    assert response.status_code == 200
    assert "contradicts “Bosch: Legacy sequel to Bosch”" in response.content.decode()
    assert not SeriesLink.objects.exists()
