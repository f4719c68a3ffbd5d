"""The OpenAPI schema and the docs pages: generated cleanly, for signed-in users only."""

import pytest
from django.core.management import call_command


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker)
    return client


def test_the_schema_generates_and_validates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning (an untyped field, say) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))

    schema = (tmp_path / "s.yaml").read_text()
    assert "/api/observations/{id}/complete/:" in schema
    assert "/api/children/{id}/:" in schema


def test_a_signed_in_user_reads_the_schema(signed_in):
    response = signed_in.get("/api/schema/?format=json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/children/", "/api/observations/", "/api/auth/token/"} <= paths.keys()
    assert "delete" not in paths["/api/observations/{id}/"]


def test_anonymous_callers_cannot_read_the_schema_or_the_docs(anonymous):
    for path in ["/api/schema/", "/api/docs/", "/api/docs/?script=", "/api/redoc/"]:
        response = anonymous.get(path)
        assert response.status_code in (401, 403), path
        assert b"/api/observations/" not in response.content


def test_swagger_ui_loads_from_the_app_itself(signed_in):
    page = signed_in.get("/api/docs/")
    script = signed_in.get("/api/docs/?script=")

    assert page.status_code == 200
    assert b"drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page.content
    assert b"<script>" not in page.content  # no inline script: the strict CSP allows it
    assert script.status_code == 200
    assert b"/api/schema/" in script.content


def test_redoc_loads_from_the_app_with_inline_styles_allowed_on_that_page_only(signed_in):
    redoc = signed_in.get("/api/redoc/")
    swagger = signed_in.get("/api/docs/")

    assert redoc.status_code == 200
    assert b"drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in redoc.content
    assert "style-src 'self' 'unsafe-inline'" in redoc["Content-Security-Policy"]
    assert "unsafe-inline" not in swagger["Content-Security-Policy"]
