"""Access beyond the role's: emergency ("break-glass") access to a file, stated and time-limited.

Anyone on duty may need a file their team does not hold (out of hours, say). They state
why; access opens for a few hours, every read is logged with that reason, and the child's
team leader is told at once (seed 003 App. 3, Caldicott: justify every use).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from staff.models import Role, User

from .. import access, notices
from ..models import AccessGrant, AccessReason, Child

# Roles that may open a file in an emergency: those who work with children's files.
BREAK_GLASS_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.TEAM_LEADER,
        Role.PRACTICE_GROUP_LEAD,
        Role.HEAD_OF_SERVICE,
        Role.DIRECTOR,
        Role.BUSINESS_SUPPORT,
    }
)


def break_glass_hours() -> int:
    return int(getattr(settings, "BREAK_GLASS_HOURS", 12))


def _told(child: Child) -> list[User]:
    """Who hears of emergency access: the child's team leaders, else the head of service."""
    if child.team is None:
        return []
    staff = User.objects.filter(is_active=True)
    leaders = list(staff.filter(team_id=child.team.pk, role=Role.TEAM_LEADER))
    if leaders:
        return leaders
    return list(staff.filter(service_id=child.team.service_id, role=Role.HEAD_OF_SERVICE))


@transaction.atomic
def break_glass_open(
    *, user: User, child: Child, reason: str, now: datetime | None = None
) -> tuple[AccessGrant, list[notices.Away]]:
    """Open emergency access to `child` for `user` with the reason they state.

    Returns the grant and who of those told is away (and who covers for them).
    """
    if not (user.is_authenticated and user.is_active and user.role in BREAK_GLASS_ROLES):
        raise PermissionDenied("Your role cannot open a child's file in an emergency.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you need this child's file now."})
    now = now or timezone.now()
    grant = AccessGrant.objects.create(
        child=child,
        user=user,
        reason=AccessReason.BREAK_GLASS,
        explanation=reason,
        starts_at=now,
        expires_at=now + timedelta(hours=break_glass_hours()),
        granted_by=user,
    )
    away: list[notices.Away] = []
    who = user.get_full_name() or user.username
    ends = f"{timezone.localtime(grant.expires_at):%H:%M on %-d %B %Y}"
    for leader in _told(child):
        away += notices.notify(
            recipient=leader,
            kind="break_glass",
            subject=f"Emergency access to a file in your team by {who}",
            body=f"Reason given: {reason}\nAccess ends at {ends}.",
            link=child.get_absolute_url(),
            source=grant,
            dedupe_key=f"break-glass:{grant.pk}",
            at=now,
        )
    return grant, away


def break_glass_needed(user: User, child: Child) -> bool:
    """Whether this person would need emergency access to read the child's file."""
    return not access.children_visible_to(user).filter(pk=child.pk).exists()


@transaction.atomic
def restriction_set(
    *, user: User, child: Child, restricted: bool, named: list[User], now: datetime | None = None
) -> Child:
    """Restrict a file (or lift it) and name the staff who may still see it.

    The head of service of the child's service decides (seed 003 App. 3: need to know).
    A name taken off keeps its grant row, ended now, so the record shows who could see
    the file and when.
    """
    now = now or timezone.now()
    service_id = child.team.service_id if child.team is not None else None
    if not (user.is_active and user.role == Role.HEAD_OF_SERVICE and user.service_id == service_id):
        raise PermissionDenied("The head of service of the child's service restricts a file.")
    if restricted and not named:
        raise ValidationError(
            {"named": "Name at least one member of staff who may see the file (its worker)."}
        )
    current = {
        grant.user_id: grant
        for grant in access.grants_of_child(child, AccessReason.NAMED).select_for_update()
    }
    wanted = {person.pk for person in named} if restricted else set()
    for user_id, grant in current.items():
        if user_id not in wanted:
            grant.expires_at = now
            grant.save(update_fields=["expires_at", "updated_at"])
    for person in named:
        if restricted and person.pk not in current:
            AccessGrant.objects.create(
                child=child,
                user=person,
                reason=AccessReason.NAMED,
                starts_at=now,
                granted_by=user,
                explanation="Named on a restricted file",
            )
    if child.restricted != restricted:
        child.restricted = restricted
        child.save(update_fields=["restricted", "updated_at"])
    return child
