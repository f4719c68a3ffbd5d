"""Loading with PostgreSQL's COPY: rows in COPY's text format, streamed from generators,
into tables whose secondary indexes and constraints are dropped for the load and made
again after it (one index build beats five million index insertions).
"""

from collections.abc import Iterable, Iterator, Sequence

ROWS_PER_CHUNK = 5_000
NULL = "\\N"  # COPY's text format


class Chunks:
    """A file-like object over text chunks, for psycopg2's copy_expert."""

    def __init__(self, chunks: Iterable[str]):
        self._chunks = iter(chunks)

    def read(self, size: int = -1) -> str:
        return next(self._chunks, "")

    def readline(self, size: int = -1) -> str:
        return self.read(size)


def chunked(lines: Iterable[str], size: int = ROWS_PER_CHUNK) -> Iterator[str]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def text(value: object) -> str:
    """A value in COPY's text format (the generated text holds no tab, newline or backslash)."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def copy(cursor, table: str, columns: Sequence[str], lines: Iterable[str]) -> int:
    """COPY the lines into the table (emptied in this transaction: FREEZE writes the rows
    already frozen, so no vacuum has to visit them); return how many rows went in."""
    check_columns(cursor, table, columns)
    counter = {"rows": 0}

    def counted() -> Iterator[str]:
        for line in lines:
            counter["rows"] += 1
            yield line

    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)"
    cursor.copy_expert(sql, Chunks(chunked(counted())), size=1 << 20)
    return counter["rows"]


def names(text: str) -> list[str]:
    """Column names, written as one string."""
    return text.split()


def rows(*values: Iterable[object]) -> str:
    return "\t".join(text(value) for value in values) + "\n"


def table_exists(cursor, table: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
    return cursor.fetchone()[0]


def check_columns(cursor, table: str, columns: Iterable[str]) -> None:
    """Fail clearly when the model gained a required column the generator does not fill."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [table],
    )
    missing = {name for (name,) in cursor.fetchall()} - set(columns)
    if missing:
        raise SystemExit(f"bench/generate.py does not fill {table}: {sorted(missing)}")


def secondary_objects(cursor, table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The indexes (not backing a constraint) and the unique and foreign-key constraints of a
    table, as (name, definition): dropped before the load and made again after it."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
        "AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x'))",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
        [table],
    )
    return indexes, cursor.fetchall()


def truncate_all(cursor) -> None:
    """Empty every table of the project (history, notifications, sessions too); keep the
    migrations, content types and permissions."""
    from django.db import connection

    keep = {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
    }
    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True) if t not in keep
    ]
    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
    cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


def drop_secondary(cursor, tables: Iterable[str]) -> dict[str, tuple]:
    """Drop the tables' secondary indexes and constraints; return them to make again."""
    saved = {}
    for table in tables:
        indexes, constraints = secondary_objects(cursor, table)
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        saved[table] = (indexes, constraints)
    return saved


def restore_secondary(cursor, saved: dict[str, tuple]) -> None:
    """Make again what drop_secondary dropped, exactly as it was defined."""
    # Indexes and unique constraints first, then the foreign keys (checked as they are added).
    for table, (indexes, constraints) in saved.items():
        for _, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            if definition.startswith("UNIQUE"):
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for table, (_, constraints) in saved.items():
        for name, definition in constraints:
            if not definition.startswith("UNIQUE"):
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
