"""`python manage.py escalate_unanswered [--now ISO-8601]`: the end-of-day rule, on demand.

Sends to the Director every category A briefing nobody answered by the end of the
working day on which the concern arose, and notices passed update dates. The same
function the Celery task runs; running it again sends nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.escalation_jobs import escalate_unanswered
from notifications.sweep import parse_now


class Command(BaseCommand):
    help = (
        "Send unanswered category A Need to Know briefings to the Director at the end of "
        "the working day, and notice passed update dates. Running it again sends nothing twice."
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
        result = escalate_unanswered(clock)
        self.stdout.write(
            f"Unanswered escalations as at {timezone.localtime(clock):%-d %b %Y %H:%M %Z}: "
            f"{result}."
        )
