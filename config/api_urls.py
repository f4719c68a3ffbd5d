"""The REST API: token sign-in, the record's endpoints, and the OpenAPI schema and docs.

The schema and docs need a signed-in user like everything else under /api/.
The docs pages load their scripts from the sidecar package (no CDN); Redoc
styles itself with inline <style> elements and searches in a blob: worker,
so its page alone relaxes the Content Security Policy for those.
"""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from caserecords.api import ChildViewSet, ObservationViewSet, PlannedContactViewSet, TokenView
from notifications.api import NotificationViewSet

router = SimpleRouter()
router.register("children", ChildViewSet, basename="api-child")
router.register("observations", ObservationViewSet, basename="api-observation")
router.register("notifications", NotificationViewSet, basename="api-notification")
router.register("planned-contacts", PlannedContactViewSet, basename="api-planned-contact")

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
    *router.urls,
]
