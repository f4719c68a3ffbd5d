"""Helpers every app's pages share: service errors onto forms, GOV.UK pagination."""

from collections.abc import Iterable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one,
    else at the top of the error summary."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def tell_away(request: HttpRequest, away: Iterable) -> None:
    """Tell the person who acted who of those told is away, and who covers (seed 000)."""
    for note in away:
        messages.info(request, str(note))


def paginate(request: HttpRequest, items: QuerySet, per_page: int, *, param: str = "page") -> Page:
    """The page named by the GET parameter `param` (the last for a number past the end),
    with what GOV.UK pagination shows: `page.numbers` (first, last, neighbours and
    ellipses) and `page.links`, each number with its href. The hrefs keep the other GET
    parameters, so a page with two paged lists can give each its own `param`."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    page.numbers = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    page.links = [
        {"number": number, "href": _page_href(request, param, number)} for number in page.numbers
    ]
    if page.has_previous():
        page.previous_href = _page_href(request, param, page.previous_page_number())
    if page.has_next():
        page.next_href = _page_href(request, param, page.next_page_number())
    return page


def _page_href(request: HttpRequest, param: str, number: int | str) -> str:
    """The query string for that page, as `{% querystring param=number %}` would write it
    (none for an ellipsis)."""
    if number == Paginator.ELLIPSIS:
        return ""
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"
