"""Display helpers for catalogue records: facts with their footnotes, credits by role,
scores and dates printed as precisely as they are known."""

from django import template
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list

from catalog import page_parts
from catalog.footnotes import FactSheet, Key, is_key, key_of
from catalog.models import DatePrecision, Review, Source
from catalog.page_parts import AnyOf
from catalog.seasons import NetworkSpan, SeasonTally, network_spans
from catalog.selectors import count_label
from catalog.spoilers import held_back_render, sources_held_back_render

register = template.Library()


@register.tag("fact")
def fact_tag(parser, token):
    """`{% fact record "field" %}…{% endfact %}`: the enclosed value, marked as the fact it
    states, with a footnote to each of its sources on the page (catalog.footnotes) and a
    "weak source" flag when they are all weak. Several records (or lists of them) may
    follow each other, each with an optional field; `"name" arg…` first asks the page's
    index of that name for the records behind a derived fact. `tag="div"` wraps block
    content. A record whose field holds nothing states nothing: the value is left as is."""
    bits = token.split_contents()[1:]
    arguments, wrapper = [], "span"
    for bit in bits:
        if bit.startswith("tag="):
            wrapper = bit.removeprefix("tag=").strip("\"'")
        else:
            arguments.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfact",))
    parser.delete_first_token()
    return FactNode(arguments, wrapper, nodelist)


class FactNode(template.Node):
    def __init__(self, arguments, wrapper: str, nodelist):
        self.arguments, self.wrapper, self.nodelist = arguments, wrapper, nodelist

    def render(self, context):
        values = [a.resolve(context) for a in self.arguments]
        return fact_render(context, values, self.nodelist.render(context), self.wrapper)


def fact_render(context, values: list, content: str, wrapper: str = "span") -> str:
    """What `{% fact value… %}content{% endfact %}` renders (see fact_tag)."""
    content = content.strip()
    sheet = context.get("facts")
    if not isinstance(sheet, FactSheet):
        return mark_safe(content)  # rendered by the template engine, escaped there
    statements = fact_statements(sheet, values)
    if not statements:
        return mark_safe(content)
    mark = sheet.mark(statements)
    links = format_html_join(
        " ",
        '<a href="#{}" aria-label="Source {}">[{}]</a>',
        ((note.anchor, note.number, note.number) for note in mark.notes),
    )
    marker = format_html('<sup class="fn">{}</sup>', links) if mark.notes else ""
    flag = mark_safe(' <span class="flag flag--weak">weak source</span>') if mark.weak else ""
    return format_html(
        '<{} class="fact" data-fact="{}">{}{}{}</{}>',
        wrapper,
        mark.statement,
        mark_safe(content),  # rendered by the template engine, escaped there
        marker,
        flag,
        wrapper,
    )


@register.simple_tag(takes_context=True)
def date_fact(context, record, field: str, missing: str = "", format: str = "") -> str:
    """`{% date_fact season "premiere_date" %}`: the record's date (includes/date.html, with
    its `missing` and `format`) as the fact it states, as `{% fact season "premiere_date" %}`
    around that date would."""
    dated = {"date": getattr(record, field), "missing": missing, "format": format}
    return fact_render(context, [record, field], render_to_string("includes/date.html", dated))


@register.inclusion_tag("includes/table_head.html")
def table_head(*columns: str, unlabelled: str = "") -> dict:
    """`{% table_head "Row" "Column" %}`: a table's head row, a column header per label;
    `unlabelled` heads a last column with a label only screen readers hear."""
    return {"columns": columns, "unlabelled": unlabelled}


@register.simple_block_tag
def data_table(content, label, *columns, caption="", variant="", unlabelled=""):
    """`{% data_table "Series table" "Premiere" "Series" %}…rows…{% enddata_table %}`: a
    table of records in a region that scrolls sideways on a narrow screen, headed by
    table_head's row; `caption` is for screen readers, `variant` a class of its own."""
    context = {"label": label, "caption": caption, "variant": variant, "rows": content}
    return render_to_string(
        "includes/data_table.html", context | table_head(*columns, unlabelled=unlabelled)
    )


