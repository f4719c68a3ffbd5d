"""Pages of the absence app (/absence/): absences, a colleague's profile and, for their
cover, their caseload; filing an email onto children's records; and the notes the child's
file and the caseload show while a worker is away (registered in apps.py)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from caserecords import access, timeliness
from caserecords import queries as records
from caserecords.models import Child
from frontend.pages import paginate, show_errors, tell_away
from staff.models import User

from . import queries, services
from .forms import AbsenceFilterForm, AbsenceForm, EmailFilingForm

PER_PAGE = 25
DRAFTS_PER_PAGE = 20  # as on one's own caseload


# Notes on the child's file and the caseload (caserecords.hooks) -----------------------------


def file_note_context(request: HttpRequest, child: Child) -> dict[str, Any] | None:
    """The allocated worker is away: who covers and until when. One query."""
    absence = queries.current_absence(child.worker_id, timezone.now())
    return {"absence": absence} if absence is not None else None


def caseload_note_context(request: HttpRequest, owner: User) -> dict[str, Any] | None:
    """The caseload's owner is away, or covers for colleagues who are. One query."""
    running = (
        queries.running(timezone.now())
        .filter(Q(user_id=owner.pk) | Q(cover_id=owner.pk))
        .select_related("user", "cover")
        .order_by("starts_on", "pk")
    )
    away, covering = [], []
    for absence in running:
        (away if absence.user_id == owner.pk else covering).append(absence)
    if not away and not covering:
        return None
    return {"away": away[:1], "covering": covering, "owner": owner, "viewer": request.user}


def file_tab_context(request: HttpRequest, child: Child) -> dict[str, Any]:
    """The emails filed on the child's record, newest first, for a tab on the file: one query."""
    emails = queries.filed_emails(child)
    return {
        "emails": emails,
        "count": len(emails),
        "limit": queries.FILE_TAB_LIMIT,
        "can_record": access.can_record(request.user, child),
    }


# Absences ----------------------------------------------------------------------------------


@require_GET
def absence_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    data = request.GET.copy()
    data.setdefault("state", "current")
    form = AbsenceFilterForm(data)
    state = form.cleaned_data["state"] if form.is_valid() else "current"
    absences = queries.absences_filtered(
        queries.absences_visible_to(request.user), state=state, at=now
    ).order_by("starts_on", "pk")
    page = paginate(request, absences, PER_PAGE)
    context = {"form": form, "page": page, "state": state, "now": now}
    return render(request, "absence/absence_list.html", context)


@require_http_methods(["GET", "POST"])
def absence_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    people = queries.people_they_may_set_for(user).select_related("team")
    initial = {"user": request.GET.get("user") or user.pk}
    form = AbsenceForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        people=people,
        covers=queries.possible_covers(user).select_related("team"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            absence, away = services.absence_create(recorded_by=user, **data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            whose = "Your" if absence.user_id == user.pk else f"{absence.user}’s"
            messages.success(
                request, f"{whose} absence has been recorded. {absence.cover} is covering."
            )
            tell_away(request, away)
            return redirect(absence)
    return render(request, "absence/absence_form.html", {"form": form})


@require_GET
def absence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    absence = queries.absence_for_user(request.user, pk)
    now = timezone.now()
    context = {
        "absence": absence,
        "active": absence.is_active(now),
        "over": absence.is_over(now),
        "can_end": queries.can_manage_absence(request.user, absence.user)
        and absence.ended_early_at is None
        and not absence.is_over(now),
    }
    return render(request, "absence/absence_detail.html", context)


@require_http_methods(["GET", "POST"])
def absence_end(request: HttpRequest, pk: int) -> HttpResponse:
    absence = queries.absence_for_user(request.user, pk)
    if not queries.can_manage_absence(request.user, absence.user):
        raise PermissionDenied("You cannot change this absence.")
    error = None
    if request.method == "POST":
        try:
            services.absence_end(absence=absence, user=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, "The absence has ended. Cover has stopped.")
            return redirect(absence)
    return render(request, "absence/absence_end.html", {"absence": absence, "error": error})


# Staff --------------------------------------------------------------------------------------


@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    people = queries.staff_list(request.user, now)
    page = paginate(request, people, PER_PAGE)
    covers = User.objects.in_bulk({p.cover_id for p in page if p.cover_id})  # one query
    for person in page:
        person.cover_person = covers.get(person.cover_id)
    return render(request, "absence/staff_list.html", {"page": page})


@require_GET
def staff_profile(request: HttpRequest, pk: int) -> HttpResponse:
    person = queries.staff_member_for_user(request.user, pk)
    now = timezone.now()
    absences = queries.absences_of(person, now)
    current = next((a for a in absences if a.is_active(now)), None)
    context = {
        "person": person,
        "current": current,
        "absences": absences,
        "can_record": queries.can_manage_absence(request.user, person),
        "can_see_caseload": current is not None
        and queries.may_see_cover_caseload(request.user, person, current),
    }
    return render(request, "absence/staff_profile.html", context)


@require_GET
def cover_caseload(request: HttpRequest, pk: int) -> HttpResponse:
    """The absent colleague's caseload, with what is due and overdue, for their cover."""
    person = queries.staff_member_for_user(request.user, pk)
    now = timezone.now()
    absence = queries.current_absence(person.pk, now)
    if person.pk == request.user.pk:
        return redirect("caserecords:caseload")
    if not queries.may_see_cover_caseload(request.user, person, absence):
        raise Http404("Not covering for this person.")
    today = timezone.localdate(now)
    context = {
        "person": person,
        "absence": absence,
        "today": today,
        "due_soon_by": timeliness.due_soon_by(today),
        "children": records.caseload(person, today=today),
        "drafts": paginate(
            request, records.drafts_due(person), DRAFTS_PER_PAGE, param="drafts_page"
        ),
    }
    access.record_read(request.user, None, f"caseload of {person.username} (cover)")
    return render(request, "absence/cover_caseload.html", context)


# Email to record ------------------------------------------------------------------------------


def _children_for_filing(user: User, wanted: str | None):
    """The children one may file an email on here: one's caseload, and the child one came
    from (a file one may see)."""
    children = list(records.caseload(user, today=timezone.localdate()))
    if wanted and wanted.isdigit() and all(c.pk != int(wanted) for c in children):
        child = access.children_visible_to(user).filter(pk=int(wanted)).first()
        if child is None:
            raise Http404("No such child.")
        children.insert(0, child)
    return children


@require_http_methods(["GET", "POST"])
def email_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.can_record:
        raise PermissionDenied("Your role cannot record on children’s files.")
    wanted = request.GET.get("child")
    children = _children_for_filing(user, wanted)
    posted = request.method == "POST"
    form = EmailFilingForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        children=children,
        initial={"children": [wanted]} if wanted else None,
    )
    if posted and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["children"]}
        try:
            filed = services.email_file(
                user=user,
                children=[c for c in children if c.pk in chosen],
                raw=form.raw_bytes(),
                complete=form.cleaned_data["complete"],
                late_reason=form.cleaned_data["late_reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            observation = filed.observations.order_by("pk").first()
            count = filed.observations.count()
            where = "file" if count == 1 else f"{count} files"
            messages.success(request, f"The email has been filed on the {where}.")
            return redirect(observation)
    return render(request, "absence/email_form.html", {"form": form})
