"""Pages of the sharing app, under /sharing/."""

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("children/<int:pk>/new/<str:type>/", views.record_new, name="record-new"),
    path("<int:pk>/", views.record_detail, name="record"),
    path("<int:pk>/edit/", views.record_edit, name="record-edit"),
    path("<int:pk>/complete/", views.record_complete, name="record-complete"),
    path("<int:pk>/history/", views.record_history, name="record-history"),
    path("<int:pk>/amend/", views.amendment_new, name="amendment-new"),
    path("amendments/<int:pk>/", views.amendment_decide, name="amendment-decide"),
    path("register/", views.register, name="register"),
    path("register.csv", views.register_csv, name="register-csv"),
]
