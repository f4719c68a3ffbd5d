"""`python manage.py apply_absences [--now ISO-8601]`: start and end cover, send return summaries.

The same function the Celery task runs; `--now` sets its clock, for testing and for
catching up after an outage. Running it twice sends nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.return_summary import apply_absences
from notifications.sweep import parse_now


class Command(BaseCommand):
    help = (
        "Start cover for absences that have begun, end it for those that are over, and send "
        "returning workers a summary of what arrived while they were away."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="The job's clock, ISO 8601 (e.g. 2026-12-01T00:00); "
            "Europe/London time unless an offset is given. Default: now.",
        )

    def handle(self, *args, now: str | None, **options):
        try:
            clock = parse_now(now) if now else timezone.now()
        except ValueError as error:
            raise CommandError(f"--now: {error}. Use ISO 8601, e.g. 2026-12-01T00:00.") from error
        result = apply_absences(clock)
        self.stdout.write(
            f"Absences as at {timezone.localtime(clock):%-d %b %Y %H:%M %Z}: {result}."
        )
