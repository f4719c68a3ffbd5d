"""Inserting notices many at a time, each only if its recipient does not have it yet.

The unique key (recipient, dedupe_key) decides, in the database: `INSERT ... ON
CONFLICT (recipient_id, dedupe_key) DO NOTHING RETURNING id`, the same SQL on
PostgreSQL and SQLite (3.35+), so two jobs inserting the same notices at the same
moment leave one of each. (Django's bulk_create with ignore_conflicts would not say
which rows were new.) On PostgreSQL a large batch (a first sweep finding tens of
thousands of items overdue) is first copied into a temporary table with COPY, which
costs a fraction of the same rows sent as parameters.
"""

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from django.db import connection, transaction

from .models import Notification

# Rows per INSERT ... VALUES: at 10 parameters a row, far below SQLite's and PostgreSQL's
# limits on parameters.
INSERT_BATCH = 2000
# From this many rows, PostgreSQL gets them by COPY.
COPY_FROM = 2000
COPY_TABLE = "notification_batch"
TEXT_COLUMNS = ("kind", "subject", "body", "link", "dedupe_key")


class NewNotice(NamedTuple):
    """A notice to insert, as the columns of its row."""

    recipient_id: int
    covering_for_id: int | None
    kind: str
    subject: str
    body: str
    link: str
    source_type_id: int | None
    source_id: int | None
    dedupe_key: str
    created_at: datetime


def notifications_insert(notices: Sequence[NewNotice]) -> list[int]:
    """Insert the notices no recipient has yet (by dedupe key); return the new rows' ids."""
    if not notices:
        return []
    # Both paths insert in the unique key's order: two jobs inserting overlapping notices
    # take the key's locks in the same order (no deadlock), and the index is written in
    # order (a first sweep's 100,000 notices went in about a fifth faster).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(notices) >= COPY_FROM:
            return _insert_by_copy(cursor, notices)
        return _insert_by_values(cursor, notices)


def _names() -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in NewNotice._fields)
    conflict = f"ON CONFLICT ({quote('recipient_id')}, {quote('dedupe_key')}) DO NOTHING"
    return quote(Notification._meta.db_table), columns, conflict


def _insert_by_values(cursor, notices: Sequence[NewNotice]) -> list[int]:
    table, columns, conflict = _names()
    adapt_time = connection.ops.adapt_datetimefield_value
    row = "(" + ", ".join(["%s"] * len(NewNotice._fields)) + ")"
    inserted: list[int] = []
    notices = sorted(notices, key=lambda notice: (notice.recipient_id, notice.dedupe_key))
    for start in range(0, len(notices), INSERT_BATCH):
        batch = notices[start : start + INSERT_BATCH]
        params: list = []
        for notice in batch:
            params.extend(notice[:-1])
            params.append(adapt_time(notice.created_at))
        # Only the model's own table and column names are formatted in; values are params.
        values = ", ".join([row] * len(batch))
        sql = f"INSERT INTO {table} ({columns}) VALUES {values} {conflict} RETURNING id"  # noqa: S608
        cursor.execute(sql, params)
        inserted.extend(pk for (pk,) in cursor.fetchall())
    return inserted


def _insert_by_copy(cursor, notices: Sequence[NewNotice]) -> list[int]:
    """COPY the rows into a temporary table, then insert the new ones from it (PostgreSQL)."""
    table, columns, conflict = _names()
    # Empty in CSV means NULL: the text columns read it back as an empty string instead.
    not_null = ", ".join(TEXT_COLUMNS)
    stamps = {stamp: stamp.isoformat() for stamp in {notice.created_at for notice in notices}}
    buffer = io.StringIO()
    csv.writer(buffer).writerows((*notice[:-1], stamps[notice.created_at]) for notice in notices)
    # The temporary table lives as long as the connection; its rows go at each commit.
    # (Only names from the model and this module are formatted into the SQL.)
    create = f"CREATE TEMPORARY TABLE IF NOT EXISTS {COPY_TABLE} ON COMMIT DELETE ROWS AS "
    cursor.execute(f"{create} SELECT {columns} FROM {table} WITH NO DATA")  # noqa: S608
    copy = (
        f"COPY {COPY_TABLE} ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({not_null}))"
    )
    raw = cursor.cursor  # the driver's own cursor, under Django's wrapper
    if hasattr(raw, "copy_expert"):  # psycopg2
        buffer.seek(0)
        raw.copy_expert(copy, buffer)
    else:  # psycopg 3
        with raw.copy(copy) as stream:
            stream.write(buffer.getvalue())
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {COPY_TABLE} "  # noqa: S608
        f"ORDER BY recipient_id, dedupe_key {conflict} RETURNING id"
    )
    inserted = [pk for (pk,) in cursor.fetchall()]
    cursor.execute(f"TRUNCATE {COPY_TABLE}")
    return inserted
