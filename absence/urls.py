"""Pages of the absence app, under /absence/."""

from django.urls import path

from . import views

app_name = "absence"

urlpatterns = [
    path("", views.absence_list, name="list"),
    path("new/", views.absence_new, name="new"),
    path("<int:pk>/", views.absence_detail, name="detail"),
    path("<int:pk>/end/", views.absence_end, name="end"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/<int:pk>/", views.staff_profile, name="staff"),
    path("staff/<int:pk>/caseload/", views.cover_caseload, name="cover-caseload"),
    path("email/", views.email_new, name="email-new"),
]
