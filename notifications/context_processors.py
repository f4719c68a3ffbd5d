"""The signed-in user's unread count, for the badge in every page's header."""

from django.http import HttpRequest
from django.utils.functional import cached_property

from . import queries


class UnreadNotifications:
    """The unread count, read from the database once, and only if a template shows it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return queries.unread_count(self.user)

    @property
    def label(self) -> str:
        """The count as the badge shows it (MOJ notification badge: 99 at most)."""
        return "99+" if self.count > 99 else str(self.count)


def unread_notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
