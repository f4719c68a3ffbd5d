"""Pages of "Need to Know" escalations and missing episodes, under /escalations/.

Each view finds what the user may see through escalation_queries (caserecords.access
for the child: a 404 otherwise), parses the form, calls one service and renders.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caserecords import access, queries
from caserecords.models import Child
from frontend.pages import paginate, show_errors, tell_away
from staff.models import Role

from . import escalation_queries as found
from . import escalations, missing
from .escalation_forms import (
    CategoryFilterForm,
    CloseForm,
    DecideForm,
    MissingEpisodeForm,
    MissingReturnForm,
    NoteForm,
    RaiseForm,
    ReasonForm,
    RespondForm,
    SeriousRiskForm,
    UpdateForm,
)
from .models import Escalation, EscalationCategory

PER_PAGE = 25


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _file_context(child: Child | None, **context: Any) -> dict[str, Any]:
    if child is None:
        return {"child": None, **context}
    return {"child": child, "open_statuses": queries.open_legal_statuses(child), **context}


# The lists -------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Send each person to the list they work from."""
    role = request.user.role
    if role in (Role.HEAD_OF_SERVICE, Role.PRACTICE_GROUP_LEAD):
        return redirect("escalations:queue")
    if role == Role.DIRECTOR:
        return redirect("escalations:director")
    return redirect("escalations:raised")


