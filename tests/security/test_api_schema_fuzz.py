"""Schemathesis against the OpenAPI schema: no 5xx and no answer that breaks the schema.

The schema comes from drf-spectacular at test time, so every endpoint the apps add is
fuzzed without listing it here. Each operation gets a few generated requests (valid
and invalid), sent to the Django WSGI app in-process with the allocated worker's token.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]
# Enough to find a crash on odd input, little enough for the suite (about two minutes
# for 50 operations on a busy two-core machine).
EXAMPLES = 4


def api_schema() -> schemathesis.BaseSchema:
    """The schema as /api/schema/ serves it, aimed at the WSGI app (no database needed)."""
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(raw)))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection open across the WSGI app's requests.

    Django closes old connections when a request starts and finishes; its own test
    client turns that off, and so must we, or PostgreSQL loses the test transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(settings, in_process_requests, worker, child):
    """The allocated worker's token (the child's file gives the reads something to find)."""
    settings.ALLOWED_HOSTS = ["*"]
    return Token.objects.create(user=worker).key


# Loaded when the module is collected, not from a fixture: schemathesis' lazy fixture
# loader does not run under pytest 9.
schema = api_schema()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_within_its_schema(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})

    case.validate_response(response, checks=CHECKS)
