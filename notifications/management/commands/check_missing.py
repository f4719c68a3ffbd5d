"""`python manage.py check_missing [--now ISO-8601]`: the missing-child thresholds, on demand.

Raises the category A escalation of a looked-after child missing 48 hours or a child
on a CP plan missing 72 hours, and the category B one of a missing child marked at
serious risk; once per episode and category, however often it runs.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.escalation_jobs import check_missing
from notifications.sweep import parse_now


class Command(BaseCommand):
    help = (
        "Raise Need to Know escalations for children missing 48 hours (looked after), "
        "72 hours (CP plan) or at serious risk. Running it again raises nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="The job's clock, ISO 8601 (e.g. 2027-05-28T17:00); "
            "Europe/London time unless an offset is given. Default: now.",
        )

    def handle(self, *args, now: str | None, **options):
        try:
            clock = parse_now(now) if now else timezone.now()
        except ValueError as error:
            raise CommandError(f"--now: {error}. Use ISO 8601, e.g. 2027-05-28T17:00.") from error
        result = check_missing(clock)
        self.stdout.write(
            f"Missing children as at {timezone.localtime(clock):%-d %b %Y %H:%M %Z}: {result}."
        )
