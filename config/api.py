"""The read-only JSON API at /api/v1/: the catalogue's router (catalog.api) and the fictional
world's (franchise.api) mounted on one django-ninja API, with its root, its OpenAPI 3.1
document and its docs page (rendered here from that document: no script, no CDN).

Errors are problems (config.problems): a parameter that does not validate is a 400 naming
it, an address that names nothing a 404. The HTTP conventions every response follows
(HEAD, caching, CORS) are config.api_http's; the rate limit is config.rate_limit's.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import DocsBase

from catalog.api import router as catalog_router
from catalog.api.conventions import MAX_PAGE_SIZE, PAGE_SIZE
from catalog.models import EXTERNAL_ID_FIELDS, Episode, Person, Series
from catalog.models.external import WIKIDATA_PATTERN
from config.problems import (
    INVALID_PARAMETERS,
    MEDIA_TYPE,
    ApiProblem,
    Problem,
    invalid_parameter,
    problem_response,
    response_for,
)
from franchise.api import router as franchise_router
from franchise.models import Character

TITLE = "Showbible API"
VERSION = "1"
DESCRIPTION = (
    "Read-only JSON for the catalogue of TV series and the fictional universes they share: "
    "every object with its sources, published records only."
)

# Headers every successful answer may carry, as the OpenAPI document declares them.
RATE_HEADERS = {
    "RateLimit-Limit": "Requests allowed from one address in a window.",
    "RateLimit-Remaining": "Requests left in the current window.",
    "RateLimit-Reset": "Seconds until the window ends.",
}
PAGE_HEADERS = {
    "Link": "RFC 8288 links to the first, prev, next and last pages.",
    "X-Total-Count": "How many objects the list holds.",
}


class DocsPage(DocsBase):
    """The API's docs as a page of the site, read from the OpenAPI document."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "api": schema,
            "operations": docs_operations(schema),
            "components": sorted(schema["components"]["schemas"].items()),
            "openapi_url": reverse("api:openapi-json"),
            "page_size": PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "rate_limit": settings.API_RATE_LIMIT,
            "rate_window": settings.API_RATE_LIMIT_WINDOW,
            "breadcrumbs": [("API", None)],
        }
        return render(request, "api/docs.html", context)


def docs_operations(schema: dict) -> list[dict]:
    """Each operation of the document, in its order, as the docs page lists it."""
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation.get("responses", {})
            found.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        docs_parameter(parameter, schema["components"]["schemas"])
                        for parameter in operation.get("parameters", [])
                    ],
                    "returns": schema_name(
                        responses.get("200", {}).get("content", {}).get("application/json", {})
                    ),
                    "statuses": sorted(responses),
                }
            )
    return found


def docs_parameter(parameter: dict, components: dict) -> dict:
    """A parameter as the docs page lists it: its type in words ("integer from 1 to 100,
    default 20"), its choices, and what it means."""
    schema = parameter.get("schema", {})
    options = next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)
    if "$ref" in options:  # a vocabulary of its own (RunStatus)
        options = components[options["$ref"].rpartition("/")[2]]
    words = [options.get("type", "string")]
    if "minimum" in options:
        words.append(f"from {options['minimum']} to {options.get('maximum', '…')}")
    if "maxLength" in options:
        words.append(f"up to {options['maxLength']} characters")
    kind = " ".join(words)
    if schema.get("default") is not None:
        kind += f", default {schema['default']}"
    return {
        "name": parameter["name"],
        "where": parameter["in"],
        "required": parameter.get("required", False),
        "type": kind,
        "choices": options.get("enum", []),
        "description": parameter.get("description", "") or schema.get("description", ""),
    }


def schema_name(content: dict) -> str:
    return content.get("schema", {}).get("$ref", "").rpartition("/")[2]


class ShowbibleApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's document, with what our HTTP layer adds declared: errors as
        application/problem+json, 429 everywhere, and the headers of a good answer."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        schema["components"]["schemas"].setdefault(
            "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        for methods in schema["paths"].values():
            for operation in methods.values():
                for parameter in operation.get("parameters", []):
                    parameter["schema"] = without_null(parameter["schema"])
                responses = {str(status): value for status, value in operation["responses"].items()}
                operation["responses"] = responses
                for status, response in responses.items():
                    if status.startswith(("4", "5")):
                        response["content"] = {MEDIA_TYPE: {"schema": problem_ref}}
                responses["429"] = {
                    "description": "Too many requests from this address.",
                    "headers": {"Retry-After": header("Seconds to wait.")} | rate_headers(),
                    "content": {MEDIA_TYPE: {"schema": problem_ref}},
                }
                responses["304"] = {"description": "Not modified (If-None-Match)."}
                paged = any(p["name"] == "page" for p in operation.get("parameters", []))
                headers = rate_headers() | {"ETag": header("A tag of this answer's body.")}
                if paged:
                    headers |= {name: header(text) for name, text in PAGE_HEADERS.items()}
                if "200" in responses:
                    responses["200"]["headers"] = headers
                if "302" in responses:  # the lookup's redirect
                    responses["302"]["description"] = "Found: the record's API address."
                    responses["302"]["headers"] = rate_headers() | {
                        "Location": header("The API address of the record found.")
                    }
        return schema


def without_null(schema: dict) -> dict:
    """An optional parameter's schema without its null choice: leaving the parameter out is
    how a request says "none" (`?year_from=null` is not a year)."""
    choices = [choice for choice in schema.get("anyOf", []) if choice.get("type") != "null"]
    if len(choices) != 1:
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return choices[0] | rest


def header(description: str) -> dict:
    return {"description": description, "schema": {"type": "string"}}


