"""`python manage.py draw_audit_sample --quarter 2027Q1 [--seed N] [--redraw] [--verify]`.

Draws and assigns the quarter's file audit sample, once per quarter: running it again
changes nothing unless `--redraw`. `--verify` redraws the stored sample from its
population and seed and says whether it matches.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audits import sampling
from audits.quarters import Quarter


def parse_now(text: str) -> datetime:
    """An ISO 8601 date and time; without an offset, London time."""
    value = datetime.fromisoformat(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "Draw and assign the quarterly file audit sample (once per quarter unless --redraw)."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="The quarter, like 2027Q1. Default: this quarter.")
        parser.add_argument("--seed", type=int, help="The random seed (default: a new one).")
        parser.add_argument(
            "--redraw", action="store_true", help="Replace the quarter's sample if drawn."
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Redraw the stored sample from its population and seed, and compare.",
        )
        parser.add_argument("--now", help="The clock, ISO 8601 (Europe/London unless offset).")

    def handle(self, *args, quarter, seed, redraw, verify, now, **options):
        try:
            clock = parse_now(now) if now else timezone.now()
            chosen = (
                Quarter.parse(quarter) if quarter else Quarter.containing(timezone.localdate(clock))
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if seed is not None and seed < 0:
            raise CommandError("--seed must be 0 or more.")
        if verify:
            return self.verify(chosen)
        try:
            result = sampling.audit_draw(quarter=chosen, seed=seed, redraw=redraw, now=clock)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        draw = result.draw
        if not result.created:
            self.stdout.write(
                f"The {chosen} sample was already drawn (seed {draw.seed}): nothing changed. "
                "Use --redraw to replace it."
            )
            return
        count = draw.samples.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Drew the {chosen} sample with seed {draw.seed}: {count} item(s) "
                f"from {len(draw.population['teams'])} team(s)."
            )
        )

    def verify(self, quarter: Quarter) -> None:
        draw = sampling.current_draw(quarter)
        if draw is None:
            raise CommandError(f"The {quarter} sample has not been drawn.")
        check = sampling.verify(draw)
        if not check.matches:
            raise CommandError(str(check))
        self.stdout.write(self.style.SUCCESS(str(check)))
