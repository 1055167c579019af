"""Who may do what in the admin: editors curate content, never accounts; others get nothing."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from catalog.admin.conflicts import versions_data
from catalog.factories import NetworkFactory, SeriesFactory
from catalog.models import PublishStatus, Series
from franchise.services import EDITORS_GROUP, editors_group_ensure

pytestmark = pytest.mark.django_db


def test_the_migrations_create_the_editors_group_with_content_permissions_only():
    group = Group.objects.get(name=EDITORS_GROUP)
    apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert apps == {"catalog", "franchise"}
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ["series", "episode", "claim", "character", "serieslink"]:
        for action in ["view", "add", "change", "delete"]:
            assert f"{action}_{model}" in codenames
            # History pages and revert are covered too.
            assert f"{action}_historical{model}" in codenames
    assert not group.permissions.filter(content_type__app_label__in=["auth", "axes"]).exists()


def test_editors_group_ensure_matches_the_migration():
    migrated = set(Group.objects.get(name=EDITORS_GROUP).permissions.all())
    assert set(editors_group_ensure().permissions.all()) == migrated
    assert migrated == set(
        Permission.objects.filter(content_type__app_label__in=["catalog", "franchise"])
    )


def test_an_editor_adds_a_series_which_starts_as_a_draft(editor_client):
    network = NetworkFactory()
    response = editor_client.post(
        reverse("admin:catalog_series_add"),
        {
            "title": "The Closer Look",
            "slug": "the-closer-look",
            "network": network.pk,
            "run_status": Series.RunStatus.AIRING,
            "status": PublishStatus.DRAFT,
            **empty_inlines(),
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    series = Series.objects.get(slug="the-closer-look")
    assert series.status == PublishStatus.DRAFT


def test_an_editor_edits_a_series(editor_client):
    series = SeriesFactory(title="Old title")
    url = reverse("admin:catalog_series_change", args=[series.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(
        url,
        {
            "title": "New title",
            "slug": series.slug,
            "network": series.network_id,
            "run_status": series.run_status,
            "status": series.status,
            **empty_inlines(),
            **versions_data(series),
        },
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "New title"


@pytest.mark.parametrize(
    "url_name",
    ["admin:auth_user_changelist", "admin:auth_user_add", "admin:auth_group_changelist"],
)
def test_an_editor_cannot_see_accounts(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_an_editor_cannot_make_themselves_superuser(editor_client, editor):
    url = reverse("admin:auth_user_change", args=[editor.pk])
    assert editor_client.get(url).status_code == 403
    response = editor_client.post(
        url, {"username": editor.username, "is_staff": "on", "is_superuser": "on"}
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert not editor.has_perm("auth.change_user")


def test_the_admin_index_lists_content_but_not_accounts(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:catalog_series_changelist") in page
    assert reverse("admin:franchise_character_changelist") in page
    assert reverse("admin:auth_user_changelist") not in page


def test_a_non_staff_user_is_sent_to_the_login_page(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="pw-for-tests")
    client.force_login(user)
    for url in [reverse("admin:index"), reverse("admin:catalog_series_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:catalog_episode_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_user_outside_the_editors_group_cannot_touch_content(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pw-for-tests", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:catalog_series_changelist")).status_code == 403


def empty_inlines() -> dict[str, str]:
    """Management forms of every inline on the series page, with no rows."""
    prefixes = [
        "seasons",
        "credits",
        "reviews",
        "catalog-citation-content_type-object_id",
        "links_out",
        "appearances",
    ]
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data
