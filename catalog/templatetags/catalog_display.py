"""Display helpers for catalogue records: footnotes from citations, credits by role,
scores and dates printed as precisely as they are known."""

from dataclasses import dataclass, field

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join

from catalog.models import DatePrecision, Review
from catalog.seasons import NetworkSpan, SeasonTally, network_spans
from catalog.selectors import count_label

register = template.Library()


@dataclass
class Footnote:
    number: int
    source: object
    supports: list[str] = field(default_factory=list)


@register.filter
def footnotes(citations) -> list[Footnote]:
    """Citations as numbered footnotes, one per source, in order of first citation."""
    notes = {}
    for citation in citations or []:
        note = notes.setdefault(citation.source_id, Footnote(len(notes) + 1, citation.source))
        if citation.fact and citation.fact not in note.supports:
            note.supports.append(citation.fact.replace("_", " "))
    return list(notes.values())


@register.simple_tag
def source_marks(citations) -> str:
    """Superscript links to every footnote: [1] [2]…"""
    notes = footnotes(citations)
    if not notes:
        return ""
    links = format_html_join(
        " ",
        '<a href="#source-{}" aria-label="Source {}">{}</a>',
        ((note.number, note.number, note.number) for note in notes),
    )
    return format_html('<sup class="marks">{}</sup>', links)


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
    (from PersonQuerySet.for_cards()), each once, in order."""
    roles, series = [], []
    for credit in person.published_credits:
        role = credit.get_role_display()
        if role not in roles:
            roles.append(role)
        if credit.work_title not in series:
            series.append(credit.work_title)
    characters = []
    for appearance in person.published_roles:
        played = (appearance.character_name, appearance.series_title)
        if played not in characters:
            characters.append(played)
        if appearance.series_title not in series:
            series.append(appearance.series_title)
    return {"roles": roles, "series": series, "characters": characters}


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