def rate_headers() -> dict:
    return {name: header(text) for name, text in RATE_HEADERS.items()}


api = ShowbibleApi(
    title=TITLE,
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace="api",
    docs=DocsPage(),
)


@api.exception_handler(ApiProblem)
def api_problem(request, exc: ApiProblem):
    return response_for(exc)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    """A parameter that did not validate: a 400 naming each one."""
    invalid = []
    for error in exc.errors:
        names = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = names[0] if names else "request"
        invalid.append({"name": name, "reason": error.get("msg", "Invalid value.")})
    detail = "; ".join(f"“{entry['name']}”: {entry['reason']}" for entry in invalid)
    return problem_response(400, detail, kind=INVALID_PARAMETERS, invalid_params=invalid)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return problem_response(404, "There is no published record at this address.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return problem_response(exc.status_code, str(exc))


class Resource(Schema):
    name: str
    url: str
    description: str


class ApiRoot(Schema):
    title: str
    version: str
    openapi: str
    docs: str
    resources: list[Resource]


# What the root lists, in this order: each resource's name, the operation (by its id) whose
# path is its address, with the query that address takes where it needs one, and what it is.
RESOURCES = [
    ("series", "series_list", "Series, with the site's filters (q, network, genre, status…)."),
    ("series_detail", "series_detail", "A series; include=seasons,credits,reviews,claims…"),
    ("season_detail", "season_detail", "A season; include=episodes,reviews."),
    ("episode_detail", "episode_detail", "An episode; include=credits,characters."),
    ("people", "person_list", "People."),
    ("person_detail", "person_detail", "A person; include=credits,characters."),
    ("characters", "character_list", "Characters, with the site's filters."),
    ("character_detail", "character_detail", "A character, with every appearance."),
    ("universe_detail", "universe_detail", "A universe; include=watch_order,graph."),
    (
        "before_series",
        "before_series",
        "What to watch before a series; also for a season or an episode (…/before).",
    ),
    ("claims", "claim_list", "Claims made in the press, with verdicts."),
    ("search", "search?q={words}", "Series, episodes, people and characters."),
    ("lookup", "lookup?imdb={id}", "Redirect from an IMDb, TMDB, TVmaze or Wikidata id."),
]

root_router = Router(tags=["api"])


@root_router.get("/", response=ApiRoot, summary="The API's resources")
def api_root(request):
    """Where everything is: the OpenAPI document, the docs, and each resource's address
    (a template, where it takes a slug or a number)."""
    root = request.build_absolute_uri(reverse("api:api_root"))
    paths = operation_paths(root_router, catalog_router, franchise_router)
    resources = []
    for name, address, description in RESOURCES:
        operation, mark, query = address.partition("?")
        url = f"{root}{paths[operation]}{mark}{query}"
        resources.append({"name": name, "url": url, "description": description})
    return {
        "title": TITLE,
        "version": VERSION,
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "docs": request.build_absolute_uri(reverse("api:openapi-view")),
        "resources": resources,
    }


def operation_paths(*routers: Router) -> dict[str, str]:
    """Each operation's path below the API's root, by its id (its view's name)."""
    return {
        operation.view_func.__name__: path.removeprefix("/")
        for router in routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
    }


def resource_of(record) -> str:
    """The API address of a series, episode, person or character."""
    if isinstance(record, Episode):
        season = record.season
        kwargs = {"slug": season.series.slug, "season": season.number, "episode": record.number}
        return reverse("api:episode_detail", kwargs=kwargs)
    name = {Series: "series_detail", Person: "person_detail", Character: "character_detail"}
    return reverse(f"api:{name[type(record)]}", kwargs={"slug": record.slug})


# What each id names, in the order looked in: a TMDB or TVmaze number is per kind of
# record there, so a series is preferred to a person, a person to an episode.
LOOKUP_MODELS = [Series, Person, Episode, Character]


@root_router.get(
    "/lookup",
    response={302: None, 400: Problem, 404: Problem},
    summary="Find a record by its id in another catalogue",
)
def lookup(
    request,
    imdb: str | None = Query(None, pattern=r"^(tt|nm)[0-9]{7,10}$", description="tt… or nm…"),
    tmdb: int | None = Query(None, ge=1, le=2_147_483_647, description="A TMDB id."),
    tvmaze: int | None = Query(None, ge=1, le=2_147_483_647, description="A TVmaze id."),
    wikidata: str | None = Query(None, pattern=WIKIDATA_PATTERN, description="Q…"),
):
    """A redirect (302) to the published series, episode, person or character that
    another catalogue knows by this id, or a 404. Exactly one id per request."""
    given = {
        field: value
        for name, field in EXTERNAL_ID_FIELDS.items()
        if (value := {"imdb": imdb, "tmdb": tmdb, "tvmaze": tvmaze, "wikidata": wikidata}[name])
    }
    if len(given) != 1:
        raise invalid_parameter("imdb", "Give exactly one of imdb, tmdb, tvmaze or wikidata.")
    ((field, value),) = given.items()
    for model in LOOKUP_MODELS:
        if not any(f.name == field for f in model._meta.fields):
            continue
        queryset = model.objects.published()
        if model is Episode:
            queryset = queryset.select_related("season__series")
        record = queryset.filter(**{field: value}).first()
        if record is not None:
            return HttpResponseRedirect(request.build_absolute_uri(resource_of(record)))
    raise ApiProblem(404, f"Nothing published here has the {field.removesuffix('_id')} id {value}.")


api.add_router("", root_router)
api.add_router("", catalog_router)
api.add_router("", franchise_router)
