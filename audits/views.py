"""Pages of the quarterly file audit, under /audits/.

- the sample list: an auditor's own ("My audits"), a manager's teams';
- a sampled item: its findings (anyone who may see the child's file), and for its
  auditor the button that starts the audit and the checklist form;
- the draw (director, heads of service): the drawn sample, its population and seed;
  draw on demand;
- the reports (managers for their teams, auditors and the director for all): tables,
  charts, CSV and PDF.
Every page that shows a child's record finds it through caserecords.access and logs
the read.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caserecords import access
from caserecords import queries as record_queries
from frontend.pages import paginate, show_errors, tell_away
from staff.models import Role

from . import charts, pdf, queries, sampling, services
from .forms import ActionFormSet, DrawForm, ReportFilterForm, SampleFilterForm, ScoreForm
from .models import AuditSample, SampleStatus
from .quarters import Quarter

SAMPLES_PER_PAGE = 25
# Spreadsheet programs run cells that start with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _require_audit_role(request: HttpRequest) -> None:
    if not queries.can_see_reports(request.user):
        raise PermissionDenied("Only auditors and managers see file audits.")


@require_GET
def sample_list(request: HttpRequest) -> HttpResponse:
    _require_audit_role(request)
    user = request.user
    quarters = queries.quarters_drawn()
    form = SampleFilterForm(request.GET or None, quarters=quarters)
    samples = queries.samples_visible_to(user).select_related("child", "team", "auditor")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["quarter"]:
            samples = samples.filter(quarter=form.cleaned_data["quarter"])
        if form.cleaned_data["status"]:
            samples = samples.filter(status=form.cleaned_data["status"])
    samples = samples.order_by("-quarter", "team__name", "child__last_name", "kind", "pk")
    context = {
        "form": form,
        "page": paginate(request, samples, SAMPLES_PER_PAGE),
        "mine": user.role == Role.AUDITOR,
        "can_draw": queries.can_draw(user),
    }
    return render(request, "audits/sample_list.html", context)


def _sample_context(request: HttpRequest, sample: AuditSample) -> dict:
    return {
        "sample": sample,
        "child": sample.child,
        "open_statuses": record_queries.open_legal_statuses(sample.child),
        "is_auditor": sample.auditor_id == request.user.pk,
    }


@require_GET
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sample = queries.sample_for_user(request.user, pk)
    context = {
        **_sample_context(request, sample),
        "answers": list(sample.answers.select_related("question")),
        "actions": list(sample.actions.all()),
    }
    access.record_read(request.user, sample.child, f"file audit {sample.quarter}")
    return render(request, "audits/sample_detail.html", context)


@require_POST
def sample_start(request: HttpRequest, pk: int) -> HttpResponse:
    sample = queries.sample_for_user(request.user, pk)
    try:
        services.audit_start(sample=sample, user=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return redirect(sample)
    return redirect("audits:score", pk=sample.pk)


@require_http_methods(["GET", "POST"])
def sample_score(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sample = queries.sample_for_user(user, pk)
    if sample.auditor_id != user.pk:
        raise PermissionDenied("Only the auditor this item was assigned to can audit it.")
    if not sample.is_open:
        messages.info(request, "This audit is completed and can no longer be changed.")
        return redirect(sample)
    if sample.status == SampleStatus.ASSIGNED:
        return redirect(sample)
    answers = list(sample.answers.select_related("question"))
    posted = request.method == "POST"
    initial = {"grade": sample.grade, "summary": sample.summary}
    form = ScoreForm(request.POST if posted else None, answers=answers, initial=initial)
    formset = ActionFormSet(request.POST if posted else None, prefix="actions")
    if posted and form.is_valid() and formset.is_valid():
        complete = request.POST.get("save") == "complete"
        actions = [
            services.NewAction(row["description"].strip(), row["due_date"])
            for row in formset.cleaned_data
            if row.get("description", "").strip()
        ]
        try:
            away = services.audit_save(
                sample=sample,
                user=user,
                answers=form.given(),
                grade=form.cleaned_data["grade"],
                summary=form.cleaned_data["summary"].strip(),
                actions=actions,
                complete=complete,
            )
        except ValidationError as error:
            _show_errors(form, formset, error)
        else:
            tell_away(request, away)
            if complete:
                messages.success(request, "Audit completed. Its actions were sent to the team.")
                return redirect(sample)
            messages.success(request, "Your answers have been saved.")
            return redirect("audits:score", pk=sample.pk)
    context = {
        **_sample_context(request, sample),
        "form": form,
        "formset": formset,
        "formsets": [formset],
        "actions": list(sample.actions.all()),
    }
    access.record_read(user, sample.child, f"file audit {sample.quarter}")
    return render(request, "audits/sample_score.html", context)


def _show_errors(form: ScoreForm, formset, error: ValidationError) -> None:
    """Errors on actions go on their rows (actions-N-field); the rest on the checklist."""
    if hasattr(error, "error_dict"):
        for key, errors in list(error.error_dict.items()):
            if key.startswith("actions-"):
                _, index, name = key.split("-", 2)
                formset.forms[int(index)].add_error(name, errors)
                del error.error_dict[key]
        if not error.error_dict:
            return
    show_errors(form, error)


# The draw -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def draw(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not queries.can_draw(user):
        raise PermissionDenied("Only the director and heads of service draw the audit sample.")
    quarter = _quarter(request.GET.get("quarter")) or Quarter.current()
    form = DrawForm(request.POST or None, initial={"quarter": str(quarter)})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["quarter"]
        try:
            result = sampling.audit_draw(
                quarter=chosen,
                seed=form.cleaned_data["seed"],
                redraw=form.cleaned_data["redraw"],
                drawn_by=user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            tell_away(request, result.away)
            if result.created:
                messages.success(request, f"The {chosen} sample has been drawn and assigned.")
            else:
                messages.info(request, f"The {chosen} sample was already drawn: nothing changed.")
            return redirect(reverse("audits:draw") + f"?quarter={chosen}")
    current = sampling.current_draw(quarter)
    samples = (
        queries.samples_visible_to(user)
        .filter(draw=current)
        .select_related("child", "team", "auditor")
        .order_by("team__name", "kind", "child__last_name", "pk")
        if current
        else AuditSample.objects.none()
    )
    teams = {team.pk: team for team in queries.report_teams(user)}
    context = {
        "form": form,
        "quarter": quarter,
        "current": current,
        "overview": [
            {**row, "team": teams[row["team_id"]]}
            for row in (queries.draw_overview(current) if current else [])
            if row["team_id"] in teams
        ],
        "verification": sampling.verify(current) if current else None,
        "page": paginate(request, samples, SAMPLES_PER_PAGE),
    }
    access.record_read(user, None, f"audit sample {quarter}")
    return render(request, "audits/draw.html", context)


def _quarter(text: str | None) -> Quarter | None:
    try:
        return Quarter.parse(text) if text else None
    except ValueError:
        return None


# Reports ----------------------------------------------------------------------------------


def _report(request: HttpRequest):
    _require_audit_role(request)
    quarters = queries.quarters_drawn() or [str(Quarter.current())]
    teams = queries.report_teams(request.user)
    data = request.GET.copy()
    data.setdefault("quarter", quarters[0])
    form = ReportFilterForm(data, quarters=quarters, teams=teams)
    if form.is_valid():
        quarter, team = Quarter.parse(form.cleaned_data["quarter"]), form.cleaned_data["team"]
    else:
        quarter, team = Quarter.parse(quarters[0]), None
    return form, queries.report(request.user, quarter, team=team)


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    form, figures = _report(request)
    context = {
        "form": form,
        "report": figures,
        "grade_chart": charts.grades(figures),
        "trend_chart": charts.trend(figures),
        "question_chart": charts.questions(figures),
        "query": request.GET.urlencode(),
        "can_draw": queries.can_draw(request.user),
    }
    return render(request, "audits/report.html", context)


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    _form, figures = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="file-audit-{figures.quarter}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    for row in pdf.report_rows(figures):
        writer.writerow([_cell(cell) for cell in row])
    return response


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    _form, figures = _report(request)
    response = HttpResponse(pdf.report_pdf(figures), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="file-audit-{figures.quarter}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# The child's file: its audits, as a tab (caserecords.hooks) --------------------------------


def file_tab_context(request: HttpRequest, child) -> dict | None:
    """The file's quarterly audits, newest first: one query; no tab for a file never sampled."""
    samples = list(
        AuditSample.objects.filter(child=child)
        .exclude(status=SampleStatus.WITHDRAWN)
        .select_related("auditor")
        .order_by("-quarter", "kind", "pk")
    )
    if not samples:
        return None
    return {"samples": samples, "count": len(samples)}
