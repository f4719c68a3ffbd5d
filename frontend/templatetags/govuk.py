"""Template helpers for the GOV.UK layout: the error summary's list and the service navigation."""

from django import template
from django.urls import reverse

register = template.Library()

# (label, URL name, path prefixes that make the item current, who sees it: "" everyone,
# "managers" team leaders and above, "staff" Django admin users). Links only: the views check.
NAVIGATION = [
    ("My caseload", "caserecords:caseload", (), ""),
    ("Children", "caserecords:child-list", ("/children/", "/observations/", "/documents/"), ""),
    ("Timeliness", "caserecords:timeliness", ("/timeliness", "/teams/"), "managers"),
    ("Oversight", "caserecords:oversight", ("/oversight/", "/approvals/"), "managers"),
    ("Escalations", "escalations:index", ("/escalations/",), ""),
    ("Information sharing", "sharing:register", ("/sharing/register",), "managers"),
    ("Audits", "audits:mine", ("/audits/",), "audits"),
    ("Absence", "absence:list", ("/absence/",), ""),
    ("Access log", "access:log", ("/access-log",), "managers"),
    ("Notifications", "notifications:inbox", ("/notifications/",), ""),
    ("API docs", "api-docs", ("/api/",), ""),
    ("Admin", "admin:index", ("/admin/",), "staff"),
]
# Items with a count badge: URL name -> the context variable holding the count
# (notifications.context_processors: read once, only when the navigation shows it).
BADGES = {"notifications:inbox": "unread_notifications"}
AUDIENCES = {
    "managers": lambda user: getattr(user, "is_manager", False) and user.is_active,
    "staff": lambda user: getattr(user, "is_staff", False),
    "audits": lambda user: (
        user.is_active
        and (getattr(user, "is_manager", False) or getattr(user, "role", "") == "auditor")
    ),
}


def _anchor(bound_field) -> str:
    return (
        getattr(bound_field, "anchor_id", None)
        or bound_field.id_for_label
        or bound_field.auto_id
        or ""
    )


def _form_errors(form) -> list[dict]:
    """List a form's errors in field order, each linked to its input."""
    if form is None or not form.is_bound or not form.errors:
        return []
    visible = form.visible_fields()
    first_anchor = _anchor(visible[0]) if visible else ""
    items = [{"text": error, "href": first_anchor} for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            href = "" if field.is_hidden else _anchor(field)
            items.append({"text": error, "href": href})
    return items


@register.simple_tag
def error_summary_items(form=None, formsets=None) -> list[dict]:
    """Return [{text, href}] for a form's and its formsets' errors (href: an element id)."""
    items = _form_errors(form)
    for formset in formsets or []:
        if not formset.is_bound:
            continue
        forms = list(formset)
        first = forms[0].visible_fields() if forms else []
        first_anchor = _anchor(first[0]) if first else ""
        items.extend({"text": error, "href": first_anchor} for error in formset.non_form_errors())
        for member in forms:
            items.extend(_form_errors(member))
    return items


@register.inclusion_tag("includes/service_navigation.html", takes_context=True)
def service_navigation(context):
    """The service navigation, with the item for the current page marked.

    A view can name the current item with `nav_current` (its label) in the context.
    """
    request = context.get("request")
    user = context.get("user")
    path = request.path if request is not None else ""
    view_name = getattr(getattr(request, "resolver_match", None), "view_name", "")
    chosen = context.get("nav_current")
    items = []
    for label, url_name, prefixes, audience in NAVIGATION:
        if audience and not AUDIENCES[audience](user):
            continue
        href = reverse(url_name)
        if chosen:
            current = chosen == label
        else:
            current = (
                view_name == url_name or path == href or any(path.startswith(p) for p in prefixes)
            )
        items.append(
            {
                "label": label,
                "href": href,
                "current": current,
                "page": path == href,
                "badge": context.get(BADGES[url_name]) if url_name in BADGES else None,
            }
        )
    return {
        "items": items,
        "user": user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
