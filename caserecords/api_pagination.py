"""Keyset pages for the API lists that grow without bound (observations, sharing records,
planned contacts, file reads).

See frontend.keyset: a page number needs a COUNT and an OFFSET over every row one may see
(over 8 seconds for the director's first page of 5 million observations); a cursor reads
only its page from an index. The answer has `next` and `previous` links and no `count`.
"""

from collections import OrderedDict

from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from frontend.keyset import CURSOR, NEWEST_FIRST, InvalidCursor, KeysetPage, keyset


class KeysetPagination(BasePagination):
    """Keyset pages in `ordering`, which ends in the id (an index on the same serves it)."""

    ordering: tuple[str, ...] = ("id",)
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def _page_size(self, request) -> int:
        try:
            asked = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except ValueError:
            asked = self.page_size
        return max(1, min(asked, self.max_page_size))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            self.page: KeysetPage = keyset(
                queryset,
                ordering=self.ordering,
                per_page=self._page_size(request),
                cursor=request.query_params.get(CURSOR),
            )
        except InvalidCursor as error:
            raise serializers.ValidationError(
                {CURSOR: ["This page link is not valid: start again from the first page."]}
            ) from error
        return self.page.object_list

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), CURSOR, cursor)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("next", self._link(self.page.next_cursor)),
                    ("previous", self._link(self.page.previous_cursor)),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "Where the page starts: take it from `next` or `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page (default {self.page_size}, at most "
                f"{self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class NewestFirstPagination(KeysetPagination):
    """Newest first by when it happened (observations, sharing records)."""

    ordering = NEWEST_FIRST


class SoonestFirstPagination(KeysetPagination):
    """Soonest first by when it is planned (planned contacts)."""

    ordering = ("planned_for", "id")


class LatestReadFirstPagination(KeysetPagination):
    """The latest read first (managers' file reads)."""

    ordering = ("-read_at", "-id")
