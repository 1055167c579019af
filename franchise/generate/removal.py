"""Finding and removing the records generated for a seed."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from catalog import models as catalog
from franchise.generate.limits import GenerationError, generated_slug_prefix
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership


def synthetic_catalog_exists(*, seed: int) -> bool:
    prefix = generated_slug_prefix(seed)
    return any(
        model.objects.filter(slug__startswith=prefix).exists()
        for model in (
            catalog.Network,
            catalog.Genre,
            catalog.Person,
            catalog.Series,
            Character,
            Universe,
        )
    )


@transaction.atomic
def synthetic_catalog_delete(*, seed: int) -> dict[str, int]:
    """Delete every record generated for `seed`; return rows deleted per model.

    Refuses (GenerationError) while records outside the generated catalogue still need a
    generated person or network, as the models' PROTECT would.
    """
    prefix = generated_slug_prefix(seed)
    series = catalog.Series.objects.filter(slug__startswith=prefix).values("pk")
    seasons = catalog.Season.objects.filter(series__in=series).values("pk")
    episodes = catalog.Episode.objects.filter(season__series__in=series).values("pk")
    people = catalog.Person.objects.filter(slug__startswith=prefix).values("pk")
    characters = Character.objects.filter(slug__startswith=prefix).values("pk")
    universes = Universe.objects.filter(slug__startswith=prefix).values("pk")
    networks = catalog.Network.objects.filter(slug__startswith=prefix).values("pk")
    genres = catalog.Genre.objects.filter(slug__startswith=prefix).values("pk")

    protected = (
        catalog.Credit.objects.filter(person__in=people).exclude(
            Q(series__in=series) | Q(episode__in=episodes)
        ),
        Appearance.objects.filter(performer__in=people).exclude(series__in=series),
        catalog.Series.objects.filter(network__in=networks).exclude(pk__in=series),
    )
    if any(queryset.exists() for queryset in protected):
        raise GenerationError(
            f"Cannot replace seed {seed}: records outside the generated catalogue use its "
            "people or networks."
        )

    # What editors may have added to generated records is rare: the ORM deletes it, history
    # and all.
    for model, rows in (
        (catalog.Series, series),
        (catalog.Season, seasons),
        (catalog.Episode, episodes),
        (catalog.Person, people),
        (Character, characters),
        (Universe, universes),
        (
            catalog.Review,
            catalog.Review.objects.filter(Q(series__in=series) | Q(season__in=seasons)),
        ),
        (
            catalog.Credit,
            catalog.Credit.objects.filter(Q(series__in=series) | Q(episode__in=episodes)),
        ),
        (Appearance, Appearance.objects.filter(series__in=series)),
    ):
        content_type = ContentType.objects.get_for_model(model)
        catalog.Citation.objects.filter(content_type=content_type, object_id__in=rows).delete()
    catalog.Claim.objects.filter(series__in=series).delete()

    # The generated rows themselves, children first, in one DELETE each. QuerySet.delete()
    # would load every row to send history signals; generated rows never had history, since
    # bulk_create writes none.
    deletions = (
        SeriesLink.objects.filter(Q(source__in=series) | Q(target__in=series)),
        UniverseMembership.objects.filter(Q(series__in=series) | Q(universe__in=universes)),
        Appearance.objects.filter(
            Q(series__in=series)
            | Q(season__in=seasons)
            | Q(episode__in=episodes)
            | Q(character__in=characters)
        ),
        catalog.Credit.objects.filter(Q(series__in=series) | Q(episode__in=episodes)),
        catalog.Review.objects.filter(Q(series__in=series) | Q(season__in=seasons)),
        catalog.Series.genres.through.objects.filter(Q(series__in=series) | Q(genre__in=genres)),
        catalog.Episode.objects.filter(season__in=seasons),
        catalog.Season.objects.filter(series__in=series),
        catalog.Series.objects.filter(slug__startswith=prefix),
        Universe.objects.filter(slug__startswith=prefix),
        Character.objects.filter(slug__startswith=prefix),
        catalog.Person.objects.filter(slug__startswith=prefix),
        catalog.Genre.objects.filter(slug__startswith=prefix),
        catalog.Network.objects.filter(slug__startswith=prefix),
    )
    return {queryset.model._meta.label: queryset._raw_delete(queryset.db) for queryset in deletions}
