from django.urls import path

from . import views

app_name = "caserecords"

urlpatterns = [
    path("", views.caseload, name="caseload"),
]
