"""Pages of access beyond the role's: emergency (break-glass) access, and the access log.

The access log shows "any person who has used the records" (seed 003 §1) to the
managers of the child's team and service; workers do not see it.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontend.keyset import keyset_page
from frontend.pages import paginate, show_errors, tell_away
from staff.models import Role, User

from .. import access, queries
from ..forms.access import AccessLogFilterForm, BreakGlassForm, RestrictionForm
from ..models import AccessLog, AccessReason, Child
from ..services.access_grants import (
    BREAK_GLASS_ROLES,
    break_glass_hours,
    break_glass_open,
    restriction_set,
)
from ..workingdays import start_of_day

LOG_PER_PAGE = 50
# The service-wide log in keyset pages, newest first (index accesslog_at_idx): it only grows,
# by millions of reads a year, and a page number would COUNT them all on each visit.
LOG_ORDERING = ("-at", "-id")


@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    """Open a file one's role does not give sight of, stating why (time-limited, logged)."""
    user = request.user
    if user.role not in BREAK_GLASS_ROLES:
        raise PermissionDenied("Your role cannot open a child's file in an emergency.")
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        child = Child.objects.filter(la_child_id=form.cleaned_data["la_child_id"].strip()).first()
        if child is None:
            form.add_error("la_child_id", "No child has that LA ID. Check it and try again.")
        elif access.children_visible_to(user).filter(pk=child.pk).exists():
            return redirect(child)  # already theirs to see: nothing to open
        else:
            try:
                grant, away = break_glass_open(
                    user=user, child=child, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                ends = timezone.localtime(grant.expires_at)
                messages.warning(
                    request,
                    f"Emergency access is open until {ends:%H:%M on %-d %B}. Every page you "
                    "read is logged with your reason, and the child's team leader has been told.",
                )
                tell_away(request, away)
                return redirect(child)
    context = {"form": form, "hours": break_glass_hours()}
    return render(request, "caserecords/break_glass.html", context)


def _filtered(entries: QuerySet[AccessLog], form: AccessLogFilterForm) -> QuerySet[AccessLog]:
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["person"]:
        entries = entries.filter(user__username=data["person"].strip())
    if data["child"]:
        entries = entries.filter(child__la_child_id=data["child"].strip())
    if data["why"]:
        entries = entries.filter(why=data["why"])
    if data["since"]:
        entries = entries.filter(at__gte=start_of_day(data["since"]))
    if data["until"]:
        entries = entries.filter(at__lt=start_of_day(data["until"] + timedelta(days=1)))
    return entries


@require_GET
def child_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has read this child's file, when, what and why: for its managers only."""
    child = access.child_for_user(request.user, pk)
    if not access.is_manager_of(request.user, child):
        raise PermissionDenied("Only the managers of the child's team see who read the file.")
    entries = AccessLog.objects.filter(child=child).select_related("user")
    page = paginate(request, entries, LOG_PER_PAGE)
    context = {"child": child, "open_statuses": queries.open_legal_statuses(child), "page": page}
    return render(request, "caserecords/child_access_log.html", context)


def access_log_visible_to(user) -> QuerySet[AccessLog]:
    """The reads a manager may review: of their teams' children (the director: every read)."""
    entries = AccessLog.objects.select_related("user", "child")
    if user.role == Role.DIRECTOR:
        return entries
    return entries.filter(child__team__in=access.teams_managed_by(user))


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """The service-wide access log, filtered, for managers."""
    if not access.can_manage_teams(request.user):
        raise PermissionDenied("Only managers review the access log.")
    form = AccessLogFilterForm(request.GET or None)
    entries = _filtered(access_log_visible_to(request.user), form)
    page = keyset_page(request, entries, ordering=LOG_ORDERING, per_page=LOG_PER_PAGE)
    return render(request, "caserecords/access_log.html", {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
def restriction(request: HttpRequest, pk: int) -> HttpResponse:
    """Restrict a child's file to named staff (the head of service of its service)."""
    child = access.child_for_user(request.user, pk)
    if request.user.role != Role.HEAD_OF_SERVICE:
        raise PermissionDenied("The head of service restricts a file.")
    staff = User.objects.filter(is_active=True, service_id=request.user.service_id).exclude(
        role=Role.HEAD_OF_SERVICE
    )
    named = [grant.user_id for grant in access.grants_of_child(child, AccessReason.NAMED)]
    initial = {"restricted": "yes" if child.restricted else "no", "named": named}
    posted = request.method == "POST"
    form = RestrictionForm(request.POST if posted else None, initial=initial, staff=staff)
    if posted and form.is_valid():
        try:
            restriction_set(
                user=request.user,
                child=child,
                restricted=form.cleaned_data["restricted"],
                named=list(form.cleaned_data["named"]),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            state = "restricted" if child.restricted else "no longer restricted"
            messages.success(request, f"The file is {state}.")
            return redirect(child)
    context = {"child": child, "open_statuses": queries.open_legal_statuses(child), "form": form}
    return render(request, "caserecords/restriction.html", context)
