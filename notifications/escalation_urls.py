"""Pages of "Need to Know" escalations and missing episodes, under /escalations/."""

from django.urls import path

from . import escalation_views as views

app_name = "escalations"

urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("director/", views.director_list, name="director"),
    path("raised/", views.raised_list, name="raised"),
    path("new/", views.raise_staff_matter, name="new"),
    path("children/<int:pk>/new/", views.raise_on_child, name="new-on-child"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/updates/", views.add_update, name="update"),
    path("<int:pk>/close/", views.close, name="close"),
    path("children/<int:pk>/missing/", views.child_missing, name="child-missing"),
    path("missing/<int:pk>/", views.missing_detail, name="missing"),
]
