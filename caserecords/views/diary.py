"""Pages of the child's diary: planned contacts, planning one, cancelling one, and
recording one as a no-access visit. ("Record this visit" is the observation form,
with `?planned=<id>`: see views/observations.py.)

Each view finds what the user may see through access.py (404 otherwise), parses the
form, calls one service and renders.
"""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from frontend.forms import format_time_12h
from frontend.pages import show_errors

from .. import access, queries, services
from ..forms.diary import CancelForm, NoAccessForm, PlanContactForm
from ..models import Child, PlannedContact
from ..services import RecordLocked


def _file_context(child: Child, **context: Any) -> dict[str, Any]:
    """What every page of the file needs for the child banner, plus the page's own context."""
    return {"child": child, "open_statuses": queries.open_legal_statuses(child), **context}


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F Y')} at {format_time_12h(local.time())}"


def _no_longer_planned(request: HttpRequest, planned: PlannedContact, text: str) -> HttpResponse:
    messages.error(request, text)
    return redirect(planned)


@require_http_methods(["GET", "POST"])
def diary(request: HttpRequest, pk: int) -> HttpResponse:
    child = access.child_for_user(request.user, pk)
    can_record = access.can_record(request.user, child)
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Your role cannot change the diary.")
    form = PlanContactForm(_posted(request)) if can_record else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            planned = services.planned_contact_create(
                user=request.user, child=child, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"{planned.get_kind_display()} planned for {_when(planned.planned_for)}. "
                f"Record it by {date_format(planned.due_by, 'l j F Y')}.",
            )
            return redirect(planned)
    contacts = queries.diary(child)
    context = _file_context(
        child,
        form=form,
        waiting=[contact for contact in contacts if contact.is_planned],
        done=[contact for contact in reversed(contacts) if not contact.is_planned],
        can_record=can_record,
        today=timezone.localdate(),
        now=timezone.now(),
    )
    access.record_read(request.user, child, "diary")
    return render(request, "caserecords/diary.html", context)


@require_http_methods(["GET", "POST"])
def planned_contact_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    planned = access.planned_contact_for_user(request.user, pk)
    if not access.can_record(request.user, planned.child):
        raise PermissionDenied("Your role cannot change the diary.")
    if not planned.is_planned:
        return _no_longer_planned(
            request, planned, "This contact has already been recorded or cancelled."
        )
    form = CancelForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.planned_contact_cancel(
                planned_contact=planned, user=request.user, reason=form.cleaned_data["reason"]
            )
        except RecordLocked as error:
            return _no_longer_planned(request, planned, " ".join(error.messages))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{planned} cancelled. The reason is kept in the diary.")
            return redirect(planned)
    context = _file_context(planned.child, planned=planned, form=form)
    return render(request, "caserecords/diary_cancel.html", context)


@require_http_methods(["GET", "POST"])
def planned_contact_no_access(request: HttpRequest, pk: int) -> HttpResponse:
    planned = access.planned_contact_for_user(request.user, pk)
    if not access.can_record(request.user, planned.child):
        raise PermissionDenied("Your role cannot record observations.")
    if not planned.is_planned:
        return _no_longer_planned(
            request, planned, "This contact has already been recorded or cancelled."
        )
    now = timezone.now()
    initial = {"occurred_at": planned.planned_for} if planned.planned_for <= now else {}
    form = NoAccessForm(_posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            observation = services.planned_contact_no_access(
                planned_contact=planned, user=request.user, now=now, **form.cleaned_data
            )
        except RecordLocked as error:
            return _no_longer_planned(request, planned, " ".join(error.messages))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"Recorded as a no-access visit or failed appointment. The planned "
                f"{planned.get_kind_display().lower()} is marked as recorded.",
            )
            return redirect(observation)
    show_late_reason = (
        planned.is_overdue(timezone.localdate(now))
        or "late_reason" in form.errors
        or bool(form.data.get("late_reason"))
    )
    context = _file_context(
        planned.child, planned=planned, form=form, show_late_reason=show_late_reason
    )
    return render(request, "caserecords/diary_no_access.html", context)
