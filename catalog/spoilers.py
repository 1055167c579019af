"""How a page holds back what its spoiler policy hides: the rendering behind the
`{% spoiler %}` tags of catalog_display. The policy is the context's `spoilers`, an object
with hides(record) → bool that another app provides (catalog.page_parts); the sources only
hidden facts use are hidden with them (catalog.footnotes)."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from catalog.footnotes import FactSheet

SPOILER_SUMMARY = "Hidden by your spoiler horizon — reveal"


def spoiler_block(content: str, summary: str = SPOILER_SUMMARY) -> str:
    return format_html(
        '<details class="spoiler"><summary>{}</summary><div class="spoiler__content">{}</div>'
        "</details>",
        summary,
        mark_safe(content),  # rendered by the template engine, escaped there
    )


def held_back_render(context, records, content, stand_in=None) -> str:
    """What `{% spoiler record… %}content{% instead %}stand-in{% endspoiler %}` renders:
    the content as it is, or the stand-in and the content in a closed `<details>`."""
    spoilers = context.get("spoilers")
    if not spoilers or not any(spoilers.hides(record) for record in records):
        return content.render(context)
    sheet = context.get("facts")
    hiding = isinstance(sheet, FactSheet)
    if hiding:
        sheet.hiding += 1
    try:
        # Inside, the page shows everything: nothing is held back twice.
        with context.push(spoilers=None):
            shown = content.render(context).strip()
    finally:
        if hiding:
            sheet.hiding -= 1
    # Rendered, escaped there.
    shown_instead = mark_safe(stand_in.render(context).strip() if stand_in else "")
    if not shown:  # nothing to hold back
        return shown_instead
    return format_html("{} {}", shown_instead, spoiler_block(shown))


def sources_held_back_render(context, records, content) -> str:
    """What `{% spoiler_sources record… %}content{% endspoiler_sources %}` renders."""
    spoilers, sheet = context.get("spoilers"), context.get("facts")
    if (
        not spoilers
        or not isinstance(sheet, FactSheet)
        or not any(spoilers.hides(record) for record in records)
    ):
        return content.render(context)
    sheet.hiding += 1
    try:
        return content.render(context)
    finally:
        sheet.hiding -= 1
