"""Append-only history on PostgreSQL: the database itself refuses to change the past.

Triggers, installed after every `migrate` (so the history tables of every app, present
and future, are covered):

- every history table (django-simple-history's `*_historical*`) and the access log:
  no UPDATE, no DELETE;
- the child's record (children, observations, chronology, documents): no DELETE;
- a completed observation, and the people and actions recorded on it: no UPDATE or
  DELETE except through the amendment path, which opens it for the rest of its
  transaction with `amendment_path()`;
- other apps' completed records join with `protect_completed(table)` (a table with a
  `status` column whose value "completed" locks the row).

On SQLite (the demo) nothing is installed: the services are the only writers there.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections

SETTING = "caserecords.amending"  # also named in FUNCTIONS' SQL

FUNCTIONS = """
CREATE OR REPLACE FUNCTION caserecords_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% on %: this table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION caserecords_refuse_completed_change() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'completed'
       AND coalesce(current_setting('caserecords.amending', true), '') <> 'on' THEN
        RAISE EXCEPTION '% on %: a completed record changes only through an approved amendment',
            TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION caserecords_refuse_completed_child_row_change() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM caserecords_observation
               WHERE id = OLD.observation_id AND status = 'completed')
       AND coalesce(current_setting('caserecords.amending', true), '') <> 'on' THEN
        RAISE EXCEPTION '% on %: it belongs to a completed observation', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

# Tables of the record that are never deleted from (rows are withdrawn or closed instead).
NEVER_DELETED = (
    "caserecords_child",
    "caserecords_observation",
    "caserecords_chronologyentry",
    "caserecords_document",
    "caserecords_accessgrant",
)
APPEND_ONLY = ("caserecords_accesslog",)


def _trigger(table: str, name: str, events: str, function: str) -> str:
    return (
        f'DROP TRIGGER IF EXISTS {name} ON "{table}";'
        f'CREATE TRIGGER {name} BEFORE {events} ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {function}();"
    )


def protect_completed(table: str) -> str:
    """The SQL that locks a table's completed rows (a `status` column) against change."""
    return _trigger(
        table, "append_only_completed", "UPDATE OR DELETE", "caserecords_refuse_completed_change"
    )


def install(using: str = "default") -> None:
    """Create or refresh every append-only trigger (PostgreSQL only; idempotent)."""
    database = connections[using]
    if database.vendor != "postgresql":
        return
    with database.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename LIKE %s",
            ["%\\_historical%"],
        )
        history = [row[0] for row in cursor.fetchall()]
        statements = [
            _trigger(table, "append_only", "UPDATE OR DELETE", "caserecords_refuse_change")
            for table in [*history, *APPEND_ONLY]
        ]
        statements += [
            _trigger(table, "never_deleted", "DELETE", "caserecords_refuse_change")
            for table in NEVER_DELETED
        ]
        statements.append(protect_completed("caserecords_observation"))
        statements += [
            _trigger(
                table,
                "append_only_completed",
                "UPDATE OR DELETE",
                "caserecords_refuse_completed_child_row_change",
            )
            for table in ("caserecords_participant", "caserecords_action")
        ]
        cursor.execute("".join(statements))


def on_post_migrate(sender, using="default", **kwargs) -> None:
    # Once per migrate run: after the caserecords app's signal (every app's tables exist).
    if sender.name == "caserecords":
        install(using)


@contextmanager
def amendment_path() -> Iterator[None]:
    """Open completed records to change for the duration of the block (inside a transaction).

    Only the amendment services use it: an approved amendment, or entered in error.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])