def _list(request, query, *, template_title: str, default_show: str, intro: str, nav: str):
    form = CategoryFilterForm(
        {"show": default_show, **request.GET.dict()}, show_choices=found.SHOW_CHOICES
    )
    show, category = default_show, ""
    if form.is_valid():
        show = form.cleaned_data["show"] or default_show
        category = form.cleaned_data["category"]
    page = paginate(request, query(request.user, show=show, category=category), PER_PAGE)
    access.record_read(request.user, None, f"escalations: {template_title.lower()}")
    context = {
        "title": template_title,
        "intro": intro,
        "form": form,
        "page": page,
        "now": timezone.now(),
        "nav_current": nav,
    }
    return render(request, "escalations/list.html", context)


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The head of service's triage queue (and the PGL's list): category A on top, oldest first."""
    user = request.user
    if user.role not in (Role.HEAD_OF_SERVICE, Role.PRACTICE_GROUP_LEAD) or not user.service_id:
        raise PermissionDenied("This list is for a service's heads of service and PGLs.")
    if user.role == Role.HEAD_OF_SERVICE:
        title = "Triage queue"
        intro = (
            "Category B concerns wait for your decision; category A briefings wait for the "
            "practice group lead to send them to the Director, and go anyway at the end of "
            "the working day. Category A is always on top, then the oldest first."
        )
    else:
        title = "Briefings for the Director"
        intro = (
            "Category A briefings from your service: amend them if needed and send them to "
            "the Director. Unanswered by the end of the working day, they go anyway."
        )
    return _list(
        request,
        found.service_queue,
        template_title=title,
        default_show=found.AWAITING,
        intro=intro,
        nav="Escalations",
    )


@require_GET
def director_list(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.DIRECTOR:
        raise PermissionDenied("This list is the Director's.")
    return _list(
        request,
        found.director_list,
        template_title="Briefings sent to the Director",
        default_show=found.AWAITING,
        intro="Briefings waiting for your acknowledgement first, category A on top.",
        nav="Escalations",
    )


@require_GET
def raised_list(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        found.raised_by,
        template_title="Concerns you raised",
        default_show=found.OPEN,
        intro="To raise a concern about a child, open the child's file and choose "
        "“Raise a Need to Know concern”.",
        nav="Escalations",
    )


# Raising a concern ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def raise_on_child(request: HttpRequest, pk: int) -> HttpResponse:
    child = access.child_for_user(request.user, pk)
    if not access.can_record(request.user, child):
        raise PermissionDenied("Your role cannot raise a concern on this file.")
    return _raise(request, child)


@require_http_methods(["GET", "POST"])
def raise_staff_matter(request: HttpRequest) -> HttpResponse:
    if request.user.role not in escalations._RAISING_ROLES:
        raise PermissionDenied("Your role cannot raise a Need to Know concern.")
    return _raise(request, None)


def _raise(request: HttpRequest, child: Child | None) -> HttpResponse:
    """Two steps that work without JavaScript: choose the reason (the category follows
    from it, shown on the next step), then write the briefing."""
    reasons = list(found.active_reasons())
    chosen = request.POST.get("reason") or request.GET.get("reason")
    reason_form = ReasonForm({"reason": chosen} if chosen else None, reasons=reasons)
    if not reason_form.is_bound or not reason_form.is_valid():
        context = _file_context(child, reason_form=reason_form)
        return render(request, "escalations/raise_reason.html", context)
    reason = reason_form.cleaned_data["reason"]
    initial = {}
    if child is not None:
        initial["basic_information"] = escalations.basic_information(child)
    form = RaiseForm(_posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            outcome = escalations.escalation_raise(
                user=request.user,
                reason=reason,
                child=child,
                briefing=form.briefing(),
                short_briefing=form.cleaned_data["short_briefing"],
                raised_at=form.cleaned_data["arose_at"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            tell_away(request, outcome.away)
            messages.success(request, _raised_message(outcome.escalation))
            return redirect(outcome.escalation)
    context = _file_context(child, form=form, reason=reason, is_a=reason.category == "A")
    return render(request, "escalations/raise_briefing.html", context)


def _raised_message(escalation: Escalation) -> str:
    if escalation.category == EscalationCategory.A:
        due = timezone.localtime(escalation.director_due_at)
        return (
            "The briefing has been sent to the practice group lead, copied to the head of "
            f"service. If nobody responds by {due:%H:%M on %A %-d %B}, it goes to the "
            "Director anyway."
        )
    return (
        "The concern has been sent to the head of service, who will decide whether to "
        "inform the Director."
    )


# One escalation ---------------------------------------------------------------------------


def _detail_context(request: HttpRequest, escalation: Escalation, **forms: Any) -> dict:
    user = request.user
    return _file_context(
        escalation.child,
        escalation=escalation,
        timeline=found.timeline(escalation),
        can_respond=escalations.can_respond(user, escalation),
        can_decide=escalations.can_decide(user, escalation),
        can_acknowledge=escalations.can_acknowledge(user, escalation),
        can_add_update=escalations.can_add_update(user, escalation),
        can_close=escalations.can_close(user, escalation),
        acknowledge_form=forms.get("acknowledge_form") or NoteForm(prefix="ack"),
        update_form=forms.get("update_form") or UpdateForm(prefix="update"),
        close_form=forms.get("close_form") or CloseForm(prefix="close"),
    )


def _read(request: HttpRequest, escalation: Escalation) -> None:
    access.record_read(request.user, escalation.child, f"escalation {escalation.pk}")


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = found.escalation_for_user(request.user, pk)
    _read(request, escalation)
    return render(request, "escalations/detail.html", _detail_context(request, escalation))


def _briefing_initial(escalation: Escalation) -> dict:
    fields = {name: getattr(escalation, name) for name in escalations.BRIEFING_FIELDS}
    return {**fields, "short_briefing": escalation.short_briefing}


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The PGL (or head of service) amends the briefing if needed and sends it on."""
    escalation = found.escalation_for_user(request.user, pk)
    if not escalations.can_respond(request.user, escalation):
        raise PermissionDenied("Only the service's PGL or head of service can send this on.")
    form = RespondForm(_posted(request), initial=_briefing_initial(escalation))
    if form.is_bound and form.is_valid():
        try:
            outcome = escalations.escalation_respond(
                escalation=escalation,
                user=request.user,
                briefing=form.briefing(),
                short_briefing=form.cleaned_data["short_briefing"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            tell_away(request, outcome.away)
            messages.success(request, "The briefing has been sent to the Director.")
            return redirect(escalation)
    _read(request, escalation)
    context = _file_context(escalation.child, escalation=escalation, form=form)
    return render(request, "escalations/respond.html", context)


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The head of service decides on a category B concern, with the reason."""
    escalation = found.escalation_for_user(request.user, pk)
    if not escalations.can_decide(request.user, escalation):
        raise PermissionDenied("Only the service's head of service can decide on this concern.")
    form = DecideForm(_posted(request), initial=_briefing_initial(escalation))
    if form.is_bound and form.is_valid():
        inform = form.cleaned_data["inform_director"]
        try:
            outcome = escalations.escalation_decide(
                escalation=escalation,
                user=request.user,
                inform_director=inform,
                reason=form.cleaned_data["reason"],
                briefing=form.briefing(),
                short_briefing=form.cleaned_data["short_briefing"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            tell_away(request, outcome.away)
            messages.success(
                request,
                "The briefing has been sent to the Director, copied to the practice group lead."
                if inform
                else "Your decision is recorded: the Director is not to be informed.",
            )
            return redirect(escalation)
    _read(request, escalation)
    context = _file_context(escalation.child, escalation=escalation, form=form)
    return render(request, "escalations/decide.html", context)


def _act(request: HttpRequest, pk: int, form_class, prefix: str, key: str, act, done: str):
    """A small action posted from the escalation's page; errors show on that page."""
    escalation = found.escalation_for_user(request.user, pk)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            outcome = act(escalation, form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            tell_away(request, outcome.away)
            messages.success(request, done)
            return redirect(escalation)
    _read(request, escalation)
    context = _detail_context(request, escalation, **{key: form})
    return render(request, "escalations/detail.html", context, status=400)


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        NoteForm,
        "ack",
        "acknowledge_form",
        lambda escalation, data: escalations.escalation_acknowledge(
            escalation=escalation, user=request.user, note=data["note"]
        ),
        "You have acknowledged the briefing.",
    )


@require_POST
def add_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        UpdateForm,
        "update",
        "update_form",
        lambda escalation, data: escalations.escalation_add_update(
            escalation=escalation,
            user=request.user,
            note=data["note"],
            next_update_on=data["next_update_on"],
        ),
        "The update has been added.",
    )


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        CloseForm,
        "close",
        "close_form",
        lambda escalation, data: escalations.escalation_close(
            escalation=escalation, user=request.user, note=data["note"]
        ),
        "The escalation is closed.",
    )


