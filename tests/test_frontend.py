"""The GOV.UK front end: sign-in and sign-out, the layout, error pages, form rendering and dates."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template, loader
from django.test import RequestFactory
from django.views import defaults

from frontend.forms import DateField, DateTimeField, parse_time
from frontend.widgets import Radios

from .conftest import PASSWORD

LONDON_SUMMER = timedelta(hours=1)


def sign_in(client, username, password=PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password})


# Sign in and sign out


def test_the_sign_in_page_renders_in_govuk_style(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get("/sign-in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sign in - Case records</title>" in html
    assert 'class="govuk-generic-header"' in html
    assert re.search(r'<input type="text" name="username"[^>]*class="govuk-input govuk-input', html)
    assert 'data-module="govuk-password-input"' in html
    assert "Sign out" not in html, "nobody is signed in"
    assert "autofocus" not in html
    assert " required" not in html, "GOV.UK forms validate on the server"


def test_a_wrong_password_shows_the_error_summary_and_signs_nobody_in(client, worker):
    response = sign_in(client, "worker", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in - Case records</title>" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_username">Enter a correct username and password</a>' in html
    assert "_auth_user_id" not in client.session


def test_an_empty_sign_in_form_says_what_to_enter(client, db):
    html = client.post("/sign-in/", {}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'id="id_username-error" class="govuk-error-message"' in html
    assert "govuk-input--error" in html


def test_signing_in_opens_the_caseload(client, worker):
    response = sign_in(client, "worker")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(worker.pk)


def test_signing_in_returns_to_the_page_asked_for(client, worker):
    response = client.post(
        "/sign-in/", {"username": "worker", "password": PASSWORD, "next": "/children/"}
    )
    assert response["Location"] == "/children/"


@pytest.mark.parametrize("path", ["/", "/children/", "/children/1/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


def test_signing_out_takes_a_post_and_ends_the_session(client, worker):
    client.force_login(worker)
    assert client.get("/sign-out/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_a_signed_in_person_visiting_sign_in_goes_to_their_caseload(client, worker):
    client.force_login(worker)
    response = client.get("/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == "/"


# The layout


def test_pages_send_a_csp_that_allows_no_inline_script(client, db):
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    directives = {
        part.strip().split(" ", 1)[0]: part.strip() for part in policy.split(";") if part.strip()
    }
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    html = response.content.decode()
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/js/js-enabled.js">',
        '<script type="module" src="/static/js/app.js">',
        '<script type="module" src="/static/js/session-timeout.js">',
    ], "every script is a file of ours, none inline"


def test_the_layout_shows_who_is_signed_in_and_a_sign_out_form(
    client, worker, django_assert_max_num_queries
):
    client.force_login(worker)
    # The session, the user, then the unread notifications count (header badge).
    with django_assert_max_num_queries(3):
        response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found - Case records</title>" in html
    assert "Wendy Walker" in html
    assert re.search(
        r'<form method="post" action="/sign-out/"[^>]*>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        html,
    )
    assert 'href="/children/"' in html
    assert 'href="/api/docs/"' in html
    assert "Admin" not in html, "only staff see the admin link"
    assert 'href="#main-content" class="govuk-skip-link"' in html


def test_staff_see_the_admin_link(client, administrator):
    client.force_login(administrator)
    html = client.get("/no-such-page/").content.decode()
    assert 'href="/admin/"' in html


@pytest.mark.parametrize(
    ("path", "current", "aria"),
    [
        ("/", "My caseload", "page"),
        ("/children/", "Children", "page"),
        ("/children/7/observations/new/", "Children", "true"),
        ("/api/docs/", "API docs", "page"),
    ],
)
def test_the_service_navigation_marks_the_current_item(worker, path, current, aria):
    request = RequestFactory().get(path)
    request.user = worker
    html = Template("{% load govuk %}{% service_navigation %}").render(
        Context({"request": request, "user": worker})
    )
    marked = re.findall(r'aria-current="(\w+)">\s*<strong[^>]*>([^<]+)</strong>', html)
    assert marked == [(aria, current)]


def test_messages_show_as_notification_banners():
    html = loader.render_to_string(
        "includes/messages.html",
        {
            "messages": [
                Message(constants.SUCCESS, "Observation saved"),
                Message(constants.INFO, "Your draft is kept for 30 days"),
            ]
        },
    )
    assert "govuk-notification-banner--success" in html
    assert len(re.findall(r'class="govuk-notification-banner[ "]', html)) == 2
    assert "Observation saved" in html
    assert "Your draft is kept for 30 days" in html


def test_the_server_error_page_needs_no_request():
    response = defaults.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-generic-header" in html
    assert "<script nonce" not in html


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (defaults.permission_denied, 403, "You cannot do this"),
        (defaults.bad_request, 400, "Sorry, there is a problem with that request"),
    ],
)
def test_error_pages_are_govuk_pages(rf, worker, view, status, heading):
    request = rf.get("/")
    request.user = worker
    response = view(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html


# Dates


class VisitForm(forms.Form):
    name = forms.CharField()
    choice = forms.ChoiceField(choices=[("y", "Yes"), ("n", "No")], widget=Radios)
    dob = DateField(label="Date of birth")
    visit = DateTimeField(label="Date and time of the visit", required=False)

    def clean(self):
        if self.cleaned_data.get("name") == "clash":
            raise ValidationError("That name is already on another record")
        return self.cleaned_data


def date_data(prefix, day="", month="", year="", time=None):
    data = {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year}
    if time is not None:
        data[f"{prefix}_time"] = time
    return data


def clean_date(**parts):
    field = DateField()
    return field.clean([parts.get("day", ""), parts.get("month", ""), parts.get("year", "")])


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"day": "1", "month": "2", "year": "2026"}, date(2026, 2, 1)),
        ({"day": " 01 ", "month": "02", "year": "2026"}, date(2026, 2, 1)),
        ({"day": "29", "month": "Feb", "year": "2024"}, date(2024, 2, 29)),
        ({"day": "3", "month": "september", "year": "2025"}, date(2025, 9, 3)),
    ],
)
def test_a_date_field_reads_day_month_and_year(parts, expected):
    assert clean_date(**parts) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({}, "Enter a date"),
        ({"day": "1", "year": "2026"}, "Date must include a month"),
        ({"year": "2026"}, "Date must include a day and month"),
        ({"day": "1", "month": "2"}, "Date must include a year"),
        ({"day": "31", "month": "2", "year": "2026"}, "Date must be a real date"),
        ({"day": "29", "month": "2", "year": "2026"}, "Date must be a real date"),
        ({"day": "1", "month": "13", "year": "2026"}, "Date must be a real date"),
        ({"day": "0", "month": "1", "year": "2026"}, "Date must be a real date"),
        ({"day": "first", "month": "1", "year": "2026"}, "Date must be a real date"),
        ({"day": "1", "month": "2", "year": "26"}, "Year must include 4 numbers"),
        ({"day": "-1", "month": "2", "year": "2026"}, "Date must be a real date"),
    ],
)
def test_a_date_field_gives_govuk_messages(parts, message):
    with pytest.raises(ValidationError) as caught:
        clean_date(**parts)
    assert caught.value.messages == [message]


def test_an_optional_date_field_may_be_left_empty():
    assert DateField(required=False).clean(["", "", ""]) is None


def test_a_date_field_takes_its_own_wording():
    field = DateField(error_messages={"required": "Enter the child's date of birth"})
    with pytest.raises(ValidationError, match="Enter the child's date of birth"):
        field.clean(["", "", ""])


def test_an_unchanged_date_is_not_a_change():
    field = DateField()
    assert not field.has_changed(date(2026, 2, 1), ["1", "2", "2026"])
    assert field.has_changed(date(2026, 2, 1), ["2", "2", "2026"])


def test_only_the_missing_part_of_a_date_is_highlighted():
    form = VisitForm(data={"name": "Amelia", "choice": "y", **date_data("dob", "1", "", "2026")})
    html = form["dob"].as_field_group()
    inputs = dict(re.findall(r'<input type="text" name="dob_(\w+)"[^>]*class="([^"]*)"', html))
    assert "govuk-input--error" in inputs["month"]
    assert "govuk-input--error" not in inputs["day"]
    assert "govuk-input--error" not in inputs["year"]
    assert 'aria-describedby="id_dob-hint id_dob-error"' in html
    assert "Date must include a month" in html


def test_a_date_field_shows_what_was_typed_back():
    form = VisitForm(data=date_data("dob", "31", "2", "2026"))
    html = form["dob"].as_field_group()
    assert 'name="dob_day" value="31"' in html
    assert 'name="dob_month" value="2"' in html


def test_a_date_field_shows_its_initial_value():
    form = VisitForm(initial={"dob": date(2016, 5, 17)})
    html = form["dob"].as_field_group()
    assert 'name="dob_day" value="17"' in html
    assert 'name="dob_year" value="2016"' in html


def clean_datetime(day="", month="", year="", clock=""):
    return DateTimeField().clean([day, month, year, clock])


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("14:30", time(14, 30)),
        ("2:30pm", time(14, 30)),
        ("2.30 p.m.", time(14, 30)),
        ("1430", time(14, 30)),
        ("09:05", time(9, 5)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:15AM", time(0, 15)),
        ("midday", time(12, 0)),
        ("midnight", time(0, 0)),
        ("0:00", time(0, 0)),
    ],
)
def test_times_are_read_as_people_write_them(clock, expected):
    assert parse_time(clock) == expected


@pytest.mark.parametrize("clock", ["25:00", "24:00", "14:60", "13pm", "0am", "14", "2", "teatime"])
def test_nonsense_times_are_refused(clock):
    assert parse_time(clock) is None


def test_a_date_and_time_is_aware_in_london_time():
    summer = clean_datetime("1", "6", "2026", "2:30pm")
    winter = clean_datetime("1", "12", "2026", "14:30")
    assert summer == datetime(2026, 6, 1, 13, 30, tzinfo=UTC)
    assert summer.utcoffset() == LONDON_SUMMER
    assert winter == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", "", ""), "Enter a date and time"),
        (("1", "6", "2026", ""), "Enter a time, like 14:30 or 2:30pm"),
        (("", "", "", "14:30"), "Enter a date"),
        (("1", "", "2026", "14:30"), "Date must include a month"),
        (("31", "6", "2026", "14:30"), "Date must be a real date"),
        (("1", "6", "2026", "25:00"), "Enter a real time, like 14:30 or 2:30pm"),
        (
            ("29", "3", "2026", "1:30am"),
            "There was no 1:30am on 29 March 2026 because the clocks went forward: "
            "enter the time shown on the clock after they changed",
        ),
    ],
)
def test_a_date_and_time_field_gives_clear_messages(parts, message):
    with pytest.raises(ValidationError) as caught:
        clean_datetime(*parts)
    assert caught.value.messages == [message]


def test_a_time_that_happened_twice_means_the_first():
    # 25 October 2026: the clocks go back at 2am BST, so 1:30am happens twice.
    first = clean_datetime("25", "10", "2026", "01:30")
    # (An aware time in a repeated hour never equals one in another zone: compare in UTC.)
    assert first.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_date_and_time_field_shows_its_initial_value_in_london_time():
    form = VisitForm(initial={"visit": datetime(2026, 6, 1, 13, 30, tzinfo=UTC)})
    html = form["visit"].as_field_group()
    assert 'name="visit_time" value="14:30"' in html
    assert 'for="id_visit_time">Time</label>' in html


def test_a_form_with_dates_cleans_valid_input():
    form = VisitForm(
        data={
            "name": "Amelia",
            "choice": "y",
            **date_data("dob", "17", "5", "2016"),
            **date_data("visit", "1", "6", "2026", "10:00"),
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["dob"] == date(2016, 5, 17)
    assert form.cleaned_data["visit"] == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_a_field_can_be_the_page_heading():
    form = VisitForm()
    template = Template(
        '{% include "frontend/forms/field.html" with field=form.name label_size="l" '
        "page_heading=True %}"
        '{% include "frontend/forms/field.html" with field=form.dob label_size="m" %}'
    )
    html = template.render(Context({"form": form}))
    assert re.search(
        r'<h1 class="govuk-label-wrapper">\s*'
        r'<label class="govuk-label govuk-label--l" for="id_name">',
        html,
    )
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in html


# The error summary


def render_summary(**context):
    return loader.render_to_string("includes/error_summary.html", context)


def summary_links(html):
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html)


def test_the_error_summary_links_each_error_to_its_input():
    form = VisitForm(
        data={"name": "", **date_data("dob", "1", "", "2026"), **date_data("visit", time="9pm")}
    )
    links = summary_links(render_summary(form=form))
    assert links == [
        ("id_name", "This field is required."),
        ("id_choice_0", "This field is required."),
        ("id_dob_month", "Date must include a month"),
        ("id_visit_day", "Enter a date"),
    ]
    # Each link target exists in the rendered form.
    rendered = str(form)
    for target, _message in links:
        assert f'id="{target}"' in rendered


def test_errors_about_the_whole_form_link_to_its_first_field():
    form = VisitForm(data={"name": "clash", "choice": "y", **date_data("dob", "1", "2", "2026")})
    assert summary_links(render_summary(form=form)) == [
        ("id_name", "That name is already on another record")
    ]


def test_the_error_summary_is_absent_without_errors():
    assert render_summary(form=VisitForm()).strip() == ""
    valid = VisitForm(data={"name": "Amelia", "choice": "n", **date_data("dob", "1", "2", "2026")})
    assert render_summary(form=valid).strip() == ""


def test_the_error_summary_lists_the_errors_in_formsets():
    formset_class = forms.formset_factory(VisitForm, min_num=1, validate_min=True)
    formset = formset_class(
        data={
            "visits-TOTAL_FORMS": "1",
            "visits-INITIAL_FORMS": "0",
            "visits-0-name": "Noah",
            "visits-0-choice": "y",
            **date_data("visits-0-dob", "31", "2", "2026"),
        },
        prefix="visits",
    )
    html = render_summary(form=None, formsets=[formset])
    assert summary_links(html) == [("id_visits-0-dob_day", "Date must be a real date")]


def test_too_many_wrong_passwords_lock_the_account_with_a_govuk_page(client, worker, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    statuses = [sign_in(client, "worker", "wrong").status_code for _attempt in range(3)]
    assert statuses == [200, 200, 429]
    response = sign_in(client, "worker")
    assert response.status_code == 429, "the right password does not help while locked"
    assert '<h1 class="govuk-heading-l">Your account is locked</h1>' in response.content.decode()
    assert "_auth_user_id" not in client.session
