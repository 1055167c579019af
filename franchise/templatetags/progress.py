"""The visitor's progress on catalogue pages (franchise.progress): the checklist of the
episodes a page shows, read from the `watched` cookie. No query: a cookie is all they read."""

from django import template

from franchise import progress

register = template.Library()


@register.simple_tag(takes_context=True)
def watched_ids(context) -> frozenset[int]:
    """The episode ids the visitor has ticked (read once per request)."""
    request = context.get("request")
    return progress.watched_ids(request) if request else frozenset()


@register.simple_tag(takes_context=True)
def season_checklist(context, season):
    """The progress form of a season page: its published episodes."""
    return progress.checklist(
        context["request"], {season.pk: [episode.pk for episode in season.published_episodes]}
    )


@register.filter
def season_progress(checklist, season_id):
    """How much of a season of the checklist is watched (progress.SeasonProgress)."""
    return checklist.season(season_id)
