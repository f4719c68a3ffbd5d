"""Management oversight pages: the dashboard and the lists behind its figures, file reads,
supervision, approvals, and the unallocated cases report (DESIGN.md "Management oversight").

Managers see the teams access.teams_managed_by gives them (other roles 403, a team they do
not manage 404); a child's pages find the child through access.child_for_user (404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontend.links import reverse_each
from frontend.pages import paginate, show_errors, tell_away
from staff.models import Service, User

from .. import access, oversight_queries, queries, services
from ..forms.observations import ActionFormSet, hide_errors, rows_formset, with_another_row
from ..forms.oversight import (
    ApprovalDecisionForm,
    ApprovalForm,
    FileReadForm,
    SupervisionForm,
    SupervisionWorkerForm,
)
from ..models import Approval, ApprovalKind, Child, Supervision

ROWS_PER_PAGE = 25
TEAM_LISTS = {
    "unread": "Files not read by a manager",
    "approvals": "Approvals waiting",
    "unallocated": "Unallocated cases",
}


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_teams(request.user):
        raise PermissionDenied("Only managers see management oversight.")


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _file_context(child: Child, **context):
    return {"child": child, "open_statuses": queries.open_legal_statuses(child), **context}


# The dashboard and its lists ---------------------------------------------------------


def _team_links(team_ids: list[int]) -> dict[int, dict[str, str]]:
    """Each team's links from its dashboard figures to the lists behind them."""
    links = {
        which: reverse_each("caserecords:oversight-team-list", team_ids, which)
        for which in TEAM_LISTS
    }
    links["overdue"] = reverse_each("caserecords:team-overdue", team_ids)
    return {pk: {which: urls[pk] for which, urls in links.items()} for pk in team_ids}