@register.simple_tag
def browse_links(*lists: str, last: str = "and") -> str:
    """`{% browse_links "series" "people" last="or" %}`: "Or browse all series or people.",
    each a link to its list (page_parts.browse_list), in the order given."""
    links = []
    for name in lists:
        url_name, label = page_parts.browse_list(name)
        links.append(format_html('<a href="{}">{}</a>', reverse(url_name), label))
    listed = mark_safe(get_text_list(links, conditional_escape(last)))  # links built above
    return format_html("<p>\n  Or browse {}.\n</p>", listed)


@register.filter
def hides(spoilers, record) -> bool:
    """`{% if spoilers|hides:episode %}`: whether the page's spoiler policy (see spoiler_tag)
    holds the record back; never without one."""
    return bool(spoilers) and spoilers.hides(record)


@register.simple_tag(takes_context=True)
def held_back(context, *records) -> bool:
    """`{% held_back record… as hidden %}`: whether the page's spoiler policy holds back
    any one of the records (as `spoilers|hides:record` for each); never without one."""
    spoilers = context.get("spoilers")
    return any(hides(spoilers, record) for record in records)


@register.tag("or_none")
def or_none_tag(parser, token):
    """`{% or_none values %}…{% endor_none %}`: the content when `values` holds anything,
    else a note that says there is none (a table cell's)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one value")
    content = parser.parse(("endor_none",))
    parser.delete_first_token()
    return OrNoneNode(parser.compile_filter(bits[1]), content)


class OrNoneNode(template.Node):
    def __init__(self, value, content):
        self.value, self.content = value, content

    def render(self, context):
        if self.value.resolve(context):
            return self.content.render(context)
        return mark_safe('<span class="note">none</span>')


@register.tag("spoiler")
def spoiler_tag(parser, token):
    """`{% spoiler record… %}content{% instead %}stand-in{% endspoiler %}`: the content as
    it is, unless the page's spoiler policy holds one of the records back. Then the
    stand-in (optional: a link that names no title, "Episode 2×5") is shown, and the
    content follows in a closed `<details class="spoiler">`: one click (or key) reveals it,
    without JavaScript. The policy is the context's `spoilers`, an object with
    hides(record) → bool that another app provides (catalog.page_parts); the sources only
    hidden facts use are hidden with them (catalog.footnotes)."""
    records = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    content = parser.parse(("instead", "endspoiler"))
    stand_in = template.NodeList()
    if parser.next_token().contents == "instead":
        stand_in = parser.parse(("endspoiler",))
        parser.delete_first_token()
    return SpoilerNode(records, content, stand_in)


class SpoilerNode(template.Node):
    def __init__(self, records, content, stand_in):
        self.records, self.content, self.stand_in = records, content, stand_in

    def render(self, context):
        # Resolved only under a spoiler policy, and only until one is held back.
        records = (r.resolve(context) for r in self.records)
        return held_back_render(context, records, self.content, self.stand_in)


@register.tag("item_list")
@register.tag("spoiler_list")
def item_list_tag(parser, token):
    """`{% item_list records as record class="links" %}…{% enditem_list %}`: a list with an
    item per record, the content with `record` set. Options: `class` (the list's),
    `tag="ol"` (a `<ul>` otherwise), `item_class` (each `<li>`'s). `{% spoiler_list … %}`:
    the same, each item held back as `{% spoiler record %}` would hold it back."""
    bits = token.split_contents()
    if len(bits) < 4 or bits[2] != "as":
        raise template.TemplateSyntaxError(f"{bits[0]} takes: records as name [option=value…]")
    options = template.base.token_kwargs(bits[4:], parser)
    if len(options) != len(bits[4:]):
        raise template.TemplateSyntaxError(f"{bits[0]}: options are name=value")
    content = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    held_back = bits[0] == "spoiler_list"
    return ItemListNode(parser.compile_filter(bits[1]), bits[3], options, content, held_back)


class ItemListNode(template.Node):
    def __init__(self, records, name, options, content, held_back: bool):
        self.records, self.name, self.options, self.content = records, name, options, content
        self.held_back = held_back

    def render(self, context):
        options = {key: value.resolve(context) for key, value in self.options.items()}
        tag = options.get("tag", "ul")
        item = "<li>"
        if "item_class" in options:
            item = format_html('<li class="{}">', options["item_class"])
        items = []
        for record in self.records.resolve(context) or ():
            with context.push({self.name: record}):
                if self.held_back:
                    content = mark_safe(held_back_render(context, [record], self.content))
                else:
                    content = self.content.render(context)
                items.append(format_html("{}\n{}\n</li>\n", mark_safe(item), content))
        opening = format_html('<{} class="{}">\n', tag, options.get("class", ""))
        return opening + mark_safe("".join(items) + format_html("</{}>", tag))


@register.simple_block_tag
def record_section(content, name, heading, empty=""):
    """`{% record_section "cast" "Cast" %}…{% endrecord_section %}`: a section of a record's
    page, `#cast`, headed (and labelled) by its heading. With `empty="No cast yet."`, a
    section whose content renders nothing says so."""
    context = {"name": name, "heading": heading, "content": content, "empty": empty}
    return render_to_string("includes/record_section.html", context)


@register.tag("spoiler_sources")
def spoiler_sources_tag(parser, token):
    """`{% spoiler_sources record… %}content{% endspoiler_sources %}`: the content as it is,
    but when the page's spoiler policy holds one of the records back, the sources its facts
    cite are held back in the page's source list (unless a fact shown elsewhere cites
    them): a source about a later episode names it in its title."""
    records = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    content = parser.parse(("endspoiler_sources",))
    parser.delete_first_token()
    return SpoilerSourcesNode(records, content)


class SpoilerSourcesNode(template.Node):
    def __init__(self, records, content):
        self.records, self.content = records, content

    def render(self, context):
        records = (r.resolve(context) for r in self.records)  # as SpoilerNode's
        return sources_held_back_render(context, records, self.content)


@register.tag("spoiler_sources_each")
def spoiler_sources_each_tag(parser, token):
    """`{% spoiler_sources_each records as record %}…{% endspoiler_sources_each %}`: the
    content once per record (a table's row), each time as `{% spoiler_sources record %}`
    renders it."""
    bits = token.split_contents()
    if len(bits) != 4 or bits[2] != "as":
        raise template.TemplateSyntaxError(f"{bits[0]} takes: records as name")
    content = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return SpoilerSourcesEachNode(parser.compile_filter(bits[1]), bits[3], content)


class SpoilerSourcesEachNode(template.Node):
    def __init__(self, records, name, content):
        self.records, self.name, self.content = records, name, content

    def render(self, context):
        rendered = []
        for record in self.records.resolve(context) or ():
            with context.push({self.name: record}):
                rendered.append(sources_held_back_render(context, [record], self.content))
        return mark_safe("".join(rendered))


@register.filter
def held_back_notes(notes, spoilers) -> list[tuple]:
    """(footnote, held back) for the page's source list: a source only facts held back
    cite, or whose title the page's spoiler policy holds back, is held back too."""
    return [
        (note, note.hidden or bool(spoilers) and spoilers.hides(note.source.title))
        for note in notes
    ]


@register.filter
def all_held_back(notes) -> bool:
    return all(hidden for _, hidden in notes)


@register.filter
def any_of(records) -> AnyOf:
    """`{% spoiler series.published_seasons|any_of %}`: held back when any one is."""
    return AnyOf(records)


@register.filter
def fewer_than(items, count: int) -> bool:
    """`{% spoiler shown|fewer_than:2 %}`: a condition of the page's own (a spoiler policy
    holds back True)."""
    return len(items) < count


@register.filter
def spoiler_split(records, spoilers) -> tuple[list, list]:
    """(shown, held back): the records the page's spoiler policy lets through, and the
    rest (`{% with parts=entry.episodes|spoiler_split:spoilers %}`). A tuple is weighed by
    its last item: the records it rests on."""
    records = list(records)
    if not spoilers:
        return records, []

    def held(record) -> bool:
        return spoilers.hides(record[-1] if isinstance(record, tuple) else record)

    return [r for r in records if not held(r)], [r for r in records if held(r)]


def fact_statements(sheet: FactSheet, values: list) -> list:
    """The (record, field) statements a fact tag names; none for a field left blank."""
    if values and isinstance(values[0], str):
        return [(key, "") for key in sheet.derived(*values)]
    statements: list[tuple[Key, str]] = []
    subjects: list = []
    for value in [*values, None]:
        if isinstance(value, str):
            statements += [(keyed(record), value) for record in subjects if stated(record, value)]
            subjects = []
            continue
        statements += [(keyed(record), "") for record in subjects]
        if isinstance(value, Source):  # a value the source gives itself
            statements.append(value)
            subjects = []
        elif value is None or value == "":
            subjects = []
        elif isinstance(value, models.Model) or is_key(value):
            subjects = [value]
        else:
            subjects = [record for record in value if isinstance(record, models.Model)]
    return statements


def keyed(record) -> Key:
    return record if is_key(record) else key_of(record)


def stated(record, field: str) -> bool:
    """Whether the record shows something for field (a date, a title, a network…); ""
    names the record as a whole, which always states itself."""
    if not field or is_key(record):  # a key shows whatever the page printed
        return True
    value = getattr(record, field, None)
    return value is not None and value != ""


@register.filter
def series_key(series_ref):
    """A series known by its id (a graph node, a SeriesRef), as a key for `{% fact %}`."""
    return ("catalog.series", series_ref.id)


@register.filter
def critic_review_key(series):
    """The review behind a card's critic score (SeriesQuerySet.with_stats), as a key."""
    return ("catalog.review", series.critic_review_id) if series.critic_review_id else None


@register.filter
def network_record(season):
    """The record that states which network released a season: the season when it has a
    network of its own, else its series."""
    return season if season.network_id else season.series


@register.filter
def with_role(credits, role: str) -> list:
    """The credits holding role ("director", "writer"…)."""
    return [credit for credit in credits if credit.role == role]


@register.filter
def card_score(series) -> str:
    """The aggregate score annotated by with_stats(), as its outlet prints it: "94%"."""
    value = getattr(series, "critic_score_value", None)
    if value is None:
        return ""
    return Review(score=value, scale=series.critic_scale).score_display


def _review_date_in(review, formats: dict, day_format: str) -> str:
    """The review's date in the format for its precision ("" when it has none)."""
    if review.published_on is None:
        return ""
    return format_date(review.published_on, formats.get(review.published_on_precision, day_format))


@register.filter
def review_date(review) -> str:
    """A review's date as precisely as it is known: "14 Jul 2025", "July 2025", "2025"."""
    return _review_date_in(review, {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y"}, "j M Y")


@register.filter
def review_datetime(review) -> str:
    """The machine-readable form of review_date: "2025-07-14", "2025-07", "2025"."""
    return _review_date_in(review, {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "Y-m"}, "Y-m-d")


@register.filter
def known_for(person) -> dict:
    """What a people-list entry says: roles held, series worked on, characters played
    (from PersonQuerySet.for_cards()), each once, in order, with the credits or roles
    (appearances) each rests on."""
    roles: dict[str, list] = {}
    series: dict[str, list] = {}
    for credit in person.published_credits:
        roles.setdefault(credit.get_role_display(), []).append(credit)
        series.setdefault(credit.work_title, []).append(credit)
    characters: dict[tuple, list] = {}
    for appearance in person.published_roles:
        played = (appearance.character_name, appearance.series_title)
        characters.setdefault(played, []).append(appearance)
        series.setdefault(appearance.series_title, []).append(appearance)
    return {
        "roles": list(roles.items()),
        "series": list(series.items()),
        "characters": [(name, title, found) for (name, title), found in characters.items()],
    }


@register.filter
def paginated_count(paginator) -> str:
    """What a list says it holds: "2,017", or "1,000+" from a BoundedPaginator that stopped
    counting (selectors.count_label, as search shows its counts)."""
    return count_label(paginator.count, more=getattr(paginator, "more", False))


@register.filter
def season_tally(series) -> SeasonTally:
    """ "4 seasons; season 5 ordered": released seasons, and those only ordered."""
    return SeasonTally.of_series(series)


@register.filter
def networks(series) -> list[NetworkSpan]:
    """The networks that released a series page's seasons, each with its seasons."""
    return network_spans(series, getattr(series, "published_seasons", []))
