"""Who may see which escalation and missing episode, and the lists pages and the API share.

An escalation is seen by its raiser, the managers of its child's team or service (the
team leader, the service's PGL and head of service) and the Director; one on a child
also needs the child's file to be visible to them (caserecords.access). Anything else
is a 404, exactly like an escalation that does not exist.
"""

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from caserecords import access
from caserecords.models import Child
from staff.models import Role, User

from .models import (
    OPEN_ESCALATION_STATUSES,
    Escalation,
    EscalationEvent,
    EscalationReason,
    EscalationStatus,
    MissingEpisode,
)


def escalations_visible_to(user: User) -> QuerySet[Escalation]:
    if not (user.is_authenticated and user.is_active):
        return Escalation.objects.none()
    if user.role == Role.DIRECTOR:
        role = Q()
    else:
        role = Q(raised_by_id=user.pk)
        if user.role in (Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE) and user.service_id:
            role |= Q(service_id=user.service_id)
        if user.role == Role.TEAM_LEADER and user.team_id:
            role |= Q(child__team_id=user.team_id) | Q(
                child__isnull=True, raised_by__team_id=user.team_id
            )
    children = access.children_visible_to(user).values("pk")
    return Escalation.objects.filter(role).filter(Q(child__isnull=True) | Q(child__in=children))


def with_list_data(escalations: QuerySet[Escalation]) -> QuerySet[Escalation]:
    return escalations.select_related("child", "reason", "raised_by")


def escalation_for_user(user: User, pk: int) -> Escalation:
    """The escalation with what its page shows (child banner, people), or 404."""
    escalations = escalations_visible_to(user).select_related(
        "child__team",
        "child__worker",
        "reason",
        "raised_by",
        "decided_by",
        "acknowledged_by",
        "responded_by",
        "missing_episode",
    )
    return get_object_or_404(escalations, pk=pk)


def timeline(escalation: Escalation) -> list[EscalationEvent]:
    return list(escalation.events.select_related("by").order_by("at", "pk"))


def with_timeline(escalations: QuerySet[Escalation]) -> QuerySet[Escalation]:
    """The API's shape: each escalation with its timeline (one query for all)."""
    events = EscalationEvent.objects.select_related("by").order_by("at", "pk")
    return with_list_data(escalations).prefetch_related(
        Prefetch("events", queryset=events, to_attr="timeline")
    )


# The lists -----------------------------------------------------------------------------------

# Which escalations each list shows, by its "show" filter.
AWAITING = "awaiting"
OPEN = "open"
ALL = "all"
SHOW_CHOICES = [
    (AWAITING, "Waiting for action"),
    (OPEN, "All open"),
    (ALL, "All, including closed"),
]


def _category_a_first() -> Case:
    return Case(When(category="A", then=Value(0)), default=Value(1), output_field=IntegerField())


def _shown(escalations: QuerySet[Escalation], show: str, awaiting) -> QuerySet[Escalation]:
    if show == AWAITING:
        return escalations.filter(status__in=awaiting)
    if show == OPEN:
        return escalations.filter(status__in=OPEN_ESCALATION_STATUSES)
    return escalations


def service_queue(user: User, *, show: str = AWAITING, category: str = "") -> QuerySet[Escalation]:
    """The head of service's triage queue (and the PGL's list): category A always on top,
    then oldest first (esc_service_status_idx)."""
    if user.service_id is None:
        return Escalation.objects.none()
    escalations = escalations_visible_to(user).filter(service_id=user.service_id)
    awaiting = (
        [EscalationStatus.WITH_PGL]
        if user.role == Role.PRACTICE_GROUP_LEAD
        else [EscalationStatus.WITH_PGL, EscalationStatus.WITH_HEAD_OF_SERVICE]
    )
    escalations = _shown(escalations, show, awaiting)
    if category:
        escalations = escalations.filter(category=category)
    return with_list_data(escalations).order_by(_category_a_first(), "raised_at", "pk")


def director_list(user: User, *, show: str = AWAITING, category: str = "") -> QuerySet[Escalation]:
    """What has reached the Director: waiting for acknowledgement first, oldest first."""
    escalations = escalations_visible_to(user).filter(sent_to_director_at__isnull=False)
    escalations = _shown(escalations, show, [EscalationStatus.SENT_TO_DIRECTOR])
    if category:
        escalations = escalations.filter(category=category)
    waiting_first = Case(
        When(status=EscalationStatus.SENT_TO_DIRECTOR, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return with_list_data(escalations).order_by(waiting_first, _category_a_first(), "raised_at")


def raised_by(user: User, *, show: str = OPEN, category: str = "") -> QuerySet[Escalation]:
    """The concerns this person raised, newest first."""
    escalations = escalations_visible_to(user).filter(raised_by_id=user.pk)
    escalations = _shown(escalations, show, OPEN_ESCALATION_STATUSES)
    if category:
        escalations = escalations.filter(category=category)
    return with_list_data(escalations).order_by("-raised_at", "-pk")


def open_on_file(child: Child) -> list[Escalation]:
    """The child's open escalations, for the note under the banner: one query."""
    escalations = Escalation.objects.filter(child=child, status__in=OPEN_ESCALATION_STATUSES)
    return list(escalations.select_related("reason").order_by("raised_at", "pk"))


def active_reasons() -> QuerySet[EscalationReason]:
    return EscalationReason.objects.filter(active=True).order_by("category", "order", "pk")


# Missing episodes -----------------------------------------------------------------------------


def missing_episodes_visible_to(user: User) -> QuerySet[MissingEpisode]:
    return MissingEpisode.objects.filter(child__in=access.children_visible_to(user).values("pk"))


def missing_episode_for_user(user: User, pk: int) -> MissingEpisode:
    episodes = missing_episodes_visible_to(user).select_related(
        "child__team", "child__worker", "recorded_by"
    )
    return get_object_or_404(episodes, pk=pk)


def child_missing_episodes(child: Child) -> list[MissingEpisode]:
    return list(child.missing_episodes.select_related("recorded_by").order_by("-missing_from"))
