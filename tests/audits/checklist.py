"""The checklist's questions for tests (see load_checklist)."""

import importlib

from django.apps import apps


def load_checklist() -> None:
    """Make sure the checklist's questions are there, as their data migration writes them.

    A transactional (browser) test empties every table when it ends, and with --reuse-db
    the next run starts from that empty database: rows from data migrations are gone.
    """
    migration = importlib.import_module("audits.migrations.0002_checklist_questions")
    migration.add_questions(apps, None)