@require_GET
def oversight_dashboard(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    today = timezone.localdate()
    cutoff = oversight_queries.read_cutoff(today)
    teams = oversight_queries.team_oversight(request.user, cutoff=cutoff)
    links = _team_links([row.team.pk for row in teams])
    context = {
        "teams": teams,
        "rows": [(row, links[row.team.pk]) for row in teams],
        "by_worker": any(row.overdue_by_worker is not None for row in teams),
        "interval": oversight_queries.read_interval_days(),
        "cutoff": cutoff,
        "today": today,
    }
    return render(request, "caserecords/oversight_dashboard.html", context)


@require_GET
def oversight_team_list(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    _require_manager(request)
    if which not in TEAM_LISTS:
        raise Http404("No such list.")
    user, today = request.user, timezone.localdate()
    team = access.team_for_manager(user, pk)
    cutoff = oversight_queries.read_cutoff(today) if which == "unread" else None
    if cutoff is not None:
        items = oversight_queries.unread_files(user, team, cutoff=cutoff)
    elif which == "approvals":
        items = oversight_queries.waiting_approvals_list(user, team)
    else:
        items = oversight_queries.unallocated_cases(user, [team.pk])
    page = paginate(request, items, ROWS_PER_PAGE)
    access.record_read(user, None, f"oversight: {TEAM_LISTS[which].lower()}, {team.name}")
    context = {
        "team": team,
        "which": which,
        "title": TEAM_LISTS[which],
        "page": page,
        "interval": oversight_queries.read_interval_days(),
        "cutoff": cutoff,
    }
    return render(request, "caserecords/oversight_team_list.html", context)


@require_GET
def unallocated_report(request: HttpRequest) -> HttpResponse:
    """The unallocated cases per service (seed 003 App. 7, 3.2), and the paged list."""
    _require_manager(request)
    user = request.user
    teams = access.teams_managed_by(user)
    raw = request.GET.get("service", "")
    service = None
    if raw:
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
            raise Http404("No such service.")
        service = get_object_or_404(Service.objects.filter(teams__in=teams).distinct(), pk=raw)
        teams = teams.filter(service=service)
    team_ids = list(teams.values_list("pk", flat=True))
    visible = access.children_visible_to(user).filter(team_id__in=team_ids)
    page = paginate(request, oversight_queries.unallocated_cases(user, team_ids), ROWS_PER_PAGE)
    access.record_read(user, None, "unallocated cases report")
    context = {
        "reports": oversight_queries.unallocated_summary(visible),
        "service": service,
        "page": page,
        "today": timezone.localdate(),
    }
    return render(request, "caserecords/oversight_unallocated.html", context)


# File reads --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def file_read_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = access.child_for_user(request.user, pk)
    if not access.is_manager_of(request.user, child):
        raise PermissionDenied("A manager of the child's team records a file read.")
    data = _posted(request)
    adding = data is not None and data.get("add") == "actions"
    form = FileReadForm(data, initial={"read_at": timezone.now(), "purpose": "review"})
    actions = rows_formset(
        ActionFormSet, prefix="actions", data=with_another_row(data, "actions") if adding else data
    )
    if adding:
        hide_errors(form, actions)
    elif data is not None and all([form.is_valid(), actions.is_valid()]):
        try:
            services.file_read_record(
                child=child,
                user=request.user,
                purpose=form.cleaned_data["purpose"],
                what_was_read=form.cleaned_data["what_was_read"],
                decisions=form.cleaned_data["decisions"],
                actions=actions.rows(),
                read_at=form.cleaned_data["read_at"],
                late_reason=form.cleaned_data["late_reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Your read of the file has been recorded.")
            return redirect(child)
    show_late = "late_reason" in form.errors or bool(data and data.get("late_reason"))
    context = _file_context(
        child, form=form, actions=actions, formsets=[actions], show_late_reason=show_late
    )
    return render(request, "caserecords/file_read_form.html", context)


# Supervision -------------------------------------------------------------------------


def _supervisable(user: User):
    teams = access.teams_managed_by(user)
    return User.objects.filter(team__in=teams, is_active=True).exclude(pk=user.pk)


@require_http_methods(["GET", "POST"])
def supervision_new(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    user = request.user
    workers = _supervisable(user).order_by("first_name", "last_name", "pk")
    chooser = SupervisionWorkerForm(request.GET or None, workers=workers)
    if not (request.GET and chooser.is_valid()):
        return render(request, "caserecords/supervision_choose.html", {"chooser": chooser})
    worker = chooser.cleaned_data["worker"]
    children = list(
        access.children_visible_to(user)
        .filter(worker=worker, closed_on__isnull=True)
        .order_by("last_name", "first_name", "pk")
    )
    form = SupervisionForm(_posted(request), children=children, initial={"held_at": timezone.now()})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.supervision_record(
                supervisor=user,
                worker=worker,
                held_at=form.cleaned_data["held_at"],
                cases=form.cases(),
                late_reason=form.cleaned_data["late_reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The supervision has been recorded on each child’s file.")
            return redirect(session)
    show_late = "late_reason" in form.errors or bool(request.POST.get("late_reason"))
    context = {"worker": worker, "form": form, "show_late_reason": show_late}
    return render(request, "caserecords/supervision_form.html", context)


@require_GET
def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    session = get_object_or_404(
        Supervision.objects.select_related("supervisor", "worker__team"), pk=pk
    )
    managed = access.teams_managed_by(user).filter(pk=session.worker.team_id).exists()
    if user.pk not in (session.supervisor_id, session.worker_id) and not managed:
        raise Http404("No such supervision.")
    visible = access.children_visible_to(user)
    cases = session.cases.filter(child__in=visible).select_related("child", "observation")
    access.record_read(user, None, f"supervision {session.pk}")
    return render(
        request, "caserecords/supervision_detail.html", {"session": session, "cases": cases}
    )


# Approvals ---------------------------------------------------------------------------


@require_GET
def approval_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's approvals, newest first, with links to submit one."""
    child = access.child_for_user(request.user, pk)
    approvals = child.approvals.select_related("submitted_by", "decided_by", "to_team")
    page = paginate(request, approvals.order_by("-submitted_at", "-pk"), ROWS_PER_PAGE)
    access.record_read(request.user, child, "approvals")
    context = _file_context(
        child,
        page=page,
        kinds=ApprovalKind.choices,
        can_submit=access.can_record(request.user, child) and child.is_open,
    )
    return render(request, "caserecords/approval_list.html", context)


@require_http_methods(["GET", "POST"])
def approval_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    child = access.child_for_user(request.user, pk)
    if kind not in ApprovalKind.values:
        raise Http404("No such kind of approval.")
    if not access.can_record(request.user, child):
        raise PermissionDenied("Your role cannot submit work for approval.")
    form = ApprovalForm(_posted(request), child=child, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.approval_submit(
                child=child, user=request.user, kind=kind, data=form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Submitted for approval. The approver has been told.")
            tell_away(request, sent.away)
            return redirect(sent.approval)
    context = _file_context(child, form=form, kind=kind, kind_label=ApprovalKind(kind).label)
    return render(request, "caserecords/approval_form.html", context)


@require_http_methods(["GET", "POST"])
def approval_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One approval, its history, and the decision form for whoever may decide."""
    user = request.user
    visible = access.children_visible_to(user)
    approval = get_object_or_404(
        Approval.objects.filter(child__in=visible).select_related(
            "child__team", "child__worker", "submitted_by", "decided_by", "to_team", "document"
        ),
        pk=pk,
    )
    child = access.child_for_user(user, approval.child_id)
    can_decide = approval.is_waiting and services.approval_can_decide(user, approval)
    form = ApprovalDecisionForm(_posted(request))
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied("You cannot decide on this.")
        if form.is_valid():
            try:
                sent = services.approval_decide(
                    approval=approval,
                    user=user,
                    approve=form.cleaned_data["decision"] == "approve",
                    comments=form.cleaned_data["comments"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                what = "approved" if sent.approval.status == "approved" else "returned"
                messages.success(request, f"{sent.approval.get_kind_display()} {what}.")
                tell_away(request, sent.away)
                return redirect(sent.approval)
    access.record_read(user, child, f"approval {approval.pk}")
    context = _file_context(
        child,
        approval=approval,
        form=form,
        can_decide=can_decide,
        history=approval.history.select_related("history_user").order_by("history_date"),
    )
    return render(request, "caserecords/approval_detail.html", context)
