"""The inbox: the signed-in user's notices, each opened (and so marked read) by a link
that leads on to the item it is about."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from frontend.pages import paginate

from . import queries, services

NOTICES_PER_PAGE = 25


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    show = "unread" if request.GET.get("show") == "unread" else "all"
    notices = queries.inbox(request.user, unread_only=show == "unread")
    page = paginate(request, notices, NOTICES_PER_PAGE)
    return render(request, "notifications/inbox.html", {"page": page, "show": show})


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go on to the item it is about."""
    notice = queries.notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notice)
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(
            request, f"{count} notification{'s' if count != 1 else ''} marked as read."
        )
    return redirect("notifications:inbox")
