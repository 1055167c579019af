"""Franchise data on any page (the home page's universes, a series' shared characters and
crossover episodes) and JSON-LD for characters and universes: catalog templates reach the
fictional world through here."""

from django import template

from catalog.templatetags.seo import SCHEMA, absolute, jsonld_script
from franchise import crossovers
from franchise.models import Universe

register = template.Library()


@register.simple_tag
def published_universes(limit: int):
    """The largest published universes with their published member series, in order."""
    return Universe.objects.published().largest_first().for_cards()[:limit]


@register.simple_tag
def series_crossings(series) -> crossovers.Crossings:
    """The series' characters who appear in other series, and its crossover episodes (one
    query)."""
    return crossovers.series_crossings(series)


@register.simple_tag
def episode_crossings(episode) -> crossovers.Crossings:
    """The characters of the episode who belong to other series (one query)."""
    return crossovers.episode_crossings(episode)


@register.filter
def crossover_of(crossings, episode_pk):
    """The crossover episode with this primary key, or None."""
    return crossings.by_episode.get(episode_pk) if crossings else None


@register.filter
def crossovers_in_season(crossings, number) -> list:
    """The crossover episodes of one season (by number)."""
    if not crossings:
        return []
    return [episode for episode in crossings.episodes if episode.season_number == number]


@register.simple_tag(takes_context=True)
def character_jsonld(context, character) -> str:
    # schema.org has no fictional-character type; its `character` property expects a Person.
    data = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": character.name,
        "url": absolute(context, character.get_absolute_url()),
        "additionalType": "https://www.wikidata.org/wiki/Q95074",
    }
    if character.alias_list:
        data["alternateName"] = character.alias_list
    if character.description:
        data["description"] = character.description
    series = {}
    for appearance in getattr(character, "published_appearances", []):
        series.setdefault(appearance.series_id, appearance.series)
    if series:
        data["subjectOf"] = [
            {"@type": "TVSeries", "name": s.title, "url": absolute(context, s.get_absolute_url())}
            for s in series.values()
        ]
    return jsonld_script(data)


@register.simple_tag(takes_context=True)
def universe_jsonld(context, universe, series_list) -> str:
    data = {
        "@context": SCHEMA,
        "@type": "CreativeWorkSeries",
        "name": universe.name,
        "url": absolute(context, universe.get_absolute_url()),
        "hasPart": [
            {"@type": "TVSeries", "name": s.title, "url": absolute(context, s.get_absolute_url())}
            for s in series_list
        ],
    }
    if universe.description:
        data["description"] = universe.description
    return jsonld_script(data)
