"""Pages of the sharing logs: record (a guided form per type), view, edit a draft, complete,
amend, history; the tab on the child's file; the managers' register and its CSV export.

Each view finds the child or record through caserecords.access and sharing.queries (404
for what the user may not see), parses the form, calls one service and renders.
"""

import csv
from itertools import pairwise
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caserecords import access
from caserecords.models import Child
from caserecords.queries import open_legal_statuses
from caserecords.services import RecordLocked
from frontend.keyset import NEWEST_FIRST, keyset_page
from frontend.pages import show_errors, tell_away

from . import queries, services
from .forms import (
    COMMON_LABELS,
    TYPE_LABELS,
    AmendmentForm,
    DecisionForm,
    RegisterFilterForm,
    SharingForm,
)
from .models import SHORT_TYPE_NAMES, Consent, SharingRecord, SharingType

REGISTER_PER_PAGE = 50
# Spreadsheet programs run cells that start with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The children are compared apart, from one query (queries.children_by_version).
HISTORY_EXCLUDED_FIELDS = ["created_at", "updated_at", "children"]
# Each type's form page: heading, what it is for, and who the other agency's person is.
TYPE_PAGES = {
    SharingType.DISCLOSURE: (
        "Record a disclosure",
        "You decided to share personal information with another agency or service.",
        "The recipient",
    ),
    SharingType.REQUEST_RECEIVED: (
        "Record a request received",
        "Another agency or service asked us to share information.",
        "The requester",
    ),
    SharingType.REQUEST_MADE: (
        "Record a request made",
        "You asked another agency or service for personal information.",
        "The practitioner you asked",
    ),
}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _siblings_and_child(user, child: Child) -> list[Child]:
    """The child and their siblings (same family, open files) the user may record on."""
    if child.family_id is None:
        return [child]
    siblings = (
        access.children_visible_to(user)
        .filter(family_id=child.family_id, closed_on__isnull=True)
        .exclude(pk=child.pk)
        .order_by("first_name", "pk")
    )
    return [child, *siblings]


# The tab on the child's file ----------------------------------------------------------


def file_tab_context(request: HttpRequest, child: Child) -> dict[str, Any]:
    """The child's sharing log for the tab on the file (caserecords.hooks): one query."""
    records = queries.child_log(child)
    return {
        "records": records,
        "count": records[0].total if records else 0,
        "limit": queries.FILE_TAB_LIMIT,
        "can_record": access.can_record(request.user, child),
        "types": SharingType.choices,
    }


