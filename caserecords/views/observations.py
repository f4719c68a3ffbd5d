"""Pages for observations: record, view, edit a draft, complete, amend, history.

Each view finds the record through access.py (404 for what the user may not
see), parses the form, calls one service and renders. Services raise
ValidationError (put back on the form), PermissionDenied (403) or RecordLocked
(back to the observation with the reason).
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_safe

from frontend.pages import show_errors

from .. import access, queries, services
from ..forms.observations import (
    ActionFormSet,
    AmendmentForm,
    CompleteForm,
    DecisionForm,
    EnteredInErrorForm,
    ObservationFieldsForm,
    ObservationForm,
    ParticipantFormSet,
    hide_errors,
    rows_formset,
    with_another_row,
)
from ..models import (
    AmendmentKind,
    AmendmentRequest,
    AmendmentStatus,
    Child,
    Observation,
    PlannedContact,
)
from ..services import RecordLocked

# Fields the history page leaves out of "what changed": bookkeeping, not the record.
HISTORY_EXCLUDED_FIELDS = ["created_at", "updated_at", "contact_group"]
# The rows of the form, with how many (blank or filled) it shows at first.
ROW_FORMSETS = {"participants": (ParticipantFormSet, 3), "actions": (ActionFormSet, 2)}


def _file_context(child: Child, **context: Any) -> dict[str, Any]:
    """What every page of the file needs for the child banner, plus the page's own context."""
    return {"child": child, "open_statuses": queries.open_legal_statuses(child), **context}


def _long_date(day: date) -> str:
    return date_format(day, "l j F Y")


