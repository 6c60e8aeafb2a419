"""Schemathesis, the real tool, over the whole schema /api/schema/ serves: every operation with
generated parameters (valid and invalid), through Django's WSGI application in this process, on
this run's database. No answer may be a 5xx, and every answer must be one the schema describes:
its status, content type, headers and body; a request the schema refuses must be refused.

Fixed seed (derandomize) and a bounded number of examples per operation, so that a run is
repeatable and stays well under CI's budget.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

EXAMPLES_PER_OPERATION = 30
# Values the schema cannot list because the data decides them: a role's, a company's or a topic's
# slug, and the countries and years a role has figures for. A well-formed one naming nothing is
# refused with 400 invalid_choice, exactly as the pages refuse it.
DATA_DEFINED = {"role", "company", "tag", "country", "year"}
# An amount is judged by the salary rules, which the exchange-rate table and the pay period decide
# together (120,000 a year is fine, 120,000 an hour is refused): the schema can bound it, not
# judge it. A refusal names the parameter and the rule, with the rules' own message.
RULE_DEFINED = {
    "amount": {"below_minimum", "above_maximum"},
    "currency": {"unknown_currency"},
}

# Schemathesis' own positive_data_acceptance would count those refusals as failures; the check
# below holds every schema-valid request to the same rule with only that exception.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {"enabled": False}}})

# Loaded when the module is collected: schema generation reads the views, not the database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def connection_kept():
    """What Django's test client does around each request: the real WSGI handler would close the
    database connection at the end of a request, and with it this test's transaction (on
    PostgreSQL; SQLite's in-memory test database ignores the close)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schemathesis.check
def schema_valid_requests_are_answered(ctx, response, case):
    """A request the schema allows gets its answer (2xx), or 304 for a current ETag, 429 when
    throttled, 404 for a slug or cursor that names nothing, 410 for an ended job, and 400 only
    for data-defined values (DATA_DEFINED) that name nothing."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if 200 <= status < 300 or status in (304, 404, 410, 429):
        return None
    if status == 400:
        errors = response.json()["errors"]
        named = {
            name
            for name, messages in errors.items()
            if all(message["code"] == "invalid_choice" for message in messages)
        }
        if named == set(errors) and named <= DATA_DEFINED:
            return None
        if all(
            {message["code"] for message in errors[name]} <= RULE_DEFINED.get(name, set())
            for name in errors
        ):
            return None
    raise AssertionError(f"A request the schema allows answered {status}: {response.text[:300]}")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_the_schema_says(case, board, unthrottled, connection_kept):
    case.call_and_validate()


def slugs(objects):
    return [item.slug for item in objects]


# Operations again, with the values generation cannot guess set to ones the data holds (shown and
# hidden alike): each case is still generated and validated by schemathesis.
DATA_DEFINED_VALUES = {
    "/api/v1/jobs/{slug}/": lambda board: {
        "path_parameters": {"slug": slugs(board.shown + board.hidden)}
    },
    "/api/v1/companies/{slug}/": lambda board: {
        "path_parameters": {"slug": ["acme-data", "beta-labs", "gamma-without-jobs"]}
    },
    "/api/v1/roles/{slug}/": lambda board: {
        "path_parameters": {"slug": slugs(board.roles)},
        "query": {"country": ["US", "DE"], "year": ["2023"]},
    },
    "/api/v1/roles/{slug}/position/": lambda board: {
        "path_parameters": {"slug": slugs(board.roles)},
        "query": {"currency": ["USD", "EUR"], "period": ["year", "month"]},
    },
    "/api/v1/articles/{slug}/": lambda board: {
        "path_parameters": {"slug": slugs([*board.articles, board.draft_article])}
    },
    "/api/v1/jobs/": lambda board: {
        "query": {"role": slugs(board.roles), "company": ["acme-data", "beta-labs"]}
    },
    "/api/v1/articles/": lambda board: {"query": {"role": ["data-engineer"], "tag": ["pay"]}},
}


@pytest.mark.parametrize("path", DATA_DEFINED_VALUES)
@settings(
    max_examples=EXAMPLES_PER_OPERATION // 2,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_operations_with_values_the_data_holds(data, board, unthrottled, connection_kept, path):
    fixed = {
        part: {name: data.draw(st.sampled_from(choices)) for name, choices in values.items()}
        for part, values in DATA_DEFINED_VALUES[path](board).items()
    }
    case = data.draw(schema[path]["GET"].as_strategy(**fixed))
    case.call_and_validate()
