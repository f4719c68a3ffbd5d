"""The REST API: token sign-in, the record's endpoints, and the OpenAPI schema and docs.

The schema and docs need a signed-in user like everything else under /api/.
The docs pages load their scripts from the sidecar package (no CDN); Redoc
styles itself with inline <style> elements and searches in a blob: worker,
so its page alone relaxes the Content Security Policy for those.
"""

from importlib import import_module

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from caserecords.api import TokenView

# Each app's api module lists its routes (prefix, viewset, basename) and extra paths.
API_MODULES = [
    "caserecords.api",
    "caserecords.api_access",
    "notifications.api",
    "notifications.escalation_api",
    "sharing.api",
    "absence.api",
    "audits.api",
]

router = SimpleRouter()
extra_paths = []
for module_name in API_MODULES:
    module = import_module(module_name)
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)
    extra_paths += module.PATHS

signed_in = {"permission_classes": [IsAuthenticated]}

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(**signed_in), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", **signed_in),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="api-schema", **signed_in)
        ),
        name="api-redoc",
    ),
    *extra_paths,
    *router.urls,
]
