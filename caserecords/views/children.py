"""Pages of the child's file: caseload, child list, the file itself, chronology, documents.

Each view finds what the user may see through access.py, reads through queries.py,
writes through services.py, and renders. A child one may not see is a 404.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from frontend.pages import paginate, show_errors
from staff.models import Role

from .. import access, hooks, oversight_queries, queries, services, timeliness
from ..forms.children import ChildFilterForm, ChronologyEntryForm, DocumentForm

logger = logging.getLogger(__name__)
CHILDREN_PER_PAGE = 25
OBSERVATIONS_PER_PAGE = 20
# The caseload page pages each of its lists with its own GET parameter. A worker's own
# cases (35 at most in practice) fit on one page; a team can have 200 and more open cases
# and a worker 150 drafts waiting.
DRAFTS_PER_PAGE = 20
MY_CASES_PER_PAGE = 50
TEAM_CASES_PER_PAGE = 25


@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    leads_team = user.role == Role.TEAM_LEADER and user.team_id is not None
    mine = queries.caseload(user, today=today)
    drafts = queries.drafts_due(user)
    context = {
        "today": today,
        "children": paginate(request, mine, MY_CASES_PER_PAGE, param="children_page"),
        "drafts": paginate(request, drafts, DRAFTS_PER_PAGE, param="drafts_page"),
        "due_soon_by": timeliness.due_soon_by(today),
        "now": timezone.now(),
        "planned_contacts": queries.planned_contacts_upcoming(user, today=today),
        "team_children": (
            paginate(
                request,
                queries.team_caseload(user, today=today),
                TEAM_CASES_PER_PAGE,
                param="team_page",
            )
            if leads_team
            else None
        ),
        "notes": hooks.render_place(hooks.CASELOAD_NOTES, request, user),
    }
    return render(request, "caserecords/caseload.html", context)


@require_GET
def child_list(request: HttpRequest) -> HttpResponse:
    children = access.children_visible_to(request.user)
    data = request.GET.copy()
    data.setdefault("state", "open")
    form = ChildFilterForm(data, teams=queries.teams_with_children(children))
    if form.is_valid():
        children = queries.children_filtered(
            children,
            search=form.cleaned_data["search"],
            team=form.cleaned_data["team"],
            legal_status=form.cleaned_data["legal_status"],
            state=form.cleaned_data["state"],
        )
    page = paginate(request, queries.with_list_data(children), CHILDREN_PER_PAGE)
    return render(request, "caserecords/child_list.html", {"form": form, "page": page})


@require_GET
def child_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    child = access.child_for_user(user, pk)
    manager = access.is_manager_of(user, child)
    observations = paginate(request, queries.file_observations(child), OBSERVATIONS_PER_PAGE)
    context = {
        "child": child,
        "open_statuses": queries.open_legal_statuses(child),
        "is_manager": manager,
        "can_record": access.can_record(user, child),
        "can_upload": access.can_upload(user, child),
        "today": timezone.localdate(),
        "now": timezone.now(),
        "planned_contacts": list(queries.waiting_planned_contacts(child)),
        "chronology": queries.chronology(child, include_withdrawn=manager),
        "observations": observations,
        "documents": queries.file_documents(child),
        "allocations": queries.allocation_history(child),
        "legal_statuses": queries.legal_status_history(child),
        "last_read": oversight_queries.last_file_read(child),
        # What other apps add: tabs (the sharing log...) and notices under the banner.
        "extra_tabs": hooks.render_place(hooks.FILE_TABS, request, child),
        "notes": hooks.render_place(hooks.FILE_NOTES, request, child),
    }
    access.record_read(user, child, "child file")
    return render(request, "caserecords/child_file.html", context)


@require_http_methods(["GET", "POST"])
def chronology_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = access.child_for_user(request.user, pk)
    if not access.can_record(request.user, child):
        raise PermissionDenied("Your role cannot add to the chronology.")
    form = ChronologyEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.chronology_add_manual(child=child, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The entry has been added to the chronology.")
            return redirect(child)
    context = {"child": child, "open_statuses": queries.open_legal_statuses(child), "form": form}
    return render(request, "caserecords/chronology_form.html", context)


@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = access.child_for_user(request.user, pk)
    if not access.can_upload(request.user, child):
        raise PermissionDenied("Your role cannot upload documents.")
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_upload(
                child=child,
                user=request.user,
                upload=data["file"],
                document_type=data["document_type"],
                title=data["title"],
                document_date=data["document_date"],
                copy_given_to_family=data["copy_given_to_family"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"“{document.title}” has been added to the file.")
            return redirect(f"{child.get_absolute_url()}#documents")
    context = {"child": child, "open_statuses": queries.open_legal_statuses(child), "form": form}
    return render(request, "caserecords/document_form.html", context)


@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a document from outside the web root, to those who may see the child's file."""
    document = access.document_for_user(request.user, pk)
    try:
        stored = document.file.open("rb")
    except FileNotFoundError:
        # The record is kept but its file has gone from storage: say so, and tell operations.
        logger.error(
            "Document %s: its file %s is missing from storage", document.pk, document.file.name
        )
        return render(
            request, "caserecords/document_missing.html", {"document": document}, status=404
        )
    access.record_read(request.user, document.child, f"document {document.pk}")
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    # Never let a browser guess the type of an uploaded file, or keep a copy of it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