# Missing episodes -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def child_missing(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's missing episodes, and recording a new one."""
    child = access.child_for_user(request.user, pk)
    can_record = access.can_record(request.user, child)
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Your role cannot record a missing episode.")
    form = MissingEpisodeForm(_posted(request)) if can_record else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            episode = missing.missing_episode_record(
                user=request.user, child=child, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "The missing episode has been recorded.")
            return redirect(episode)
    access.record_read(request.user, child, "missing episodes")
    context = _file_context(child, form=form, episodes=found.child_missing_episodes(child))
    return render(request, "escalations/child_missing.html", context)


@require_http_methods(["GET", "POST"])
def missing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One missing episode: record the return, or mark the child at serious risk."""
    episode = found.missing_episode_for_user(request.user, pk)
    can_record = access.can_record(request.user, episode.child)
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Your role cannot change a missing episode.")
    posted = _posted(request)
    wants_risk = posted is not None and "serious_risk" in posted and "returned_at_day" not in posted
    return_form = MissingReturnForm(None if wants_risk else posted)
    risk_form = SeriousRiskForm(posted if wants_risk else None)
    bound = risk_form if wants_risk else return_form
    if posted is not None and bound.is_valid():
        try:
            missing.missing_episode_update(episode=episode, user=request.user, **bound.cleaned_data)
        except ValidationError as error:
            show_errors(bound, error)
        else:
            messages.success(
                request,
                "The child is marked at serious risk: the head of service has been told."
                if wants_risk
                else "The child's return has been recorded.",
            )
            return redirect(episode)
    access.record_read(request.user, episode.child, "missing episode")
    context = _file_context(
        episode.child,
        episode=episode,
        can_record=can_record,
        return_form=return_form,
        risk_form=risk_form,
        escalations=list(episode.escalations.select_related("reason").order_by("pk")),
    )
    return render(request, "escalations/missing_detail.html", context)
