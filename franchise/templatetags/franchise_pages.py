"""JSON-LD for characters and universes. Tags format what the view hands them; the data the
catalogue's pages show of the fictional world comes through franchise.catalog_pages."""

from django import template

from catalog.templatetags.seo import jsonld_script, ref, top

register = template.Library()


@register.simple_tag(takes_context=True)
def character_jsonld(context, character) -> str:
    # schema.org has no fictional-character type; its `character` property expects a Person.
    data = top(
        context,
        "Person",
        character,
        description=character.description,
        additionalType="https://www.wikidata.org/wiki/Q95074",
    )
    if character.alias_list:
        data["alternateName"] = character.alias_list
    series = {}
    for appearance in getattr(character, "published_appearances", []):
        series.setdefault(appearance.series_id, appearance.series)
    if series:
        data["subjectOf"] = [ref(context, "TVSeries", s) for s in series.values()]
    return jsonld_script(data)


@register.simple_tag(takes_context=True)
def universe_jsonld(context, universe, series_list) -> str:
    data = top(
        context,
        "CreativeWorkSeries",
        universe,
        description=universe.description,
        hasPart=[ref(context, "TVSeries", s) for s in series_list],
    )
    return jsonld_script(data)


@register.filter
def choices(records, attributes: str) -> list[tuple]:
    """`page.universes|choices:"slug name"`: each record's value and label, for a <select>."""
    value, label = attributes.split()
    return [(getattr(record, value), getattr(record, label)) for record in records]
