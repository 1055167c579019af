"""Editors curate a watch order in the admin: entries in an ordered inline (positions can
be swapped in one save), each with a page of its own for the sources of its reason; the
order's rules come back as form errors, never a 500; publishing goes through the action."""

import pytest
from django.urls import reverse

from catalog.admin.conflicts import versions_data
from catalog.factories import EpisodeFactory, SeasonFactory, SeriesFactory, SourceFactory
from catalog.models import Episode, Season
from franchise.factories import UniverseFactory, UniverseMembershipFactory
from franchise.orders import OrderKind, WatchOrder
from tests.catalog.test_concurrent_edits import opened_form

pytestmark = pytest.mark.django_db

ENTRIES = "entries"
CITATIONS = "catalog-citation-content_type-object_id"


def order_of(kind: str) -> WatchOrder:
    return WatchOrder.objects.get(universe__slug="bosch-universe", kind=kind)


def change_url(order: WatchOrder) -> str:
    return reverse("admin:franchise_watchorder_change", args=[order.pk])


def row(data: dict, position: int) -> int:
    """The index of the inline row at this position in an opened form."""
    total = int(data[f"{ENTRIES}-TOTAL_FORMS"])
    return next(i for i in range(total) if str(data[f"{ENTRIES}-{i}-position"]) == str(position))


def add_row(data: dict, **fields) -> None:
    i = int(data[f"{ENTRIES}-TOTAL_FORMS"])
    data[f"{ENTRIES}-TOTAL_FORMS"] = str(i + 1)
    for name, value in fields.items():
        data[f"{ENTRIES}-{i}-{name}"] = value


def errors(response) -> str:
    """Every error the change form shows: the order's, and its inline rows'."""
    assert response.status_code == 200, response.status_code
    messages = [str(e) for e in response.context["adminform"].form.errors.values()]
    for inline in response.context["inline_admin_formsets"]:
        messages += [str(e) for e in inline.formset.non_form_errors()]
        messages += [str(e) for form_errors in inline.formset.errors for e in form_errors.values()]
    return " ".join(messages)


def season(slug: str, number: int) -> Season:
    return Season.objects.get(series__slug=slug, number=number)


def test_the_order_page_lists_entries_in_order_each_linked_to_its_own_page(seeded, editor_client):
    order = order_of(OrderKind.ESSENTIALS)
    response = editor_client.get(change_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    entries = list(order.entries.order_by("position"))
    for entry in entries:
        assert reverse("admin:franchise_watchorderentry_change", args=[entry.pk]) in html
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.position for form in formset.initial_forms] == list(
        range(1, len(entries) + 1)
    )
    for url in (
        reverse("admin:franchise_watchorder_changelist"),
        reverse("admin:franchise_watchorder_add"),
        reverse("admin:franchise_watchorder_history", args=[order.pk]),
        reverse("admin:franchise_watchorderentry_changelist"),
    ):
        assert editor_client.get(url).status_code == 200, url


