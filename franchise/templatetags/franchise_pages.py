"""JSON-LD for characters and universes. Tags format what the view hands them; the data the
catalogue's pages show of the fictional world comes through franchise.catalog_pages."""

from django import template

from catalog.templatetags.seo import SCHEMA, absolute, jsonld_script

register = template.Library()


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