# Record, edit, complete ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def record_new(request, pk: int, type: str):
    child = access.child_for_user(request.user, pk)
    if type not in SharingType.values:
        raise Http404("No such kind of sharing record.")
    if not access.can_record(request.user, child):
        raise PermissionDenied("Your role cannot record information sharing.")
    form = SharingForm(
        _posted(request),
        type=type,
        children=_siblings_and_child(request.user, child),
        initial={"children": [child.pk], "third_party_information": "no"},
    )
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("save") == "complete"
        try:
            record, away = services.sharing_record_create(
                user=request.user,
                type=type,
                children=form.chosen_children(),
                data=form.record_data(),
                complete=complete,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            done = "completed" if complete else "saved as a draft"
            messages.success(request, f"{record.short_type} {done}. It is on the chronology.")
            tell_away(request, away)
            return redirect(record)
    context = {"child": child, "form": form, "type": type, "record": None}
    return render(request, "sharing/record_form.html", _with_banner(context))


def _with_banner(context: dict[str, Any]) -> dict[str, Any]:
    """The form page's context: the child's banner and the type's words."""
    heading, intro, counterpart = TYPE_PAGES[SharingType(context["type"])]
    return {
        **context,
        "open_statuses": open_legal_statuses(context["child"]),
        "heading": heading,
        "intro": intro,
        "counterpart_heading": counterpart,
    }


@require_http_methods(["GET", "POST"])
def record_edit(request, pk: int):
    record = queries.record_for_user(request.user, pk)
    if not record.is_draft:
        messages.error(request, "Completed records cannot be edited; request an amendment.")
        return redirect(record)
    if record.recorded_by_id != request.user.pk:
        raise PermissionDenied("Only the person who made the entry can edit a draft.")
    child = record.visible_children[0]
    choices = {
        c.pk: c for c in [*record.visible_children, *_siblings_and_child(request.user, child)]
    }
    initial = {
        **SharingForm.initial_for(record),
        "children": [c.pk for c in record.visible_children],
    }
    form = SharingForm(
        _posted(request), type=record.type, children=list(choices.values()), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("save") == "complete"
        try:
            services.sharing_record_update(
                record=record,
                user=request.user,
                data=form.record_data(),
                children=form.chosen_children(),
                complete=complete,
            )
        except RecordLocked as error:
            messages.error(request, " ".join(error.messages))
            return redirect(record)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Record completed." if complete else "Draft saved.")
            return redirect(record)
    context = {"child": child, "form": form, "type": record.type, "record": record}
    return render(request, "sharing/record_form.html", _with_banner(context))


@require_POST
def record_complete(request, pk: int):
    record = queries.record_for_user(request.user, pk)
    try:
        services.sharing_record_complete(record=record, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if record.is_draft and record.recorded_by_id == request.user.pk:
            return redirect("sharing:record-edit", pk=record.pk)
    else:
        messages.success(request, "Record completed. It is now locked: changes need an amendment.")
    return redirect(record)


# The record and its history -------------------------------------------------------------


def _labels(type: str) -> dict[str, str]:
    labels = {
        name: label for name, (label, _hint) in {**COMMON_LABELS, **TYPE_LABELS[type]}.items()
    }
    labels["organisation_name"] = "Organisation"
    return labels


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
    return str(value)


# The answers the record page shows, in the order of seed 001's lists.
SHOWN = (
    "occurred_at",
    "name",
    "job_title",
    "organisation_name",
    "telephone",
    "identity_confirmed_by",
    "reason",
    "information_requested",
    "case_reference",
    "consent",
    "consent_given_by",
    "consent_limits",
    "no_consent_reason",
    "family_informed",
    "not_informed_reason",
    "decision",
    "decision_reason",
    "third_party_information",
    "third_party_consent",
    "third_party_override_reason",
    "information_shared",
    "method",
    "receipt_confirmed_by",
    "outcome",
)


def _rows(record: SharingRecord) -> list[dict[str, str]]:
    labels = _labels(record.type)
    rows = []
    for name in SHOWN:
        if name not in labels and name != "consent":
            continue
        field = SharingRecord._meta.get_field(name)
        value = getattr(record, name)
        if value in ("", None) and name not in ("outcome", "family_informed"):
            continue  # a question its answers made unnecessary
        label = labels.get(name) or str(field.verbose_name).capitalize()
        rows.append({"label": label, "value": display_value(field, value)})
    return rows


@require_GET
def record_detail(request, pk: int):
    record = queries.record_for_user(request.user, pk)
    user = request.user
    amendments = list(record.amendments.select_related("requested_by", "decided_by"))
    can_decide = services.sharing_amendment_can_decide(user=user, record=record)
    pending = any(amendment.is_pending for amendment in amendments)
    is_author = record.recorded_by_id == user.pk
    context = {
        "record": record,
        "rows": _rows(record),
        "amendments": amendments,
        "can_decide": can_decide,
        "can_edit": record.is_draft and is_author,
        "can_amend": not record.is_draft
        and not pending
        and any(access.can_record(user, child) for child in record.visible_children),
    }
    access.record_read(user, _only_child(record), f"sharing record {record.pk}")
    return render(request, "sharing/record_detail.html", context)


def _only_child(record: SharingRecord) -> Child:
    """The child a read is logged against (once per page): the first of those shown."""
    return record.visible_children[0]


@require_GET
def record_history(request, pk: int):
    record = queries.record_for_user(request.user, pk)
    records = list(
        record.history.select_related("history_user").order_by("history_date", "history_id")
    )
    about = queries.children_by_version([version.history_id for version in records])
    names = _child_names(request.user, set().union(*about.values()))
    versions = []
    for earlier, later in pairwise([None, *records]):
        changes = []
        if earlier is not None:
            delta = later.diff_against(earlier, excluded_fields=HISTORY_EXCLUDED_FIELDS)
            changes = [_change_row(record.type, c.field, c.old, c.new) for c in delta.changes]
            before, after = about[earlier.history_id], about[later.history_id]
            if before != after:
                changes.append(_about_row(before, after, names))
        versions.append({"record": later, "changes": changes})
    access.record_read(request.user, _only_child(record), f"sharing record {record.pk} history")
    context = {"record": record, "versions": versions}
    return render(request, "sharing/record_history.html", context)


def _child_names(user, ids: set[int]) -> dict[int, str]:
    """Names of the children the history mentions, of those this person may see (one query)."""
    if not ids:
        return {}
    children = access.children_visible_to(user).filter(pk__in=ids)
    return {child.pk: child.full_name for child in children}


def _about_row(before: set[int], after: set[int], names: dict[int, str]) -> dict[str, str]:
    def listed(ids: set[int]) -> str:
        shown = sorted(names.get(pk, "a child whose file you cannot see") for pk in ids)
        return ", ".join(shown) or "Nobody"

    return {"label": "About", "old": listed(before), "new": listed(after)}


def _change_row(type: str, name: str, old: Any, new: Any) -> dict[str, str]:
    field = SharingRecord._meta.get_field(name)
    label = _labels(type).get(name) or str(field.verbose_name).capitalize()
    if isinstance(field, models.ForeignKey):
        old, new = str(old or "Not recorded"), str(new or "Not recorded")
        return {"label": label, "old": old, "new": new}
    return {"label": label, "old": display_value(field, old), "new": display_value(field, new)}


# Amendments ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def amendment_new(request, pk: int):
    record = queries.record_for_user(request.user, pk)
    if record.is_draft:
        messages.error(request, "A draft is not completed yet: its author can still edit it.")
        return redirect(record)
    if not any(access.can_record(request.user, child) for child in record.visible_children):
        raise PermissionDenied("Your role cannot request amendments.")
    form = AmendmentForm(
        _posted(request), type=record.type, initial=AmendmentForm.initial_for(record)
    )
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.sharing_amendment_request(
                record=record,
                user=request.user,
                reason=form.cleaned_data["amendment_reason"],
                changes=form.changes(record),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if amendment.is_pending:
                text = "Amendment requested. The record changes when the author approves it."
            else:
                text = "Amendment applied. The earlier version is kept in the history."
            messages.success(request, text)
            return redirect(record)
    approver = (
        "You approve this yourself, so it will be applied at once."
        if services.sharing_amendment_can_decide(user=request.user, record=record)
        else f"{record.recorded_by} (or, if they have left, a manager) must approve it first."
    )
    context = {"record": record, "form": form, "approver": approver}
    return render(request, "sharing/amendment_form.html", context)


@require_http_methods(["GET", "POST"])
def amendment_decide(request, pk: int):
    amendment = queries.amendment_for_user(request.user, pk)
    record = amendment.record
    if not services.sharing_amendment_can_decide(user=request.user, record=record):
        raise PermissionDenied("You cannot decide on this request.")
    form = DecisionForm(_posted(request))
    if request.method == "POST" and amendment.is_pending and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.sharing_amendment_decide(
                amendment=amendment,
                user=request.user,
                approve=approve,
                note=form.cleaned_data["decision_note"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Amendment {'approved' if approve else 'rejected'}.")
            return redirect(record)
    labels = _labels(record.type)
    changes = []
    for name, value in amendment.changes.items():
        field = SharingRecord._meta.get_field(name)
        new = field.to_python(value) if not isinstance(field, models.ForeignKey) else value
        changes.append(
            {
                "label": labels.get(name) or str(field.verbose_name).capitalize(),
                "old": display_value(field, getattr(record, field.attname)),
                "new": display_value(field, new),
            }
        )
    context = {"record": record, "amendment": amendment, "changes": changes, "form": form}
    return render(request, "sharing/amendment_decide.html", context)


# The managers' register -----------------------------------------------------------------


def _register(request):
    if not queries.can_see_register(request.user):
        raise PermissionDenied("Only managers see the information sharing register.")
    form = RegisterFilterForm(request.GET or None)
    records = queries.register_records(request.user)
    return form, queries.register_filter(records, **form.filters()) if form.is_bound else records


@require_GET
def register(request):
    form, records = _register(request)
    # Keyset pages: no COUNT of a service's hundreds of thousands of records on each visit.
    page = keyset_page(request, records, ordering=NEWEST_FIRST, per_page=REGISTER_PER_PAGE)
    access.record_read(request.user, None, "sharing register")
    context = {"form": form, "page": page, "records": page.object_list}
    return render(request, "sharing/register.html", context)


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = [
    "id",
    "type",
    "status",
    "occurred_at",
    "children",
    "name",
    "job_title",
    "organisation",
    "telephone",
    "consent",
    "no_consent_reason",
    "family_informed",
    "decision",
    "decision_reason",
    "third_party_information",
    "method",
    "recorded_by",
]


def _csv_row(record: SharingRecord) -> list[object]:
    def yes_no(value):
        return "" if value is None else ("yes" if value else "no")

    return [
        record.pk,
        SHORT_TYPE_NAMES[SharingType(record.type)],
        record.status,
        timezone.localtime(record.occurred_at).isoformat(timespec="minutes"),
        "; ".join(child.full_name for child in record.visible_children),
        *(_cell(value) for value in (record.name, record.job_title, record.organisation_name)),
        _cell(record.telephone),
        Consent(record.consent).label,
        _cell(record.no_consent_reason),
        yes_no(record.family_informed),
        record.decision,
        _cell(record.decision_reason),
        yes_no(record.third_party_information),
        record.get_method_display(),
        str(record.recorded_by),
    ]


@require_GET
def register_csv(request):
    _form, records = _register(request)
    access.record_read(request.user, None, "sharing register export", channel="export")
    writer = csv.writer(_Echo())
    rows = (writer.writerow(_csv_row(record)) for record in records.iterator(chunk_size=500))
    response = StreamingHttpResponse(
        (line for part in ([writer.writerow(CSV_HEADER)], rows) for line in part),
        content_type="text/csv; charset=utf-8",
    )
    today = timezone.localdate()
    response["Content-Disposition"] = (
        f'attachment; filename="sharing-register-{today:%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
