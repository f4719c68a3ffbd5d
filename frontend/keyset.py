"""Keyset pages for lists that grow without bound: observations, sharing records.

A page number needs a COUNT of every row one may see and an OFFSET past every row before
the page: at 5 million observations the director's first page of the API took over
8 seconds. A cursor instead names the last row shown (its sort values), and the next page
is the rows after it in the sort, read from an index in order: the first page and the
thousandth cost the same. Pages have Previous and Next, no numbers and no total.

The sort must end in a unique field (the id), so that rows sharing a time (siblings seen
together) are neither skipped nor repeated. The "after" condition is the row comparison
(a, id) < (t, n) written out, plus `a <= t` so PostgreSQL starts its index scan at the
cursor instead of filtering every newer row.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Field, Model, Q, QuerySet
from django.http import Http404, HttpRequest

CURSOR = "cursor"
# Newest first by when it happened, then by id: observations, sharing records (each has an
# index on both).
NEWEST_FIRST = ("-occurred_at", "-id")


class InvalidCursor(ValueError):
    """A cursor that was not made here (edited, truncated): the caller answers 400 or 404."""


@dataclass
class KeysetPage:
    """One page: its rows, and cursors for the pages either side (None at either end)."""

    object_list: list
    previous_cursor: str | None
    next_cursor: str | None
    previous_url: str | None = None
    next_url: str | None = None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous_cursor or self.next_cursor)


def _descending(name: str) -> bool:
    return name.startswith("-")


def _field(name: str) -> str:
    return name.lstrip("-")


def _reverse(ordering: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_field(name) if _descending(name) else f"-{name}" for name in ordering)


def _beyond(ordering: tuple[str, ...], values: list[Any]) -> Q:
    """The rows strictly after `values` in `ordering`."""
    branches, equal = [], Q()
    for name, value in zip(ordering, values, strict=True):
        op = "lt" if _descending(name) else "gt"
        branches.append(equal & Q(**{f"{_field(name)}__{op}": value}))
        equal &= Q(**{_field(name): value})
    first = ordering[0]
    bound = Q(**{f"{_field(first)}__{'lte' if _descending(first) else 'gte'}": values[0]})
    return bound & reduce(or_, branches)


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but a time keeps its microseconds: cut to milliseconds (as that
    encoder does), a cursor would skip the rows read in the same millisecond (access log)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _encode(direction: str, values: list[Any]) -> str:
    raw = json.dumps([direction, values], cls=_Encoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, model: type[Model], ordering: tuple[str, ...]) -> tuple[str, list]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, values = json.loads(raw)
        if direction not in ("next", "prev") or len(values) != len(ordering):
            raise InvalidCursor(cursor)
        # The sort's own columns (not relations): each parses its value back.
        fields: list[Field] = []
        for name in ordering:
            field = model._meta.get_field(_field(name))
            if not isinstance(field, Field):
                raise InvalidCursor(cursor)
            fields.append(field)
        parsed = [field.to_python(value) for field, value in zip(fields, values, strict=True)]
    except (binascii.Error, ValueError, TypeError, ValidationError) as error:
        raise InvalidCursor(cursor) from error
    if any(value is None for value in parsed):
        raise InvalidCursor(cursor)
    return direction, parsed


def _values(row: Model, ordering: tuple[str, ...]) -> list[Any]:
    return [getattr(row, _field(name)) for name in ordering]


def keyset(
    items: QuerySet, *, ordering: tuple[str, ...], per_page: int, cursor: str | None
) -> KeysetPage:
    """The page of `items` that `cursor` names (the first page without one), in `ordering`
    (ending in a unique field; no field may be NULL). One query. Raises InvalidCursor."""
    if cursor:
        direction, values = _decode(cursor, items.model, ordering)
    else:
        direction, values = "next", None
    sort = ordering if direction == "next" else _reverse(ordering)
    rows = items.order_by(*sort)
    if values is not None:
        rows = rows.filter(_beyond(sort, values))
    found = list(rows[: per_page + 1])
    more = len(found) > per_page
    found = found[:per_page]
    if direction == "prev":
        found.reverse()
    if not found:
        return KeysetPage([], None, None)
    # Going forward from a cursor there are rows before; going back, rows after.
    has_previous = more if direction == "prev" else values is not None
    has_next = more if direction == "next" else True
    return KeysetPage(
        object_list=found,
        previous_cursor=_encode("prev", _values(found[0], ordering)) if has_previous else None,
        next_cursor=_encode("next", _values(found[-1], ordering)) if has_next else None,
    )


def _link(request: HttpRequest, cursor: str | None) -> str | None:
    """The page's own path with `cursor` set and every other GET parameter (filters) kept."""
    if cursor is None:
        return None
    query = request.GET.copy()
    query[CURSOR] = cursor
    return f"{request.path}?{query.urlencode()}"


def keyset_page(
    request: HttpRequest, items: QuerySet, *, ordering: tuple[str, ...], per_page: int
) -> KeysetPage:
    """For a page: the request's page of `items`, with links that keep its filters. A
    cursor that was tampered with is a 404."""
    try:
        page = keyset(items, ordering=ordering, per_page=per_page, cursor=request.GET.get(CURSOR))
    except InvalidCursor as error:
        raise Http404("That page of the list does not exist.") from error
    page.previous_url = _link(request, page.previous_cursor)
    page.next_url = _link(request, page.next_cursor)
    return page
