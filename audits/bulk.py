"""Set-based inserts for the draw, which writes thousands of rows at once: the access grants
(made from the samples in one INSERT ... SELECT) and the history rows of both, copied in
one statement each, so every row still has its "created" history entry (simple_history's
own bulk helper builds a model instance per row: too slow for 50,000 children)."""

from datetime import datetime
from typing import Any

from django.db import connection, models

# The columns simple_history adds to a historical table, besides its own key.
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _columns(model: type[models.Model]) -> list[str]:
    return [field.column for field in model._meta.concrete_fields if field.column]


def history_copy(
    model: type[models.Model], where: str, params: list, *, at: datetime, user_id: int | None
) -> None:
    """Write a "created" history row for each row of `model` matching `where`."""
    history = model.history.model  # type: ignore[attr-defined]
    columns = _columns(model)
    expected = {*columns, *HISTORY_COLUMNS, history._meta.pk.column}
    if set(_columns(history)) != expected:  # a history table this copy does not know
        raise RuntimeError(f"Unexpected history columns for {model._meta.label}")
    quote = connection.ops.quote_name
    listed = ", ".join(quote(column) for column in columns)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({listed}, "  # noqa: S608 - names from models
        f"{', '.join(quote(column) for column in HISTORY_COLUMNS)}) "
        f"SELECT {listed}, %s, NULL, '+', %s FROM {quote(model._meta.db_table)} WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(at), user_id, *params])


def insert_select(
    model: type[models.Model],
    values: dict[str, Any],
    columns: list[str],
    select: str,
    params: list[Any],
) -> None:
    """INSERT INTO model's table the rows of `select` (giving `columns`), with `values`
    (column -> constant) in every row."""
    quote = connection.ops.quote_name
    constants: list[Any] = [
        connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value
        for value in values.values()
    ]
    listed = ", ".join(quote(column) for column in [*values, *columns])
    picked = ", ".join(f"picked.{quote(column)}" for column in columns)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({listed}) "  # noqa: S608 - names from models
        f"SELECT {', '.join(['%s'] * len(constants))}, {picked} FROM ({select}) picked"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*constants, *params])


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert plain rows (column -> value) in multi-row INSERTs, without building a model
    instance per row. Every row names the same columns."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = list(rows[0])
    per_statement = max(1, 900 // len(columns))  # within every database's parameter limit
    adapt = connection.ops.adapt_datetimefield_value
    listed = ", ".join(map(quote, columns))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({listed}) VALUES "  # noqa: S608
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params: list[Any] = [
                adapt(value) if isinstance(value, datetime) else value
                for row in batch
                for value in row.values()
            ]
            cursor.execute(head + ", ".join([one] * len(batch)), params)
