"""HTTP conventions every API response follows, whichever code answered it.

- HEAD is answered as GET is, without the body (the API's operations are GETs).
- A query string with a NUL character, or too many parameters to read, is refused with a
  400 problem before any endpoint sees it (no database accepts a NUL in text).
- An error that some other layer answered in HTML or plain text (an unknown address, a
  method not allowed, a bad Host) is answered as a problem instead (config.problems).
- Successful reads say how long they may be kept, as the pages do (config.page_cache), and
  may be read by other sites' pages (Cross-Origin-Resource-Policy; CORS is corsheaders').

ETags and 304s come from Django's ConditionalGetMiddleware, which sits inside this one.
"""

from http import HTTPStatus

from django.core.exceptions import SuspiciousOperation

from config.page_cache import public_cache_control
from config.problems import INVALID_PARAMETERS, MEDIA_TYPE, problem_response

API_PREFIX = "/api/"
JSON_TYPES = (MEDIA_TYPE, "application/json")


def nul_parameter(request) -> str | None:
    """The first query parameter whose name or value holds a NUL character, or None."""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key
    return None


def refused_query(request):
    """A 400 problem for a query string the API does not read, or None."""
    try:
        name = nul_parameter(request)
    except SuspiciousOperation as refused:  # more parameters than Django reads
        return problem_response(400, str(refused) or "The query string could not be read.")
    if name is None:
        return None
    shown = name.replace("\x00", "\\0")[:40]
    return problem_response(
        400,
        "The query string contained a NUL character.",
        kind=INVALID_PARAMETERS,
        invalid_params=[{"name": shown, "reason": "NUL characters are not accepted."}],
    )


def as_problem(response):
    """An error response from outside the API's own code, as a problem: the same response
    (status and headers: Allow, the rate limit's) with a problem for its body."""
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if response.status_code < 400 or content_type in JSON_TYPES or response.streaming:
        return response
    status = HTTPStatus(response.status_code)
    detail = {
        404: "There is no API resource at this address.",
        405: f"This address answers {response.get('Allow', 'GET')} only.",
    }.get(status, status.description or status.phrase)
    problem = problem_response(status, detail)
    response.content = problem.content
    response["Content-Type"] = problem["Content-Type"]
    return response


class ApiHttpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if (refused := refused_query(request)) is not None:
            return refused
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = as_problem(self.get_response(request))
        finally:
            if head:
                request.method = "HEAD"
        if response.status_code in (200, 304) and not response.has_header("Cache-Control"):
            public_cache_control(response)
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        if head and not response.streaming:
            response.content = b""
        return response
