"""Reads of the notifications app, for the inbox page, the API and the header's count.

A notice is its recipient's alone: anyone else asking for it gets a 404, exactly as
for a notice that does not exist.
"""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from staff.models import User

from .models import Notification


def inbox(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notices: unread first, newest first (index notif_inbox_idx)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    notices = Notification.objects.filter(recipient=user).select_related("covering_for")
    if unread_only:
        return notices.unread().order_by("-created_at", "-pk")
    unread_first = Case(
        When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return notices.order_by(unread_first, "-created_at", "-pk")


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()


def notification_for_user(user: User, pk: int) -> Notification:
    """The user's own notice, or 404."""
    return get_object_or_404(inbox(user), pk=pk)
