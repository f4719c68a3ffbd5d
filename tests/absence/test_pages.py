"""The absence pages: record, list, end; a colleague's profile; the cover's view of an absent
colleague's caseload; and the banners on the child's file and the caseload."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from absence.models import Absence
from caserecords import hooks
from tests.factories import ChildFactory, UserFactory
from tests.notifications.conftest import record_contact

from .conftest import london, record_absence

LIST = reverse("absence:list")
NEW = reverse("absence:new")


def sickness_form(worker, **overrides) -> dict:
    return {
        "user": worker.pk,
        "kind": "sickness",
        "planned": "no",
        "starts_on_day": "1",
        "starts_on_month": "12",
        "starts_on_year": "2026",
        "ends_on_day": "4",
        "ends_on_month": "12",
        "ends_on_year": "2026",
        "cover": "",
        "message": "Off sick; back on Monday.",
        **overrides,
    }


# Recording one ----------------------------------------------------------------------------


def test_a_team_leader_records_a_workers_sickness(now, client, teamleader, worker, colleague):
    client.force_login(teamleader)

    response = client.post(NEW, sickness_form(worker, cover=colleague.pk), follow=True)

    absence = Absence.objects.get()
    assert (absence.user, absence.cover, absence.recorded_by) == (worker, colleague, teamleader)
    assert absence.planned is False
    page = response.content.decode()
    assert "Wendy Walker’s absence has been recorded. Colin Clarke is covering." in page


def test_the_recorder_is_told_when_the_cover_is_away_too(
    now, client, teamleader, worker, colleague
):
    record_absence(colleague, ends_on=date(2026, 12, 2))  # Colin is away, Tara covers him
    client.force_login(teamleader)

    page = client.post(NEW, sickness_form(worker, cover=colleague.pk), follow=True).content.decode()

    assert "Colin Clarke is away until 2 December 2026. Tara Lewis is covering" in page


def test_an_overlap_shows_the_error_summary(now, client, worker, teamleader):
    record_absence(worker)
    client.force_login(worker)

    response = client.post(NEW, sickness_form(worker))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "already has an absence from 1 December 2026" in page
    assert Absence.objects.count() == 1


def test_a_worker_can_only_choose_themselves(now, client, worker, colleague, teamleader):
    client.force_login(worker)
    response = client.post(NEW, sickness_form(colleague))
    assert "Select a valid choice" in response.content.decode()
    assert not Absence.objects.exists()


def test_the_form_asks_for_what_is_missing(now, client, worker, teamleader):
    client.force_login(worker)
    page = client.post(NEW, {"user": worker.pk}).content.decode()
    for message in ("Select the kind of absence", "Enter the first day away"):
        assert message in page


def test_ending_an_absence(now, client, worker, teamleader):
    absence = record_absence(worker)
    client.force_login(teamleader)

    assert client.get(reverse("absence:end", args=[absence.pk])).status_code == 200
    response = client.post(reverse("absence:end", args=[absence.pk]))

    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.ended_early_by == teamleader


def test_a_colleague_may_see_but_not_end_an_absence(now, client, worker, colleague, teamleader):
    absence = record_absence(worker)
    client.force_login(colleague)
    assert client.get(absence.get_absolute_url()).status_code == 200
    assert client.post(reverse("absence:end", args=[absence.pk])).status_code == 403


@pytest.mark.parametrize("name", ["absence:detail", "absence:end"])
def test_another_teams_worker_gets_404(now, client, worker, teamleader, otherworker, name):
    absence = record_absence(worker)
    client.force_login(otherworker)
    assert client.get(reverse(name, args=[absence.pk])).status_code == 404


@pytest.mark.parametrize("url", [LIST, NEW, reverse("absence:staff-list")])
def test_a_visitor_not_signed_in_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_the_teams_absences_and_not_the_other_teams(
    now, client, worker, colleague, teamleader, otherworker, team_b
):
    record_absence(worker)
    record_absence(otherworker, cover=UserFactory(team=team_b))
    client.force_login(colleague)

    page = client.get(LIST).content.decode()

    assert "Wendy Walker" in page
    assert "Omar Okafor" not in page


def test_the_list_runs_a_fixed_number_of_queries(
    now, client, team_a, teamleader, django_assert_num_queries
):
    for number in range(4):
        person = UserFactory(team=team_a)
        record_absence(person, starts_on=date(2026, 12, 1 + number), ends_on=date(2026, 12, 20))
    client.force_login(teamleader)
    # session, user, count, page of absences (with person, cover, recorder), unread count
    with django_assert_num_queries(5):
        assert client.get(LIST, {"state": "all"}).status_code == 200


# Staff ----------------------------------------------------------------------------------------


def test_the_profile_shows_the_absence_and_the_cover(now, client, worker, colleague, teamleader):
    record_absence(worker, cover=colleague, message="Back on Monday.")
    client.force_login(teamleader)

    page = client.get(reverse("absence:staff", args=[worker.pk])).content.decode()

    assert "Wendy Walker is away until 4 December 2026. Colin Clarke is covering." in page
    assert "Back on Monday." in page
    assert reverse("absence:cover-caseload", args=[worker.pk]) in page


def test_the_profile_of_someone_in_another_team_is_404(now, client, worker, otherworker):
    client.force_login(otherworker)
    assert client.get(reverse("absence:staff", args=[worker.pk])).status_code == 404


def test_the_staff_list_says_who_is_away_in_a_fixed_number_of_queries(
    now, client, team_a, teamleader, worker, colleague, django_assert_num_queries
):
    record_absence(worker, cover=colleague)
    for _ in range(5):
        UserFactory(team=team_a)
    client.force_login(teamleader)
    # session, user, count, page (with absent and cover subqueries), covers, unread count
    with django_assert_num_queries(6):
        page = client.get(reverse("absence:staff-list")).content.decode()
    assert "Colin Clarke covering" in page


# The cover's view of the caseload ------------------------------------------------------------


def test_the_cover_sees_the_absent_workers_caseload_with_what_is_due(
    now, client, worker, colleague, teamleader, child
):
    record_contact(worker, child, london(2026, 11, 20, 10))  # due 27 November: overdue
    record_absence(worker, cover=colleague)
    client.force_login(colleague)

    page = client.get(reverse("absence:cover-caseload", args=[worker.pk])).content.decode()

    assert "Wendy Walker’s caseload" in page
    assert "Amelia Hughes" in page
    assert "Overdue" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("colleague", 200), ("teamleader", 200), ("headofservice", 200), ("director", 200)],
)
def test_who_may_open_the_caseload(
    now, client, worker, colleague, teamleader, everyone, persona, status
):
    record_absence(worker, cover=colleague)
    client.force_login(everyone[persona])
    assert client.get(reverse("absence:cover-caseload", args=[worker.pk])).status_code == status


def test_a_colleague_who_is_not_the_cover_gets_404(
    now, client, worker, colleague, teamleader, team_a
):
    record_absence(worker)  # the team leader covers
    client.force_login(colleague)
    assert client.get(reverse("absence:cover-caseload", args=[worker.pk])).status_code == 404


def test_another_teams_worker_gets_404_for_the_caseload(
    now, client, worker, teamleader, otherworker
):
    record_absence(worker)
    client.force_login(otherworker)
    assert client.get(reverse("absence:cover-caseload", args=[worker.pk])).status_code == 404


def test_the_cover_caseload_runs_a_fixed_number_of_queries(
    now, client, worker, colleague, teamleader, team_a, django_assert_num_queries
):
    record_absence(worker, cover=colleague)
    for _ in range(4):
        record_contact(worker, ChildFactory(worker=worker, team=team_a), london(2026, 11, 20, 10))
    client.force_login(colleague)
    # session, user, the person, their absence, closure days (due soon), access log, unread
    # count, drafts counted and their page, caseload, its legal statuses
    with django_assert_num_queries(11):
        assert client.get(reverse("absence:cover-caseload", args=[worker.pk])).status_code == 200


def test_the_cover_sees_the_absent_workers_drafts_a_page_at_a_time(
    now, client, worker, colleague, child
):
    record_absence(worker, cover=colleague)
    for hour in range(23):
        record_contact(worker, child, london(2026, 11, 2, 0) + timedelta(minutes=30 * hour))
    client.force_login(colleague)
    url = reverse("absence:cover-caseload", args=[worker.pk])

    first = client.get(url)
    second = client.get(url, {"drafts_page": 2})

    assert "has 23 draft observations waiting to be completed: 1 to 20 shown" in first.text
    assert len(first.context["drafts"]) == 20
    assert len(second.context["drafts"]) == 3
    assert "drafts_page=2" in first.text


# Banners on the record's pages ---------------------------------------------------------------


def test_the_childs_file_names_the_cover_and_return_date(
    now, client, worker, colleague, teamleader, child
):
    record_absence(worker, cover=colleague)
    client.force_login(teamleader)

    page = client.get(child.get_absolute_url()).content.decode()

    assert "Allocated worker away" in page
    assert "Wendy Walker is away until 4 December 2026. Colin Clarke is covering." in page


def test_the_childs_file_has_no_banner_when_the_worker_is_at_work(
    now, client, worker, teamleader, child
):
    record_absence(worker, starts_on=date(2026, 12, 14), ends_on=date(2026, 12, 18))
    client.force_login(teamleader)
    assert "Allocated worker away" not in client.get(child.get_absolute_url()).content.decode()


def test_the_notes_each_run_one_query(now, rf, worker, colleague, teamleader, child):
    record_absence(worker, cover=colleague)
    assert hooks.query_cost(hooks.FILE_NOTES) >= 1
    notes = {item.key: item for item in hooks.contributions(hooks.CASELOAD_NOTES)}
    assert notes["absence"].queries == 1


def test_the_caseload_of_the_absent_worker_says_so_and_the_covers_links_to_it(
    now, client, worker, colleague, teamleader, child
):
    record_absence(worker, cover=colleague)

    client.force_login(worker)
    assert "Wendy Walker is away until 4 December 2026" in client.get("/").content.decode()
    client.force_login(colleague)
    page = client.get("/").content.decode()
    assert "You are covering" in page
    assert reverse("absence:cover-caseload", args=[worker.pk]) in page


def test_the_profile_runs_a_fixed_number_of_queries(
    now, client, worker, colleague, teamleader, django_assert_num_queries
):
    record_absence(worker, cover=colleague)
    record_absence(worker, starts_on=date(2026, 12, 20), ends_on=date(2026, 12, 24))
    client.force_login(teamleader)
    # session, user, the person (team, service), their absences (cover, recorder), unread count
    with django_assert_num_queries(5):
        assert client.get(reverse("absence:staff", args=[worker.pk])).status_code == 200


def test_the_detail_and_form_pages_run_a_fixed_number_of_queries(
    now, client, worker, teamleader, django_assert_num_queries
):
    absence = record_absence(worker)
    client.force_login(teamleader)
    # session, user, the absence (person, cover, recorder), unread count
    with django_assert_num_queries(4):
        assert client.get(absence.get_absolute_url()).status_code == 200
    # session, user, unread count, whose absence may be set (twice: Django's Select reads its
    # first choice to decide the required attribute), who may cover
    with django_assert_num_queries(6):
        assert client.get(NEW).status_code == 200
