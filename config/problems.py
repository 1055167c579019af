"""The API's errors as problem details (RFC 9457): `application/problem+json` bodies with a
type, a title, the status, a detail sentence and, for a refused request, the parameters
that did not check out (`invalid-params`, the RFC's own example extension).

Each type is a section of the API's docs page (/api/v1/docs#problem-…); a status with
nothing more to say is `about:blank`, titled with the status's own phrase.
"""

import json
from http import HTTPStatus

from django.http import HttpResponse
from ninja import Field, Schema

MEDIA_TYPE = "application/problem+json"
DOCS_PATH = "/api/v1/docs"

# Problem types of our own: (slug of the docs section, title).
INVALID_PARAMETERS = ("invalid-parameters", "Your request parameters didn't validate.")
RATE_LIMITED = ("rate-limited", "Too many requests from your address.")
PROBLEM_TYPES = (INVALID_PARAMETERS, RATE_LIMITED)


class InvalidParam(Schema):
    name: str = Field(description="The parameter, as the request names it.")
    reason: str = Field(description="Why its value was refused.")


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = Field(description="A URI reference naming the kind of problem.")
    title: str
    status: int
    detail: str
    invalid_params: list[InvalidParam] | None = Field(
        None,
        alias="invalid-params",
        description="The parameters that did not check out (400 only).",
    )


class ApiProblem(Exception):
    """Raised by an endpoint: answered with the problem it describes."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: tuple[str, str] | None = None,
        invalid_params: list[dict] | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.invalid_params = invalid_params


def invalid_parameter(name: str, reason: str) -> ApiProblem:
    """A 400 naming one parameter; its reason is also the detail."""
    return ApiProblem(
        400,
        f"“{name}”: {reason}",
        kind=INVALID_PARAMETERS,
        invalid_params=[{"name": name, "reason": reason}],
    )


def problem_response(
    status: int,
    detail: str,
    *,
    kind: tuple[str, str] | None = None,
    invalid_params: list[dict] | None = None,
) -> HttpResponse:
    """The problem as a response; `kind` is one of PROBLEM_TYPES, else about:blank."""
    if kind is None:
        type_, title = "about:blank", HTTPStatus(status).phrase
    else:
        type_, title = f"{DOCS_PATH}#problem-{kind[0]}", kind[1]
    body = {"type": type_, "title": title, "status": status, "detail": detail}
    if invalid_params:
        body["invalid-params"] = invalid_params
    return HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)


def response_for(problem: ApiProblem) -> HttpResponse:
    return problem_response(
        problem.status, problem.detail, kind=problem.kind, invalid_params=problem.invalid_params
    )
