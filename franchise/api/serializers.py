"""The fictional world's records as the API shows them: plain dicts built from what the
endpoint loaded (no attribute read here runs a query), or from franchise.appearances'
and franchise.graph's values."""

from catalog.api.conventions import absolute, sources_out
from catalog.api.serializers import (
    episode_ref,
    named_ref,
    person_ref,
    resource_out,
    series_ref,
)


def character_ref(character, request) -> dict:
    """A Character, or a franchise.appearances CharacterRef or SharedCharacter."""
    return named_ref(character, request, "name")


# A franchise.appearances SeriesRef (or a graph's SeriesNode) as a SeriesRef.
series_node = series_ref


def appearance_out(appearance, request) -> dict:
    """Reads the character, series, season, episode (with its season and series),
    performer and sources. A performer still in draft is not named."""
    episode = appearance.episode if appearance.episode_id else None
    season = episode.season if episode else appearance.season if appearance.season_id else None
    performer = appearance.performer if appearance.performer_id else None
    shown = performer is not None and performer.is_published
    return {
        "id": appearance.pk,
        "kind": appearance.kind,
        "kind_label": appearance.get_kind_display(),
        "character": character_ref(appearance.character, request),
        "series": series_ref(appearance.series, request),
        "season": season.number if season else None,
        "episode": episode_ref(episode, request) if episode else None,
        "performer": person_ref(performer, request) if shown else None,
        # The name a draft performer is credited under would name them too.
        "credited_as": appearance.credited_as if shown else "",
        "note": appearance.note,
        "sources": sources_out(appearance.sources),
    }


def character_out(character, request) -> dict:
    """Reads series_count, episode_count (CharacterQuerySet.with_counts) and sources."""
    shown = resource_out(character, "description", "series_count", "episode_count")
    return character_ref(character, request) | {"aliases": character.alias_list} | shown


def visit_out(visit, request) -> dict:
    return {
        "character": character_ref(visit.character, request),
        "kind": visit.kind.value,
        "label": visit.label,
        "crossover": visit.is_crossover,
        "from_series": [series_node(ref, request) for ref in visit.from_series],
        "hands_off_to": series_node(visit.hands_off_to, request) if visit.hands_off_to else None,
    }


def link_out(link, request) -> dict:
    return {
        "id": link.pk,
        "kind": link.kind,
        "label": link.label,
        "inverse_label": link.inverse_label,
        "scope": link.scope,
        "scope_label": link.scope_choice.label,
        "source": series_ref(link.source, request),
        "target": series_ref(link.target, request),
        "note": link.note,
        "sources": sources_out(link.sources),
    }


def search_hit(kind: str, record, request) -> dict:
    if kind == "episodes":
        return {
            "id": record.pk,
            "slug": None,
            "url": absolute(request, record.get_absolute_url()),
            "name": record.display_title,
            "series": series_ref(record.season.series, request),
        }
    name = record.title if kind == "series" else record.name
    return {
        "id": record.pk,
        "slug": record.slug,
        "url": absolute(request, record.get_absolute_url()),
        "name": name,
        "series": None,
    }
