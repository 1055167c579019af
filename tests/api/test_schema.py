"""The API against its own OpenAPI document, with schemathesis: every operation, with inputs
drawn from each parameter's schema and from just outside it, on the seeded database. No
answer may be a server error, and every answer must conform to the document: a status it
lists, its content type, its headers, a body valid against its schema; and a request the
document rules out must be refused (a 4xx).

Each operation gets SHOWBIBLE_API_EXAMPLES examples (40 by default), about half a minute
in all; the figures of each go to the terminal summary. `.ci/run` runs these tests as a
step of their own, on SQLite (marker api_schema); `make test` runs them with the rest.

Not checked: that every request the document allows succeeds (positive_data_acceptance). A
well-formed slug that names no network or series is allowed by the document and still a
400 or a 404, which the document cannot tell from a real one.
"""

import os
import time
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api

pytestmark = [pytest.mark.django_db, pytest.mark.api_schema]

EXAMPLES = int(os.environ.get("SHOWBIBLE_API_EXAMPLES", "40"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Path parameters that name seeded records, drawn half the time, so that the answers
# include real objects and not only 404s: the slug by the address's first segment.
SEEDED_SLUGS = {
    "series": ["bosch", "bosch-legacy", "ballard", "the-lincoln-lawyer"],
    "people": ["titus-welliver", "maggie-q", "michael-connelly", "madison-lintz"],
    "characters": ["harry-bosch", "renee-ballard", "maddie-bosch", "mickey-haller"],
    "universes": ["bosch-universe"],
}
# The operations, as the document lists them (it is built without the database).
OPERATIONS = [
    (method.upper(), path, bool(operation.get("parameters")))
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method, operation in methods.items()
]


@pytest.fixture
def api_schema(seeded):
    """The document, read from /api/v1/openapi.json as a client would, with requests served
    by Django's WSGI handler inside the test's transaction. As Django's test client does,
    database connections stay open between requests: closing one would lose the
    transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def seeded_parameters(path: str):
    """Path parameters naming seeded records (a season or an episode may not exist)."""
    parameters = {"slug": st.sampled_from(SEEDED_SLUGS[path.split("/")[3]])}
    if "{season}" in path:
        parameters["season"] = st.integers(min_value=0, max_value=8)
    if "{episode}" in path:
        parameters["episode"] = st.integers(min_value=1, max_value=11)
    return st.fixed_dictionaries(parameters)


@pytest.mark.parametrize(
    ("method", "path", "has_parameters"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_operation_conforms_to_the_openapi_document(
    api_schema, record_property, method, path, has_parameters
):
    operation = api_schema[path][method]
    modes = [GenerationMode.POSITIVE] + [GenerationMode.NEGATIVE] * has_parameters
    cases = [operation.as_strategy(generation_mode=mode) for mode in modes]
    if "{slug}" in path:  # twice: as often as the rest together
        seeded = seeded_parameters(path).flatmap(
            lambda parameters: operation.as_strategy(path_parameters=parameters)
        )
        cases += [seeded, seeded]
    statuses, started = Counter(), time.monotonic()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(*cases))
    def check(case):
        # The WSGI transport does not decompress: ask for the body as it is.
        response = case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
        statuses[response.status_code] += 1

    try:
        check()
    finally:
        figures = {
            "operation": f"{method} {path}",
            "requests": sum(statuses.values()),
            "statuses": dict(sorted(statuses.items())),
            "seconds": round(time.monotonic() - started, 1),
        }
        record_property("schemathesis", figures)
