"""Pages of the audits app, under /audits/."""

from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("", views.sample_list, name="mine"),
    path("samples/<int:pk>/", views.sample_detail, name="sample"),
    path("samples/<int:pk>/start/", views.sample_start, name="start"),
    path("samples/<int:pk>/score/", views.sample_score, name="score"),
    path("draw/", views.draw, name="draw"),
    path("reports/", views.report, name="report"),
    path("reports.csv", views.report_csv, name="report-csv"),
    path("reports.pdf", views.report_pdf, name="report-pdf"),
]
