"""Writes that span models of the fictional world."""

from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from franchise.seed import DEFAULT_SEED_FILE, LoadReport, SeedError, UniverseLoader, read_seed_file


@transaction.atomic
def universe_load(*, path: Path = DEFAULT_SEED_FILE, data: dict | None = None) -> LoadReport:
    """Load (or reload) a universe data file by natural keys; all or nothing."""
    if data is None:
        data = read_seed_file(path)
    try:
        return UniverseLoader(data).load()
    except (KeyError, TypeError, AttributeError) as error:
        raise SeedError(f"{Path(path).name}: malformed entry ({error!r})") from error


EDITORS_GROUP = "Editors"
CONTENT_APPS = ("catalog", "franchise")


@transaction.atomic
def editors_group_ensure() -> Group:
    """The Editors group with every permission on content models and none on accounts."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return group
