"""`python manage.py report_unallocated [--now ISO-8601]`: the monthly unallocated cases
report to heads of service, on demand (seed 003 App. 7, 3.2).

Sends even before the month's first working day; each head of service still receives the
month's report once (the notice's dedupe key is per service and month).
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from caserecords import services


def parse_now(text: str) -> datetime:
    """An ISO 8601 date and time; without an offset, London time."""
    value = datetime.fromisoformat(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = (
        "Send each head of service the number, nature and reasons of their service's "
        "unallocated cases. Running it again in the same month sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="The report's clock, ISO 8601 (e.g. 2026-12-01T07:00); Europe/London time "
            "unless an offset is given. Default: now.",
        )

    def handle(self, *args, now: str | None, **options):
        try:
            clock = parse_now(now) if now else timezone.now()
        except ValueError as error:
            raise CommandError(f"--now: {error}. Use ISO 8601, e.g. 2026-12-01T07:00.") from error
        reported = services.unallocated_report_send(now=clock, force=True)
        self.stdout.write(
            f"Unallocated cases report as at {timezone.localtime(clock):%-d %b %Y %H:%M %Z}: "
            f"sent for {reported} service(s)."
        )
