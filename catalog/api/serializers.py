"""Records as the API shows them (catalog.api.schemas): plain dicts, built from what the
endpoint's queryset loaded, so that no attribute read here runs a query. Each function
says what it reads.
"""

from urllib.parse import urlencode

from django.urls import reverse

from catalog.api.conventions import absolute, source_out, sources_out
from catalog.models.external import EXTERNAL_ID_FIELDS


def number(value) -> float | None:
    """A decimal as JSON states it (a number, not a string)."""
    return None if value is None else float(value)


def external_ids_out(record) -> dict:
    """A series', episode's, person's or character's ids elsewhere (None where unknown, or
    where the catalogue has no such record, as IMDb has no characters)."""
    return {
        name: getattr(record, field, None) or None for name, field in EXTERNAL_ID_FIELDS.items()
    }


def fields_out(record, *names: str) -> dict:
    """The record's attributes of these names, as they are (text, numbers, dates)."""
    return {name: getattr(record, name) for name in names}


def resource_out(record, *names: str) -> dict:
    """The fields a resource shows as they are (`names`), its ids in other catalogues and
    its sources: the end of a series, an episode, a person and a character."""
    return fields_out(record, *names) | {
        "external_ids": external_ids_out(record),
        "sources": sources_out(record.sources),
    }


def term_out(term, request, name: str) -> dict:
    """A network or a genre, a term of the series list's filter `name`: its page on the site
    is that list filtered by it."""
    listed = f"{reverse('catalog:series_list')}?{urlencode({name: term.slug})}"
    return {
        "id": term.pk,
        "slug": term.slug,
        "url": absolute(request, listed),
        "name": term.name,
    }


def network_out(network, request) -> dict:
    return term_out(network, request, "network") | {"website": network.url}


def genre_out(genre, request) -> dict:
    return term_out(genre, request, "genre")


# References.


def named_ref(record, request, name_field: str) -> dict:
    """A record found by slug (a model row or a franchise value with id, slug and
    get_absolute_url): its id, slug, page and title or name."""
    return {
        "id": record.id,
        "slug": record.slug,
        "url": absolute(request, record.get_absolute_url()),
        name_field: getattr(record, name_field),
    }


def series_ref(series, request) -> dict:
    """A Series, or a franchise SeriesRef or graph SeriesNode."""
    return named_ref(series, request, "title")


def season_ref(season, request) -> dict:
    """Reads the season's series (its slug)."""
    return {
        "id": season.pk,
        "number": season.number,
        "label": season.label,
        "url": absolute(request, season.get_absolute_url()),
    }


def episode_ref(episode, request) -> dict:
    """Reads the episode's season and its series (the slug)."""
    return {
        "id": episode.pk,
        "season": episode.season.number,
        "number": episode.number,
        "title": episode.title or None,
        "url": absolute(request, episode.get_absolute_url()),
    }


def person_ref(person, request) -> dict:
    return named_ref(person, request, "name")


# Resources.


def series_out(series, request) -> dict:
    """Reads network, genres and sources (Series.objects.for_api())."""
    shown = resource_out(series, "premiere_date", "finale_date", "run_status", "critic_score")
    return (
        series_ref(series, request)
        | {
            "alternative_titles": [
                title.strip() for title in series.alternative_titles.split(";") if title.strip()
            ],
            "network": network_out(series.network, request),
            "genres": [genre_out(genre, request) for genre in series.genres.all()],
        }
        | shown
    )


def series_detail_out(series, request) -> dict:
    return series_out(series, request) | fields_out(series, "synopsis", "based_on", "note")


def season_out(season, request) -> dict:
    """Reads the season's network, its series' network and slug, and sources."""
    return {
        "id": season.pk,
        "url": absolute(request, season.get_absolute_url()),
        "number": season.number,
        "label": season.label,
        "title": season.title,
        "network": network_out(season.released_on, request),
        "premiere_date": season.premiere_date,
        "finale_date": season.finale_date,
        "episode_count": season.episode_count,
        "synopsis": season.synopsis,
        "sources": sources_out(season.sources),
    }


def season_detail_out(season, request) -> dict:
    return season_out(season, request) | {
        "series": series_ref(season.series, request),
        "note": season.note,
    }


def episode_out(episode, request) -> dict:
    """Reads the episode's season, its series' slug, and sources."""
    return episode_ref(episode, request) | resource_out(
        episode, "number_overall", "air_date", "runtime_minutes", "synopsis"
    )


def episode_detail_out(episode, request) -> dict:
    return episode_out(episode, request) | {
        "series": series_ref(episode.season.series, request),
        "note": episode.note,
    }


def person_out(person, request) -> dict:
    """Reads sources."""
    return person_ref(person, request) | resource_out(person, "birth_date", "death_date")


def person_detail_out(person, request) -> dict:
    return person_out(person, request) | {"bio": person.bio}


def credit_out(credit, request) -> dict:
    """Reads the person, the series or the episode (with its season and series), and
    sources."""
    episode = credit.episode if credit.episode_id else None
    series = episode.season.series if episode else credit.series
    return {
        "id": credit.pk,
        "role": credit.role,
        "role_label": credit.get_role_display(),
        "note": credit.note,
        "person": person_ref(credit.person, request),
        "series": series_ref(series, request),
        "episode": episode_ref(episode, request) if episode else None,
        "sources": sources_out(credit.sources),
    }


def review_out(review, request) -> dict:
    """Reads the season reviewed, the disputing source, and sources."""
    return {
        "id": review.pk,
        "kind": review.kind,
        "season": review.season.number if review.season_id else None,
        "outlet": review.outlet,
        "critic": review.critic,
        "url": review.url,
        "published_on": review.published_on,
        "published_on_precision": review.published_on_precision,
        "score": number(review.score),
        "scale": number(review.scale),
        "grade": review.grade,
        "score_display": review.score_display,
        "disputed_score": number(review.disputed_score),
        "disputed_by": source_out(review.disputed_by) if review.disputed_by_id else None,
        "excerpt": review.excerpt,
        "verification": review.verification,
        "sources": sources_out(review.sources),
    }


def claim_out(claim, request) -> dict:
    """Reads the source that made it, its series, and sources."""
    series = claim.series if claim.series_id else None
    return {
        "id": claim.pk,
        "url": absolute(request, f"{series.get_absolute_url()}#claims") if series else None,
        "number": claim.number,
        "text": claim.text,
        "verdict": claim.verdict,
        "verdict_label": claim.get_verdict_display(),
        "established": claim.is_established,
        "gloss": claim.gloss,
        "evidence": claim.evidence,
        "made_in": source_out(claim.made_in),
        "series": series_ref(series, request) if series else None,
        "sources": sources_out(claim.sources),
    }
