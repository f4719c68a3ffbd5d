"""`python manage.py sweep_overdue [--now ISO-8601]`: the overdue sweep, on demand.

The same function the Celery task runs; `--now` sets its clock, for testing and for
back-filling after an outage.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.sweep import parse_now, sweep_overdue


class Command(BaseCommand):
    help = (
        "Notify authors and team leaders of every recording and planned contact past its "
        "due date, once each. Running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="The sweep's clock, ISO 8601 (e.g. 2026-11-28T00:00); "
            "Europe/London time unless an offset is given. Default: now.",
        )

    def handle(self, *args, now: str | None, **options):
        try:
            clock = parse_now(now) if now else timezone.now()
        except ValueError as error:
            raise CommandError(f"--now: {error}. Use ISO 8601, e.g. 2026-11-28T07:00.") from error
        result = sweep_overdue(clock)
        self.stdout.write(
            f"Overdue sweep as at {timezone.localtime(clock):%-d %b %Y %H:%M %Z}: {result}."
        )
