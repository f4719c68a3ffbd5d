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


def paginate(request: HttpRequest, items: QuerySet, per_page: int) -> Page:
    """The requested page (the last for a number past the end), with the page numbers
    GOV.UK pagination shows (`page.numbers`: first, last, neighbours and ellipses)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    page.numbers = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page
