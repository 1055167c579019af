"""Page metadata for the catalogue: canonical URLs, schema.org JSON-LD and small display
filters. JSON-LD is escaped as json_script escapes it: no record text can close the
script element. What page parts add (catalog.page_parts) comes from the page's context:
the cast as `performances`, the site search as `search_url`."""

import json
from urllib.parse import urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from catalog.footnotes import key_of
from catalog.models import ClaimVerdict, CreditRole
from catalog.seasons import SeasonTally, network_spans

register = template.Library()

SCHEMA = "https://schema.org"
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
CREATOR_ROLES = [CreditRole.CREATOR, CreditRole.CO_CREATOR, CreditRole.DEVELOPER]


def jsonld_script(data: dict) -> str:
    """data as a JSON-LD script element, with <, > and & escaped inside the JSON."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(
        f'<script type="application/ld+json">{payload.translate(JSON_SCRIPT_ESCAPES)}</script>'
    )


def absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


def ref(context, schema_type: str, record, name: str = "") -> dict:
    """A record as a schema.org thing of schema_type: its name (str(record) by default) and
    its page's address."""
    return {
        "@type": schema_type,
        "name": name or str(record),
        "url": absolute(context, record.get_absolute_url()),
    }


def top(context, schema_type: str, record, *, description: str = "", **data) -> dict:
    """The page's own record as a JSON-LD document, with its description where it has one."""
    document = {"@context": SCHEMA, **ref(context, schema_type, record), **data}
    if description:
        document["description"] = description
    return same_as(document, record)


def same_as(data: dict, record) -> dict:
    """data with the record's pages in other catalogues (IMDb, TVmaze, Wikidata...)."""
    links = record.external_links() if hasattr(record, "external_links") else []
    if links:
        data["sameAs"] = [url for _, url in links]
    return data


def person_ref(context, person) -> dict:
    return ref(context, "Person", person)


def organization(network) -> dict:
    return {"@type": "Organization", "name": network.name}


def dated(data: dict, **dates) -> dict:
    """data with the dates that are known, in ISO format."""
    data.update({key: day.isoformat() for key, day in dates.items() if day})
    return data


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without its query string, but with the parameters that make
    it a page of its own: ?page=N past page 1, and what the view names in
    `canonical_query` (the watch order's ?order=story)."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    number = getattr(page, "number", 1)
    query = dict(context.get("canonical_query") or {})
    if number and number > 1:
        query["page"] = number
    suffix = f"?{urlencode(query)}" if query else ""
    return request.build_absolute_uri(request.path) + suffix


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return absolute(context, path)


@register.simple_tag(takes_context=True)
def breadcrumbs_jsonld(context, breadcrumbs) -> str:
    items = [{"@type": "ListItem", "position": 1, "name": "Home", "item": absolute(context, "/")}]
    for position, (label, url) in enumerate(breadcrumbs, start=2):
        item = {"@type": "ListItem", "position": position, "name": label}
        if url:
            item["item"] = absolute(context, url)
        items.append(item)
    return jsonld_script({"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items})


@register.simple_tag(takes_context=True)
def website_jsonld(context) -> str:
    """The site, with its search when a page part gives the page a search_url."""
    data = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": "Showbible",
        "url": absolute(context, "/"),
    }
    if search_url := context.get("search_url"):
        search = absolute(context, search_url)
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        }
    return jsonld_script(data)


@register.simple_tag(takes_context=True)
def collection_jsonld(context, name: str, records) -> str:
    """A list page: CollectionPage whose main entity lists the records shown."""
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": str(record),
            "url": absolute(context, record.get_absolute_url()),
        }
        for position, record in enumerate(records, start=1)
    ]
    return jsonld_script(
        {
            "@context": SCHEMA,
            "@type": "CollectionPage",
            "name": name,
            "url": canonical_url(context),
            "mainEntity": {"@type": "ItemList", "itemListElement": items},
        }
    )


@register.simple_tag(takes_context=True)
def series_jsonld(context, series, reviews=()) -> str:
    data = {
        "@context": SCHEMA,
        "@type": "TVSeries",
        "name": series.title,
        "url": absolute(context, series.get_absolute_url()),
        "genre": [genre.name for genre in series.genres.all()],
    }
    dated(data, startDate=series.premiere_date, endDate=series.finale_date)
    if series.synopsis:
        data["description"] = series.synopsis
    if series.based_on:
        data["isBasedOn"] = series.based_on
    seasons = getattr(series, "published_seasons", [])
    publishers = [organization(span.network) for span in network_spans(series, seasons)]
    data["publisher"] = publishers[0] if len(publishers) == 1 else publishers
    if seasons:
        data["numberOfSeasons"] = SeasonTally.of(seasons).released
        data["numberOfEpisodes"] = sum(season.published_episodes for season in seasons)
        data["containsSeason"] = [
            {
                "@type": "TVSeason",
                "seasonNumber": season.number,
                "name": season.label,
                "url": absolute(context, season.get_absolute_url()),
            }
            for season in seasons
        ]
    credits = getattr(series, "published_credits", [])
    # Creators first, then co-creators and developers (Ballard: Alaimo and Sherwood, then
    # Connelly, its co-creator), each person once.
    creating = sorted(
        (c for c in credits if c.role in CREATOR_ROLES), key=lambda c: CREATOR_ROLES.index(c.role)
    )
    creators = list({c.person.pk: person_ref(context, c.person) for c in creating}.values())
    if creators:
        data["creator"] = creators
    actors = [performance(context, p) for p in context.get("performances", [])]
    if actors:
        data["actor"] = actors
    rated = [
        review_data(context, r)
        for r in reviews
        if r.kind == "critic" and r.series_id and r.score is not None
    ]
    if rated:
        data["review"] = rated
    return jsonld_script(same_as(data, series))