def _locked(request, observation: Observation, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect(observation)


def _posted(request):
    """The posted data, or None on GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _all_valid(*items) -> bool:
    results = [item.is_valid() for item in items]  # validate every one, for the summary
    return all(results)


def _siblings(user, child: Child) -> list[Child]:
    """The child's siblings (same family, open files) whose files the user can see."""
    if child.family_id is None:
        return []
    siblings = (
        access.children_visible_to(user)
        .filter(family_id=child.family_id, closed_on__isnull=True)
        .exclude(pk=child.pk)
        .order_by("first_name", "pk")
    )
    return list(siblings)


def _row_formsets(request, initial: dict[str, list] | None = None) -> dict[str, Any]:
    """The people-involved and actions formsets; "Add another" adds a row to one of them."""
    data = _posted(request)
    adding = data.get("add") if data is not None else None
    formsets = {}
    for prefix, (formset_class, rows) in ROW_FORMSETS.items():
        bound = with_another_row(data, prefix) if adding == prefix else data
        formsets[prefix] = rows_formset(
            formset_class,
            prefix=prefix,
            data=bound,
            initial=(initial or {}).get(prefix),
            rows=rows,
        )
    return formsets


def _form_page(request, child: Child, form, formsets, **context):
    context = _file_context(
        child,
        form=form,
        participants=formsets["participants"],
        actions=formsets["actions"],
        formsets=list(formsets.values()),
        **context,
    )
    return render(request, "caserecords/observation_form.html", context)


# Record, edit, complete -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def observation_new(request, pk: int):
    child = access.child_for_user(request.user, pk)
    if not access.can_record(request.user, child):
        raise PermissionDenied("Your role cannot record observations.")
    planned = _planned_contact(request, child)
    if planned is not None and not planned.is_planned:
        messages.error(request, "This planned contact has already been recorded or cancelled.")
        return redirect(planned)
    form = ObservationForm(
        _posted(request), siblings=_siblings(request.user, child), initial=_from_plan(planned)
    )
    formsets = _row_formsets(request)
    if request.method == "POST":
        if request.POST.get("add") in ROW_FORMSETS:
            hide_errors(form, *formsets.values())
        elif _all_valid(form, *formsets.values()):
            saved = _create(request, child, form, formsets, planned)
            if saved is not None:
                return redirect(saved)
    show_late_reason = "late_reason" in form.errors or bool(request.POST.get("late_reason"))
    return _form_page(
        request,
        child,
        form,
        formsets,
        observation=None,
        show_late_reason=show_late_reason,
        planned_contact=planned,
    )


def _planned_contact(request, child: Child) -> PlannedContact | None:
    """The planned contact this observation records (`?planned=<id>`, from the diary)."""
    raw = request.GET.get("planned")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise Http404("No such planned contact.")
    planned = access.planned_contact_for_user(request.user, int(raw))
    if planned.child_id != child.pk:
        raise Http404("No such planned contact on this file.")
    return planned


def _from_plan(planned: PlannedContact | None) -> dict[str, Any]:
    """The form's first values from the planned contact: its kind, flag and time, if past."""
    if planned is None:
        return {}
    initial = {"kind": planned.kind, "safeguarding": planned.safeguarding}
    if planned.planned_for <= timezone.now():
        initial["occurred_at"] = planned.planned_for
    return initial


def _create(request, child: Child, form, formsets, planned=None) -> Observation | None:
    complete = request.POST.get("save") == "complete"
    try:
        observations = services.observation_create(
            author=request.user,
            child=child,
            data=form.observation_data(),
            participants=formsets["participants"].rows(),
            actions=formsets["actions"].rows(),
            siblings=form.chosen_siblings(),
            complete=complete,
            late_reason=form.cleaned_data["late_reason"],
            planned_contact=planned,
        )
    except ValidationError as error:
        show_errors(form, error)
        return None
    first = observations[0]
    if complete:
        when = "late" if first.completed_late else "on time"
        text = f"Observation completed {when}. It was due by {_long_date(first.due_by)}."
    else:
        text = f"Observation saved as a draft. Due by {_long_date(first.due_by)}."
    if len(observations) > 1:
        names = ", ".join(o.child.first_name for o in observations[1:])
        text += f" Also recorded on the file of {names}."
    if planned is not None:
        text += " The planned contact in the diary is marked as recorded."
    messages.success(request, text)
    return first


@require_http_methods(["GET", "POST"])
def observation_edit(request, pk: int):
    observation = access.observation_for_user(request.user, pk)
    if not observation.is_draft:
        messages.error(request, "Completed observations cannot be edited; request an amendment.")
        return redirect(observation)
    if observation.author_id != request.user.pk:
        raise PermissionDenied("Only the author can edit a draft observation.")
    if observation.entered_in_error:
        messages.error(request, "This observation has been marked as entered in error.")
        return redirect(observation)
    initial = {
        "participants": list(observation.participants.values("name", "title", "agency")),
        "actions": list(observation.actions.values("description", "owner", "due_date")),
    }
    form = ObservationForm(_posted(request), initial=ObservationFieldsForm.initial_for(observation))
    formsets = _row_formsets(request, initial)
    if request.method == "POST":
        if request.POST.get("add") in ROW_FORMSETS:
            hide_errors(form, *formsets.values())
        elif _all_valid(form, *formsets.values()):
            try:
                services.observation_update(
                    observation=observation,
                    user=request.user,
                    data=form.observation_data(),
                    participants=formsets["participants"].rows(),
                    actions=formsets["actions"].rows(),
                )
            except RecordLocked as error:
                return _locked(request, observation, error)
            except ValidationError as error:
                show_errors(form, error)
            else:
                return _after_edit(request, observation)
    return _form_page(
        request,
        observation.child,
        form,
        formsets,
        observation=observation,
        show_late_reason=False,
    )


def _after_edit(request, observation: Observation):
    if request.POST.get("save") == "complete":
        return redirect("caserecords:observation-complete", pk=observation.pk)
    observation.refresh_from_db(fields=["due_by"])
    messages.success(request, f"Draft saved. Due by {_long_date(observation.due_by)}.")
    return redirect(observation)


@require_http_methods(["GET", "POST"])
def observation_complete(request, pk: int):
    observation = access.observation_for_user(request.user, pk)
    if not observation.is_draft:
        messages.error(request, "This observation is already completed.")
        return redirect(observation)
    if observation.author_id != request.user.pk:
        raise PermissionDenied("Only the author can complete an observation.")
    late = observation.is_overdue()
    form = CompleteForm(_posted(request), late=late)
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_complete(
                observation=observation,
                user=request.user,
                late_reason=form.cleaned_data["late_reason"],
            )
        except RecordLocked as error:
            return _locked(request, observation, error)
        except ValidationError as error:
            show_errors(form, error)
        else:
            when = "late" if late else "on time"
            messages.success(
                request,
                f"Observation completed {when}. It was due by {_long_date(observation.due_by)}.",
            )
            return redirect(observation)
    context = {
        "observation": observation,
        "form": form,
        "late": late or "late_reason" in form.errors,
    }
    return render(
        request,
        "caserecords/observation_complete.html",
        _file_context(observation.child, **context),
    )


# The observation and its history ----------------------------------------------------


@require_safe
def observation_detail(request, pk: int):
    observation = access.observation_for_user(request.user, pk)
    child, user = observation.child, request.user
    is_manager = access.is_manager_of(user, child)
    show_content = not observation.entered_in_error or is_manager
    requests = list(observation.amendment_requests.select_related("requested_by"))
    for amendment in requests:
        amendment.can_decide = amendment.is_pending and services.amendment_can_decide(
            user=user, observation=observation, kind=amendment.kind
        )
    pending = any(amendment.is_pending for amendment in requests)
    is_author = observation.author_id == user.pk
    can_record = access.can_record(user, child)
    open_draft = observation.is_draft and not observation.entered_in_error
    context = {
        "observation": observation,
        "show_content": show_content,
        "participants": list(observation.participants.all()) if show_content else [],
        "actions": list(observation.actions.all()) if show_content else [],
        "requests": requests,
        "can_edit": open_draft and is_author,
        "can_amend": can_record
        and not observation.is_draft
        and not observation.entered_in_error
        and not pending,
        "can_mark_in_error": can_record and not observation.entered_in_error and not pending,
        "overdue": observation.is_overdue(),
    }
    access.record_read(user, child, f"observation {observation.pk}")
    return render(request, "caserecords/observation_detail.html", _file_context(child, **context))


@require_safe
def observation_history(request, pk: int):
    observation = access.observation_for_user(request.user, pk)
    child = observation.child
    show_content = not observation.entered_in_error or access.is_manager_of(request.user, child)
    records = list(
        observation.history.select_related("history_user").order_by("history_date", "history_id")
    )
    versions, previous = [], None
    for record in records:
        changes = []
        if previous is not None and show_content:
            delta = record.diff_against(previous, excluded_fields=HISTORY_EXCLUDED_FIELDS)
            changes = [
                _change_row(change.field, change.old, change.new) for change in delta.changes
            ]
        versions.append({"record": record, "changes": changes})
        previous = record
    context = {"observation": observation, "versions": versions, "show_content": show_content}
    access.record_read(request.user, child, f"history of observation {observation.pk}")
    return render(request, "caserecords/observation_history.html", _file_context(child, **context))


def _change_row(name: str, old: Any, new: Any) -> dict[str, str]:
    field = Observation._meta.get_field(name)
    return {
        "label": str(field.verbose_name).capitalize(),
        "old": display_value(field, old),
        "new": display_value(field, new),
    }


def display_value(field: models.Field, value: Any) -> str:
    """A stored value as a reader sees it: choice labels, Yes or No, dates written out."""
    if value is None or value == "":
        return "Not recorded"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(field, models.DateField):
        return date_format(value, "j F Y")
    return str(value)


# Amendments and "entered in error" ----------------------------------------------------


def _approver_text(user, observation: Observation, kind: str) -> str:
    if services.amendment_can_decide(user=user, observation=observation, kind=kind):
        return "You approve this kind of request yourself, so it will be applied at once."
    if kind == AmendmentKind.AMEND and observation.author.is_active:
        return (
            f"The author, {observation.author}, must approve the amendment "
            "before the record changes."
        )
    if kind == AmendmentKind.AMEND:
        return (
            f"The author, {observation.author}, has left, so a team leader of the child's "
            "team must approve the amendment before the record changes."
        )
    return "A manager of the child's team must approve this before the entry is marked."


def _request_page(request, observation: Observation, kind: str, form_class, template: str):
    if not access.can_record(request.user, observation.child):
        raise PermissionDenied("Your role cannot request amendments.")
    if observation.entered_in_error:
        messages.error(request, "This observation has been marked as entered in error.")
        return redirect(observation)
    initial = ObservationFieldsForm.initial_for(observation)
    form = form_class(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(observation) if kind == AmendmentKind.AMEND else None
        try:
            amendment = services.amendment_request(
                observation=observation,
                user=request.user,
                kind=kind,
                reason=form.cleaned_data["reason"],
                changes=changes,
            )
        except RecordLocked as error:
            return _locked(request, observation, error)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _requested_text(amendment))
            return redirect(observation)
    context = {
        "observation": observation,
        "form": form,
        "approver": _approver_text(request.user, observation, kind),
    }
    return render(request, template, _file_context(observation.child, **context))


def _requested_text(amendment: AmendmentRequest) -> str:
    if amendment.kind == AmendmentKind.ENTERED_IN_ERROR:
        if amendment.status == AmendmentStatus.APPROVED:
            return "The observation is marked as entered in error."
        return "Request sent: a manager must approve marking this observation as entered in error."
    if amendment.status == AmendmentStatus.APPROVED:
        return "Amendment applied. The earlier version is kept in the history."
    return "Amendment requested. The record changes when the request is approved."


@require_http_methods(["GET", "POST"])
def amendment_new(request, pk: int):
    observation = access.observation_for_user(request.user, pk)
    if observation.is_draft:
        messages.error(request, "A draft is not completed yet: its author can still edit it.")
        return redirect(observation)
    return _request_page(
        request,
        observation,
        AmendmentKind.AMEND,
        AmendmentForm,
        "caserecords/amendment_form.html",
    )


@require_http_methods(["GET", "POST"])
def entered_in_error_new(request, pk: int):
    observation = access.observation_for_user(request.user, pk)
    return _request_page(
        request,
        observation,
        AmendmentKind.ENTERED_IN_ERROR,
        EnteredInErrorForm,
        "caserecords/entered_in_error_form.html",
    )


@require_http_methods(["GET", "POST"])
def amendment_decide(request, pk: int):
    amendment = get_object_or_404(
        AmendmentRequest.objects.filter(
            observation__in=access.observations_visible_to(request.user)
        ).select_related(
            "observation__child__team",
            "observation__child__worker",
            "observation__author",
            "requested_by",
            "decided_by",
        ),
        pk=pk,
    )
    observation = amendment.observation
    if not services.amendment_can_decide(
        user=request.user, observation=observation, kind=amendment.kind
    ):
        raise PermissionDenied("You cannot decide on this request.")
    form = DecisionForm(_posted(request))
    if request.method == "POST" and amendment.is_pending and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.amendment_decide(
                request=amendment,
                user=request.user,
                approve=approve,
                note=form.cleaned_data["decision_note"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            verb = "approved" if approve else "rejected"
            messages.success(request, f"{amendment.get_kind_display()} request {verb}.")
            return redirect(observation)
    # Once entered in error, the content is for managers only (the author may have left it).
    show_content = not observation.entered_in_error or access.is_manager_of(
        request.user, observation.child
    )
    context = {
        "observation": observation,
        "amendment": amendment,
        "changes": _requested_changes(amendment) if show_content else [],
        "show_content": show_content,
        "form": form,
    }
    return render(
        request, "caserecords/amendment_decide.html", _file_context(observation.child, **context)
    )


def _requested_changes(amendment: AmendmentRequest) -> list[dict[str, str]]:
    """Each changed field, old (the record as it stands) -> new, while the request waits."""
    observation = amendment.observation
    rows = []
    for name, stored in amendment.changes.items():
        field = Observation._meta.get_field(name)
        row = _change_row(name, getattr(observation, name), field.to_python(stored))
        if not amendment.is_pending:
            row["old"] = ""
        rows.append(row)
    return rows
