"""The audit pages: who may see what (anonymous, the wrong role, another team's worker),
the scoring journey, the draw page, and fixed query counts as the sample grows."""

import pytest
from django.urls import reverse

from audits import sampling, services
from audits.models import Answer, AuditDraw, SampleStatus
from caserecords.models import AccessLog, AccessWhy
from notifications.models import Notification

from .conftest import Q1, open_files

pytestmark = pytest.mark.usefixtures("now")

LIST = reverse("audits:mine")
DRAW = reverse("audits:draw")
REPORT = reverse("audits:report")
CSV = reverse("audits:report-csv")
PDF = reverse("audits:report-pdf")


def sample_url(sample, page="sample"):
    return reverse(f"audits:{page}", args=[sample.pk])


# Who may see what -----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "draw", "report", "csv", "pdf", "sample", "score"])
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, sample, page):
    urls = {"list": LIST, "draw": DRAW, "report": REPORT, "csv": CSV, "pdf": PDF}
    url = urls.get(page) or sample_url(sample, page)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["worker", "otherworker"])
@pytest.mark.parametrize("url", [LIST, REPORT, CSV, PDF, DRAW])
def test_practitioners_are_refused_the_audit_lists(client, request, drawn, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["auditor", "teamleader", "pgl"])
def test_only_the_director_and_heads_of_service_draw(client, request, drawn, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(DRAW).status_code == 403
    assert client.post(DRAW, {"quarter": "2027Q2"}).status_code == 403


def test_another_teams_worker_and_another_auditor_get_404_for_a_sampled_file(
    client, sample, otherworker, second_auditor
):
    for person in (otherworker, second_auditor):
        client.force_login(person)
        assert client.get(sample_url(sample)).status_code == 404
        assert client.get(sample_url(sample, "score")).status_code == 404
        assert client.post(sample_url(sample, "start")).status_code == 404


def test_the_auditor_reads_the_sampled_file_and_the_read_is_logged_as_audit(
    client, sample, auditor, child
):
    client.force_login(auditor)
    response = client.get(sample_url(sample))
    assert response.status_code == 200
    assert "Start the audit" in response.content.decode()
    assert client.get(child.get_absolute_url()).status_code == 200
    reads = list(AccessLog.objects.filter(user=auditor).values_list("what", "why"))
    assert reads == [("child file", AccessWhy.AUDIT), ("file audit 2027Q1", AccessWhy.AUDIT)]


def test_the_auditor_sees_only_the_files_sampled_for_them(client, drawn, auditor, other_child):
    client.force_login(auditor)
    assert client.get(other_child.get_absolute_url()).status_code == 404


def test_the_team_leader_reads_the_findings_but_cannot_score(client, sample, teamleader):
    client.force_login(teamleader)
    response = client.get(sample_url(sample))
    assert response.status_code == 200
    assert "Start the audit" not in response.content.decode()
    assert client.get(sample_url(sample, "score")).status_code == 403
    assert client.post(sample_url(sample, "start")).status_code == 403


# The scoring journey ----------------------------------------------------------------------


def score_data(sample, *, save="complete", **extra) -> dict:
    data = {
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "10",
        "save": save,
    }
    for row in sample.answers.all():
        data[f"answer_{row.question_id}"] = Answer.YES
        data[f"comment_{row.question_id}"] = ""
    data.update(extra)
    return data


def test_the_auditor_starts_scores_and_completes_and_the_team_leader_is_told(
    client, sample, auditor, teamleader
):
    client.force_login(auditor)
    response = client.post(sample_url(sample, "start"))
    assert response["Location"] == sample_url(sample, "score")
    page = client.get(sample_url(sample, "score")).content.decode()
    assert "Found in the record" in page
    data = score_data(
        sample,
        grade="good",
        summary="A clear file.",
        **{
            "actions-0-description": "Add the complaints leaflet note",
            "actions-0-due_date_day": "1",
            "actions-0-due_date_month": "2",
            "actions-0-due_date_year": "2027",
        },
    )
    response = client.post(sample_url(sample, "score"), data)
    assert response.status_code == 302 and response["Location"] == sample_url(sample)
    sample.refresh_from_db()
    assert (sample.status, sample.grade) == (SampleStatus.COMPLETED, "good")
    notice = Notification.objects.get(recipient=teamleader, kind="audit_action")
    assert "Add the complaints leaflet note" in notice.subject
    detail = client.get(sample_url(sample)).content.decode()
    assert "Add the complaints leaflet note" in detail and "Good" in detail


def test_completing_without_a_grade_shows_the_error_summary(client, sample, auditor):
    services.audit_start(sample=sample, user=auditor)
    client.force_login(auditor)
    response = client.post(sample_url(sample, "score"), score_data(sample))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Select the overall grade" in page
    assert "<title>Error: " in page


def test_half_an_action_is_refused(client, sample, auditor):
    services.audit_start(sample=sample, user=auditor)
    client.force_login(auditor)
    data = score_data(sample, save="draft", **{"actions-0-description": "Read the file"})
    response = client.post(sample_url(sample, "score"), data)
    assert response.status_code == 200
    assert "Enter the date the action is due by" in response.content.decode()
    assert not sample.actions.exists()


# The draw page ----------------------------------------------------------------------------


def test_the_director_draws_on_demand_and_sees_seed_population_and_sample(
    client, director, child, sibling, auditor
):
    client.force_login(director)
    response = client.post(DRAW, {"quarter": "2027Q1", "seed": "314"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "314" in page and "Reproduced" in page and "Amelia Hughes" in page
    assert AuditDraw.objects.get().drawn_by == director
    response = client.post(DRAW, {"quarter": "2027Q1", "seed": "315"}, follow=True)
    assert "already drawn: nothing changed" in response.content.decode()


@pytest.mark.parametrize("quarter", ["", "2027Q9", "soon"])
def test_the_draw_form_refuses_a_quarter_it_cannot_read(client, headofservice, quarter):
    client.force_login(headofservice)
    response = client.post(DRAW, {"quarter": quarter})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not AuditDraw.objects.exists()


def test_a_redraw_after_auditing_began_shows_why_it_was_refused(client, sample, auditor, director):
    services.audit_start(sample=sample, user=auditor)
    client.force_login(director)
    response = client.post(DRAW, {"quarter": "2027Q1", "redraw": "on"})
    assert response.status_code == 200
    assert "already being audited" in response.content.decode()


# Query counts -----------------------------------------------------------------------------


@pytest.fixture
def grown(team_a, auditor):
    """Make the sample grow: `grow(n)` adds n open files to team A and redraws."""

    def grow(count: int):
        open_files(team_a, count)
        return sampling.audit_draw(quarter=Q1, seed=1, redraw=True).draw

    return grow


@pytest.mark.parametrize("files", [3, 60])
def test_the_sample_list_runs_a_fixed_number_of_queries(
    client, auditor, grown, files, django_assert_num_queries
):
    grown(files)
    client.force_login(auditor)
    # 1 session, 2 user, 3 quarters drawn, 4 count, 5 the header's unread notifications,
    # 6 the page of samples with child and team.
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == max(2, -(-files // 10))


@pytest.mark.parametrize("files", [3, 60])
def test_the_draw_page_runs_a_fixed_number_of_queries(
    client, director, grown, files, django_assert_num_queries
):
    grown(files)
    client.force_login(director)
    # 1 session, 2 user, 3 the current draw, 4 the teams, 5 the stored sample (verify),
    # 6 count, 7 the access log, 8 the header's unread notifications, 9 the page of samples.
    with django_assert_num_queries(9):
        client.get(DRAW + "?quarter=2027Q1")


@pytest.mark.parametrize("files", [3, 60])
def test_the_sample_pages_run_a_fixed_number_of_queries(
    client, auditor, grown, files, django_assert_num_queries
):
    draw = grown(files)
    sample = draw.samples.filter(auditor=auditor).first()
    services.audit_start(sample=sample, user=auditor)
    client.force_login(auditor)
    # 1 session, 2 user, 3 the sample, 4 the child through access, 5 open legal statuses,
    # 6 answers, 7 actions, 8-9 the access log (the grant it was read under, the insert),
    # 10 the header's unread notifications.
    with django_assert_num_queries(10):
        client.get(sample_url(sample))
    with django_assert_num_queries(10):
        client.get(sample_url(sample, "score"))


# The child's file -------------------------------------------------------------------------


def test_the_childs_file_has_an_audits_tab_once_sampled(client, sample, worker, child, sibling):
    client.force_login(worker)
    page = client.get(child.get_absolute_url()).content.decode()
    assert 'href="#audits">Audits (1)' in page
    assert sample.get_absolute_url() in page


def test_a_file_never_sampled_has_no_audits_tab(client, worker, child):
    client.force_login(worker)
    assert 'href="#audits"' not in client.get(child.get_absolute_url()).content.decode()


def test_a_restricted_file_in_the_sample_stays_hidden_from_the_team_leader(
    client, drawn, child, teamleader
):
    child.restricted = True
    child.save(update_fields=["restricted"])
    client.force_login(teamleader)
    assert "Amelia Hughes" not in client.get(LIST).content.decode()
    assert client.get(sample_url(drawn.samples.get(child=child))).status_code == 404