def performance(context, played) -> dict:
    """A page_parts.Performance: who plays whom."""
    return {
        "@type": "PerformanceRole",
        "actor": person_ref(context, played.person),
        "characterName": played.character,
    }


def review_data(context, review) -> dict:
    author = (
        {"@type": "Person", "name": review.critic}
        if review.critic
        else {"@type": "Organization", "name": review.outlet}
    )
    data = {
        "@type": "Review",
        "author": author,
        "publisher": {"@type": "Organization", "name": review.outlet},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": f"{review.score.normalize():f}",
            "bestRating": f"{review.scale.normalize():f}",
            "worstRating": "0",
        },
    }
    if review.url:
        data["url"] = review.url
    return dated(data, datePublished=review.published_on)


@register.simple_tag(takes_context=True)
def season_jsonld(context, season) -> str:
    series = season.series
    episodes = getattr(season, "published_episodes", [])
    data = {
        "@context": SCHEMA,
        "@type": "TVSeason",
        "name": f"{series.title}: {season.label}",
        "seasonNumber": season.number,
        "url": absolute(context, season.get_absolute_url()),
        "numberOfEpisodes": len(episodes),
        "publisher": organization(season.released_on),
        "partOfSeries": {
            "@type": "TVSeries",
            "name": series.title,
            "url": absolute(context, series.get_absolute_url()),
        },
        "episode": [
            dated(
                {
                    "@type": "TVEpisode",
                    "episodeNumber": episode.number,
                    "name": episode.title or f"Episode {episode.number}",
                    "url": absolute(context, episode.get_absolute_url()),
                },
                datePublished=episode.air_date,
            )
            for episode in episodes
        ],
    }
    if season.synopsis:
        data["description"] = season.synopsis
    return jsonld_script(dated(data, startDate=season.premiere_date, endDate=season.finale_date))


@register.simple_tag(takes_context=True)
def episode_jsonld(context, episode) -> str:
    season, series = episode.season, episode.season.series
    data = {
        "@context": SCHEMA,
        "@type": "TVEpisode",
        "name": episode.title
        or f"{series.title}, season {season.number}, episode {episode.number}",
        "episodeNumber": episode.number,
        "url": absolute(context, episode.get_absolute_url()),
        "partOfSeason": {
            "@type": "TVSeason",
            "seasonNumber": season.number,
            "url": absolute(context, season.get_absolute_url()),
        },
        "partOfSeries": {
            "@type": "TVSeries",
            "name": series.title,
            "url": absolute(context, series.get_absolute_url()),
        },
    }
    if episode.synopsis:
        data["description"] = episode.synopsis
    if episode.runtime_minutes:
        data["timeRequired"] = f"PT{episode.runtime_minutes}M"
    credits = getattr(episode, "published_credits", [])
    for key, role in (("director", CreditRole.DIRECTOR), ("author", CreditRole.WRITER)):
        people = [person_ref(context, c.person) for c in credits if c.role == role]
        if people:
            data[key] = people
    actors = [performance(context, p) for p in context.get("performances", [])]
    if actors:
        data["actor"] = actors
    return jsonld_script(same_as(dated(data, datePublished=episode.air_date), episode))


# ClaimReview's truth scale: 1 (false) to 5 (true); ClaimVerdict.rating places a verdict.
WORST_RATING, BEST_RATING = 1, 5


def claimant(source) -> dict:
    """Who made a claim: the publisher of the page it was made in."""
    return {"@type": "Organization", "name": source.publisher or source.title}


@register.simple_tag(takes_context=True)
def claim_reviews_jsonld(context, claims) -> str:
    """A schema.org ClaimReview per claim: the claim as made (its text, its claimant, the
    page and date it was made on), our verdict as reviewRating (alternateName: its label,
    ratingValue on the truth scale where the verdict is about truth), and the evidence with
    the sources the page cites for it (the page's fact sheet: no query)."""
    sheet = context.get("facts")
    page = absolute(context, context["request"].path) if context.get("request") else ""
    scripts = []
    for claim in claims:
        source, verdict = claim.made_in, ClaimVerdict(claim.verdict)
        rating = {"@type": "Rating", "alternateName": verdict.label}
        if verdict.rating is not None:
            rating |= {
                "ratingValue": verdict.rating,
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
            }
        made = dated(
            {
                "@type": "Claim",
                "author": claimant(source),
                "appearance": {"@type": "CreativeWork", "url": source.url, "name": source.title},
            },
            datePublished=source.published_on,
        )
        data = {
            "@context": SCHEMA,
            "@type": "ClaimReview",
            "url": f"{page}#claim-{claim.pk}",
            "claimReviewed": claim.text,
            "itemReviewed": made,
            "author": {"@type": "Organization", "name": "Showbible", "url": absolute(context, "/")},
            "datePublished": claim.updated_at.date().isoformat(),
            "reviewRating": rating,
        }
        if claim.evidence:
            data["reviewBody"] = claim.evidence
        evidence = [
            {"@type": "CreativeWork", "url": cited.url, "name": cited.title}
            for cited in (sheet.sources(key_of(claim)) if sheet else [])
            if cited.pk != source.pk
        ]
        if evidence:
            data["citation"] = evidence
        scripts.append(jsonld_script(data))
    return mark_safe("".join(scripts))


@register.simple_tag(takes_context=True)
def person_jsonld(context, person) -> str:
    data = top(context, "Person", person, description=person.bio)
    return jsonld_script(dated(data, birthDate=person.birth_date, deathDate=person.death_date))