def test_an_entry_page_cites_its_reason_or_the_whole_entry(seeded, editor_client):
    entry = order_of(OrderKind.STORY).entries.get(position=1)
    url = reverse("admin:franchise_watchorderentry_change", args=[entry.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0].formset
    assert [value for value, _ in inline.empty_form.fields["fact"].choices] == ["", "reason"]
    data = opened_form(editor_client, url)
    source = SourceFactory()
    i = int(data[f"{CITATIONS}-TOTAL_FORMS"])
    data[f"{CITATIONS}-TOTAL_FORMS"] = str(i + 1)
    data |= {f"{CITATIONS}-{i}-source": source.pk, f"{CITATIONS}-{i}-fact": "reason"}
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors(response)
    assert entry.citations.filter(source=source, fact="reason").exists()


@pytest.mark.parametrize(
    ("kind", "change", "message"),
    [
        (
            OrderKind.STORY,
            {"season": "outside"},
            "That series is not in Bosch universe: add it to the universe first.",
        ),
        (OrderKind.STORY, {"tier": "essential"}, "Only the essentials are tiered: leave it blank."),
        (OrderKind.ESSENTIALS, {"tier": ""}, "Every entry of the essentials has a tier."),
        (OrderKind.STORY, {"stop_after": "11"}, "has 10 episodes."),
        (
            OrderKind.STORY,
            {"season": "", "episode": ""},
            "Choose a season or an episode (one of them).",
        ),
    ],
)
def test_the_rules_of_an_entry_are_form_errors(seeded, editor_client, kind, change, message):
    order = order_of(kind)
    data = opened_form(editor_client, change_url(order))
    i = row(data, 1)  # Bosch season 1, ten episodes
    if change.get("season") == "outside":
        change = {"season": SeasonFactory(series=SeriesFactory(title="Elsewhere")).pk}
    data |= {f"{ENTRIES}-{i}-{name}": value for name, value in change.items()}
    response = editor_client.post(change_url(order), data)
    assert message in errors(response)
    assert order.entries.get(position=1).season == season("bosch", 1)


def test_an_episode_listed_twice_is_a_form_error(seeded, editor_client):
    order = order_of(OrderKind.STORY)
    count = order.entries.count()
    data = opened_form(editor_client, change_url(order))
    episode = Episode.objects.get(season__series__slug="ballard", season__number=1, number=1)
    add_row(data, position="20", episode=episode.pk, reason="Once")
    add_row(data, position="21", episode=episode.pk, reason="Twice")
    response = editor_client.post(change_url(order), data)
    assert "is listed twice, at positions 20 and 21: keep one." in errors(response)
    assert order.entries.count() == count


def test_two_entries_swap_places_in_one_save(seeded, editor_client):
    order = order_of(OrderKind.STORY)
    data = opened_form(editor_client, change_url(order))
    first, second = row(data, 1), row(data, 2)
    data[f"{ENTRIES}-{first}-position"] = "2"
    data[f"{ENTRIES}-{second}-position"] = "1"
    response = editor_client.post(change_url(order), data)
    assert response.status_code == 302
    assert order.entries.get(position=1).season == season("bosch", 2)
    assert order.entries.get(position=2).season == season("bosch", 1)
    moved = order.entries.get(position=1)
    assert moved.history.count() == 2  # the seed's, and this save's: one record, no parking


def test_a_taken_position_is_a_form_error(seeded, editor_client):
    order = order_of(OrderKind.STORY)
    data = opened_form(editor_client, change_url(order))
    data[f"{ENTRIES}-{row(data, 1)}-position"] = "2"
    response = editor_client.post(change_url(order), data)
    assert "duplicate" in errors(response).lower()
    assert order.entries.get(position=1).season == season("bosch", 1)


def test_a_new_order_is_checked_entry_by_entry_and_starts_as_a_draft(editor_client):
    universe = UniverseFactory(name="New universe")
    member = UniverseMembershipFactory(universe=universe).series
    episode = EpisodeFactory(season=SeasonFactory(series=member, episode_count=3))
    data = {
        "universe": universe.pk,
        "kind": OrderKind.STORY,
        "introduction": "",
        "status": "draft",
        f"{ENTRIES}-TOTAL_FORMS": "0",
        f"{ENTRIES}-INITIAL_FORMS": "0",
        f"{CITATIONS}-TOTAL_FORMS": "0",
        f"{CITATIONS}-INITIAL_FORMS": "0",
    }
    add_row(data, position="1", season=episode.season.pk, tier="optional", reason="First")
    url = reverse("admin:franchise_watchorder_add")
    response = editor_client.post(url, data)
    assert "Only the essentials are tiered: leave it blank." in errors(response)
    assert not WatchOrder.objects.exists()
    data[f"{ENTRIES}-0-tier"] = ""
    add_row(data, position="2", episode=episode.pk, reason="Again, on its own")
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors(response)
    order = WatchOrder.objects.get(universe=universe)
    assert order.status == "draft"
    assert list(order.entries.values_list("position", flat=True)) == [1, 2]


def test_an_order_without_a_universe_is_a_form_error_not_a_500(editor_client):
    episode = EpisodeFactory()
    data = {"kind": OrderKind.STORY, "status": "draft", f"{ENTRIES}-TOTAL_FORMS": "0"}
    data |= {f"{ENTRIES}-INITIAL_FORMS": "0", f"{CITATIONS}-TOTAL_FORMS": "0"}
    data |= {f"{CITATIONS}-INITIAL_FORMS": "0"}
    add_row(data, position="1", episode=episode.pk, reason="Orphan")
    response = editor_client.post(reverse("admin:franchise_watchorder_add"), data)
    assert "This field is required." in errors(response)


def test_publish_and_unpublish_go_through_the_actions(seeded, editor_client):
    order = order_of(OrderKind.STORY)
    url = reverse("admin:franchise_watchorder_changelist")
    editor_client.post(url, {"action": "unpublish_selected", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == "draft"
    assert order.history.first().status == "draft"  # recorded in its history
    editor_client.post(url, {"action": "publish_selected", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == "published"


def test_an_entry_saved_on_its_own_page_keeps_the_rules(seeded, editor_client):
    entry = order_of(OrderKind.ESSENTIALS).entries.get(position=1)
    url = reverse("admin:franchise_watchorderentry_change", args=[entry.pk])
    data = {
        "order": entry.order_id,
        "position": entry.position,
        "season": entry.season_id,
        "tier": "",
        "reason": entry.reason,
        f"{CITATIONS}-TOTAL_FORMS": "0",
        f"{CITATIONS}-INITIAL_FORMS": "0",
        **versions_data(entry),
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Every entry of the essentials has a tier." in " ".join(
        str(e) for e in response.context["adminform"].form.errors.values()
    )
    entry.refresh_from_db()
    assert entry.tier == "essential"
