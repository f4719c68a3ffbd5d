"""Places where the apps above caserecords add to its pages, without caserecords importing them.

The child's file and the caseload are caserecords pages, yet they show the sharing log,
open escalations, a worker's absence and more. Each app registers what it adds in its
AppConfig.ready(); the page asks the registry. Dependencies still point one way
(DESIGN.md "Which app may know which").

Every contribution states how many queries its `context` runs, exactly, whatever the
size of the file: the pages' query-count tests add these up, so a contribution that
starts running a query per item fails them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# A contribution's context function: (request, the child or the caseload's owner) -> the
# template's context, or None when there is nothing to show.
ContextFunction = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Contribution:
    key: str
    template: str
    context: ContextFunction
    queries: int
    title: str = ""  # a tab's label
    order: int = 100


# Where contributions can go.
FILE_TABS = "file_tabs"  # a tab on the child's file, after the record's own tabs
FILE_NOTES = "file_notes"  # a notice under the child's banner (open escalations, absence)
CASELOAD_NOTES = "caseload_notes"  # a notice at the top of a caseload (the worker is away)
PLACES = (FILE_TABS, FILE_NOTES, CASELOAD_NOTES)

_registry: dict[str, dict[str, Contribution]] = {place: {} for place in PLACES}


def register(place: str, contribution: Contribution) -> None:
    """Add (or replace, by key) a contribution to a page."""
    _registry[place][contribution.key] = contribution


def contributions(place: str) -> list[Contribution]:
    return sorted(_registry[place].values(), key=lambda item: (item.order, item.key))


def query_cost(place: str) -> int:
    """How many queries the contributions to `place` run together (for query budgets)."""
    return sum(item.queries for item in _registry[place].values())


@dataclass(frozen=True)
class Rendered:
    key: str
    title: str
    template: str
    context: dict[str, Any]


def render_place(place: str, request: HttpRequest, subject: Any) -> list[Rendered]:
    """Run the contributions to `place` for `subject`; those with something to show."""
    shown = []
    for item in contributions(place):
        context = item.context(request, subject)
        if context is not None:
            shown.append(Rendered(item.key, item.title, item.template, context))
    return shown
