"""Fill an empty demonstration database with the demo authority: `make demo` runs it."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from caserecords import demo
from staff.models import Role, User


class Command(BaseCommand):
    help = (
        "Create the demo authority (two services, four teams, named staff and about sixty "
        "children with invented histories). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="",
            help=f"Password for every demo user (default: {demo.DEFAULT_PASSWORD}).",
        )

    def handle(self, *args, password: str, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Refusing to write demo data: SEED_DEMO_ALLOWED is off, as in a production "
                "configuration. Invented records must never mix with real ones. Run it with "
                "DEBUG=1 (or SEED_DEMO_ALLOWED=1) against a database meant for the demo."
            )
        if demo.present():
            self.stdout.write("Demo data already present; nothing changed.")
            self.print_users(note="the password set when the demo data was created")
            return
        if found := demo.conflicts():
            raise CommandError(
                "This database already holds "
                + "; ".join(found)
                + ". Run seed_demo on an empty database."
            )
        started = time.monotonic()
        with transaction.atomic():
            summary = demo.build(password=password or demo.DEFAULT_PASSWORD)
            # The other apps' demo records (sharing, absences, escalations, audits).
            extras = [
                import_string(path)(today=timezone.localdate()) for path in settings.DEMO_EXTENSIONS
            ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the demo authority: {len(summary.users)} staff, {summary.children} "
                f"children, {summary.observations} observations "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
        for line in filter(None, extras):
            self.stdout.write(f"  {line}")
        self.print_users(
            note="the one given with --password" if password else demo.DEFAULT_PASSWORD
        )

    def print_users(self, *, note: str) -> None:
        rows = [("Username", "Role", "Team or service")]
        rows += [
            (
                user.username,
                user.get_role_display() + ("" if user.is_active else " (has left)"),
                _where(user),
            )
            for user in demo.demo_users()
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write("")
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
        self.stdout.write(f"\nPassword for every demo user: {note}\n")


def _where(user: User) -> str:
    if place := user.team or user.service:
        return place.name
    return "Whole authority" if user.role == Role.DIRECTOR else "-"
