from django.urls import path

from .views import children, diary, observations, oversight, timeliness

app_name = "caserecords"

urlpatterns = [
    # The child's file (views/children.py)
    path("", children.caseload, name="caseload"),
    path("children/", children.child_list, name="child-list"),
    path("children/<int:pk>/", children.child_file, name="child"),
    path("children/<int:pk>/chronology/new/", children.chronology_new, name="chronology-new"),
    path("children/<int:pk>/documents/new/", children.document_new, name="document-new"),
    path("documents/<int:pk>/", children.document_download, name="document"),
    # Observations (views/observations.py)
    path(
        "children/<int:pk>/observations/new/", observations.observation_new, name="observation-new"
    ),
    path("observations/<int:pk>/", observations.observation_detail, name="observation"),
    path("observations/<int:pk>/edit/", observations.observation_edit, name="observation-edit"),
    path(
        "observations/<int:pk>/complete/",
        observations.observation_complete,
        name="observation-complete",
    ),
    path("observations/<int:pk>/amend/", observations.amendment_new, name="amendment-new"),
    path(
        "observations/<int:pk>/entered-in-error/",
        observations.entered_in_error_new,
        name="entered-in-error-new",
    ),
    path("amendments/<int:pk>/", observations.amendment_decide, name="amendment-decide"),
    path(
        "observations/<int:pk>/history/",
        observations.observation_history,
        name="observation-history",
    ),
    # The diary: planned contacts (views/diary.py)
    path("children/<int:pk>/diary/", diary.diary, name="diary"),
    path(
        "planned-contacts/<int:pk>/cancel/",
        diary.planned_contact_cancel,
        name="planned-contact-cancel",
    ),
    path(
        "planned-contacts/<int:pk>/no-access/",
        diary.planned_contact_no_access,
        name="planned-contact-no-access",
    ),
    # Managers' timeliness pages (views/timeliness.py)
    path("timeliness/", timeliness.timeliness_figures, name="timeliness"),
    path("timeliness.csv", timeliness.timeliness_csv, name="timeliness-csv"),
    path("teams/<int:pk>/overdue/", timeliness.team_overdue, name="team-overdue"),
    # Management oversight (views/oversight.py)
    path("oversight/", oversight.oversight_dashboard, name="oversight"),
    path(
        "oversight/teams/<int:pk>/<slug:which>/",
        oversight.oversight_team_list,
        name="oversight-team-list",
    ),
    path("oversight/unallocated/", oversight.unallocated_report, name="unallocated-report"),
    path("oversight/supervision/new/", oversight.supervision_new, name="supervision-new"),
    path("oversight/supervision/<int:pk>/", oversight.supervision_detail, name="supervision"),
    path("children/<int:pk>/file-reads/new/", oversight.file_read_new, name="file-read-new"),
    path("children/<int:pk>/approvals/", oversight.approval_list, name="approvals"),
    path(
        "children/<int:pk>/approvals/new/<slug:kind>/",
        oversight.approval_new,
        name="approval-new",
    ),
    path("approvals/<int:pk>/", oversight.approval_detail, name="approval"),
]
