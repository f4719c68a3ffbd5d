"""Audit reports: completion, grades and the share of "no" per question, per team and
service, the trend over quarters; as tables, charts, CSV and PDF; fixed query counts."""

import csv
import io

import pytest
from django.urls import reverse

from audits import queries, sampling, services
from audits.models import Answer, AuditQuestion
from audits.quarters import Quarter
from tests.factories import TeamFactory

from .conftest import Q1, open_files

pytestmark = pytest.mark.usefixtures("now")
REPORT, CSV, PDF = (reverse(f"audits:{n}") for n in ("report", "report-csv", "report-pdf"))


def complete(sample, auditor, *, grade: str, no: str = "") -> None:
    services.audit_start(sample=sample, user=auditor)
    answers = {row.question_id: (Answer.YES, "") for row in sample.answers.all()}
    if no:
        answers[AuditQuestion.objects.get(key=no).pk] = (Answer.NO, "Missing")
    services.audit_save(sample=sample, user=auditor, answers=answers, grade=grade, complete=True)


@pytest.fixture
def scored(drawn, auditor):
    """Team A's 2027Q1 sample of two: one good, one inadequate with "no" on the leaflets."""
    first, second = drawn.samples.order_by("pk")
    complete(first, auditor, grade="good")
    complete(second, auditor, grade="inadequate", no="leaflets")
    return drawn


def test_the_report_counts_completion_grades_and_the_share_of_no(scored, teamleader, team_a):
    report = queries.report(teamleader, Q1)
    [(team, figures)] = report.teams
    assert team == team_a
    assert (figures.sampled, figures.completed, figures.percent_completed) == (2, 2, 100)
    assert figures.grades["good"] == 1 and figures.grades["inadequate"] == 1
    assert figures.percent_good == 50
    leaflets = next(q for q in report.questions if q.question.key == "leaflets")
    assert (leaflets.answered, leaflets.no, leaflets.percent_no) == (2, 1, 50)
    assert [name for name, _ in report.services] == ["Safeguarding and Support"]
    assert [str(q) for q, _ in report.trend] == ["2026Q2", "2026Q3", "2026Q4", "2027Q1"]


def test_a_team_leader_sees_only_their_team_and_auditors_all(scored, teamleader, auditor, team_b):
    assert [t for t, _ in queries.report(teamleader, Q1).teams] == [scored.samples.first().team]
    assert team_b in [t for t, _ in queries.report(auditor, Q1).teams]


def test_the_page_shows_tables_and_charts(client, scored, teamleader):
    client.force_login(teamleader)
    page = client.get(REPORT).content.decode()
    assert "Assessment Team North" in page
    assert "<svg" in page and "style=" not in page
    assert "50%" in page


def test_the_csv_and_pdf_downloads(client, scored, director):
    client.force_login(director)
    response = client.get(CSV + "?quarter=2027Q1")
    assert response["Content-Disposition"] == 'attachment; filename="file-audit-2027Q1.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["section", "name", "Sampled", "Completed"]
    assert rows[1][:5] == ["team", "Assessment Team North", "2", "2", "100"]
    assert any(row[:2] == ["question", "leaflets"] and row[-1] == "50" for row in rows)
    pdf = client.get(PDF + "?quarter=2027Q1")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_trend_counts_each_quarter(drawn, auditor, teamleader, child, time_machine):
    complete(drawn.samples.first(), auditor, grade="good")
    time_machine.move_to("2027-04-01 09:00:00+01:00", tick=False)
    q2 = sampling.audit_draw(quarter=Quarter(2027, 2), seed=3).draw
    trend = {str(q): f for q, f in queries.report(teamleader, Quarter(2027, 2)).trend}
    assert (trend["2027Q1"].sampled, trend["2027Q1"].completed) == (2, 1)
    assert (trend["2027Q2"].sampled, trend["2027Q2"].completed) == (q2.samples.count(), 0)


@pytest.mark.parametrize("teams", [1, 8])
def test_the_report_runs_a_fixed_number_of_queries(
    client, director, service_a, auditor, teams, django_assert_num_queries
):
    for number in range(teams):
        open_files(TeamFactory(name=f"Team {number}", service=service_a), 4)
    sampling.audit_draw(quarter=Q1, seed=1)
    client.force_login(director)
    # 1 session, 2 user, 3 quarters drawn, 4 the teams (for the filter), 5 the teams again
    # (for the report, with service), 6 the samples by team, quarter, status and grade,
    # 7 the questions, 8 the answers by question, 9 the header's unread notifications.
    with django_assert_num_queries(9):
        response = client.get(REPORT)
    assert len(response.context["report"].teams) == teams
