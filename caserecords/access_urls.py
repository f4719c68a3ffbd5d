"""Pages of emergency access and the access log (views/access.py)."""

from django.urls import path

from .views import access

app_name = "access"

urlpatterns = [
    path("break-glass/", access.break_glass, name="break-glass"),
    path("access-log/", access.access_log, name="log"),
    path("children/<int:pk>/access-log/", access.child_access_log, name="child-log"),
    path("children/<int:pk>/restriction/", access.restriction, name="restriction"),
]
