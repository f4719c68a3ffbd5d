"""Time the overdue sweep and the pages on the benchmark dataset (bench/generate.py).

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.run [--requests 30] [--explain]

Everything runs at the dataset's reference time (the clock is moved there), so a dataset
reused on a later day gives the same figures. The sweep runs inside a transaction that
is rolled back, so each run finds the items new and the dataset stays as generated (no
notification is kept and no email is sent). Page times are server times: the Django test
client calls the whole stack (middleware, session, views, templates) in-process, with
DEBUG off, so network and browser time are not in them.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

SWEEP_TARGET_SECONDS = 5.0
PAGE_TARGET_MS = 150.0
PAGE_TARGET_P95_MS = 300.0
WARM_UP = 3


@dataclass
class PageTiming:
    label: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    size_kb: float
    ratio: float = 1.0  # the median as a multiple of the bare view's (the floor)


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _warm_up() -> None:
    """Load what a long-running process has loaded already (URL patterns, content types),
    so the first timing is not of imports."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    from caserecords.models import Observation, PlannedContact

    reverse("caserecords:caseload")
    ContentType.objects.get_for_models(Observation, PlannedContact)
    _sweep_function()


# The dataset ---------------------------------------------------------------------------------


def counts(now: datetime) -> dict[str, int]:
    """Rows, and what is overdue at `now`."""
    from caserecords import deadlines
    from caserecords.models import Child, Observation, PlannedContact
    from sharing.models import SharingRecord
    from staff.models import Team, User

    return {
        "children": Child.objects.count(),
        "observations": Observation.objects.count(),
        "sharing records": SharingRecord.objects.count(),
        "planned contacts": PlannedContact.objects.count(),
        "staff": User.objects.count(),
        "teams": Team.objects.count(),
        "overdue observations": deadlines.overdue_observations(now).count(),
        "overdue planned contacts": deadlines.overdue_planned_contacts(now).count(),
    }


def thin_overdue(now: datetime, keep_one_in: int = 10) -> None:
    """Complete (or cancel) all but one in `keep_one_in` of the overdue items, in SQL: for
    the run with a tenth of the overdue share. The caller rolls it back."""
    from django.db import connection

    from caserecords import deadlines

    today = deadlines.today_at(now)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE caserecords_observation SET status = 'completed', completed_at = %s, "
            "late_reason = 'Bench: completed late' WHERE status = 'draft' "
            "AND NOT entered_in_error AND due_by < %s AND id %% %s <> 0",
            [now, today, keep_one_in],
        )
        cursor.execute(
            "UPDATE caserecords_plannedcontact SET status = 'cancelled', cancelled_at = %s, "
            "cancel_reason = 'Bench: cancelled' WHERE status = 'planned' "
            "AND observation_id IS NULL AND due_by < %s AND id %% %s <> 0",
            [now, today, keep_one_in],
        )


# The sweep ------------------------------------------------------------------------------------


def _sweep_function() -> Callable | None:
    try:
        from notifications.sweep import sweep_overdue
    except ImportError:
        return None
    return sweep_overdue


def _selection(now: datetime) -> tuple[int, int]:
    """The sweep's set-based queries alone, fetched with the fields the sweep needs."""
    from caserecords import deadlines

    observations = list(
        deadlines.overdue_observations(now).values_list(
            "pk", "kind", "occurred_at", "due_by", "author_id", "child_id", "child__team_id"
        )
    )
    planned = list(
        deadlines.overdue_planned_contacts(now).values_list(
            "pk", "kind", "planned_for", "due_by", "created_by_id", "child_id", "child__team_id"
        )
    )
    return len(observations), len(planned)


def time_sweep(now: datetime, *, thin: bool = False) -> dict:
    """Time the sweep at `now` (first run: every item new; second run: nothing new), and its
    selection queries alone, in a transaction rolled back afterwards."""
    from django.db import transaction

    sweep = _sweep_function()
    timing: dict = {}
    with transaction.atomic():
        if thin:
            thin_overdue(now)
        timing["selection_s"], found = _timed(lambda: _selection(now))
        timing["observations"], timing["planned"] = found
        if sweep is not None:
            timing["first_s"], result = _timed(lambda: sweep(now))
            timing["notifications"] = result.notifications_created
            timing["again_s"], again = _timed(lambda: sweep(now))
            timing["notifications_again"] = again.notifications_created
        transaction.set_rollback(True)
    return timing


# The quarterly sample draw ------------------------------------------------------------------------


DRAW_TARGET_SECONDS = 2.0


def time_draw(now: datetime) -> dict:
    """Time the quarterly audit sample draw over every open file, rolled back afterwards."""
    from django.db import transaction

    from audits import sampling
    from audits.quarters import Quarter

    timing: dict = {}
    with transaction.atomic():
        quarter = Quarter.containing(now.date()).next
        timing["seconds"], result = _timed(lambda: sampling.audit_draw(quarter=quarter, seed=1))
        teams = result.draw.population["teams"].values()
        timing["population"] = sum(len(t["files"]) + len(t["supervision"]) for t in teams)
        timing["sampled"] = result.draw.samples.count()
        transaction.set_rollback(True)
    return timing


# Pages ------------------------------------------------------------------------------------------


def _people(now: datetime) -> dict:
    """Whom each page is timed for: the heaviest cases and teams, so the worst, not the mean."""
    from django.db.models import Count

    from caserecords import deadlines
    from caserecords.models import Child, Observation
    from notifications.models import Notification
    from staff.models import Role, User

    heaviest = (
        Observation.objects.values("child_id").annotate(n=Count("pk")).order_by("-n", "child_id")
    )[0]
    child = Child.objects.select_related("worker", "team").get(pk=heaviest["child_id"])
    busiest = (
        deadlines.overdue_observations(now)
        .values("child__team_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "child__team_id")
    )[0]
    overdue_team = busiest["child__team_id"]
    most_notices = (
        Notification.objects.values("recipient_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "recipient_id")
        .first()
    )
    return {
        "child": child,
        "child_observations": heaviest["n"],
        "worker": child.worker,
        "leader": User.objects.filter(role=Role.TEAM_LEADER, team_id=child.team_id).first(),
        "overdue_team": overdue_team,
        "overdue_team_items": busiest["n"],
        "overdue_leader": User.objects.filter(role=Role.TEAM_LEADER, team_id=overdue_team).first(),
        "director": User.objects.filter(role=Role.DIRECTOR).first(),
        # The inbox with the most notices (the child's worker when there are none).
        "inbox": (
            User.objects.get(pk=most_notices["recipient_id"]) if most_notices else child.worker
        ),
        "inbox_notices": most_notices["n"] if most_notices else 0,
        "head": User.objects.filter(
            role=Role.HEAD_OF_SERVICE, service_id=child.team.service_id
        ).first(),
    }


def time_page(label: str, user, url: str, requests: int) -> PageTiming:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {url} answered {response.status_code}")
    timings = []
    for _ in range(requests):
        seconds, response = _timed(lambda: client.get(url))
        timings.append(seconds * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    return PageTiming(
        label=label,
        url=url,
        median_ms=statistics.median(timings),
        p95_ms=cuts[18],
        queries=len(queries),
        size_kb=len(response.content) / 1024,
    )


def time_pages(now: datetime, requests: int, say: Callable[[str], None]) -> list[PageTiming]:
    from django.test.utils import override_settings
    from django.urls import reverse

    people = _people(now)
    child, team = people["child"], people["overdue_team"]
    say(
        f"  timed for: {people['worker']} (holds {child}, {people['child_observations']:,} "
        f"observations), their team leader {people['leader']}; the team with the most "
        f"overdue items ({people['overdue_team_items']:,}), led by {people['overdue_leader']}; "
        f"the director (every team); {people['inbox']} ({people['inbox_notices']:,} "
        f"notifications)"
    )
    pages = [
        ("bare view (floor)", "worker", "/bench/bare/"),
        ("caseload: social worker", "worker", reverse("caserecords:caseload")),
        ("caseload: team leader (+ team)", "leader", reverse("caserecords:caseload")),
        ("team overdue: team leader", "overdue_leader", f"/teams/{team}/overdue/"),
        ("timeliness: team leader", "leader", reverse("caserecords:timeliness")),
        ("timeliness: director (all teams)", "director", reverse("caserecords:timeliness")),
        ("timeliness CSV: director", "director", reverse("caserecords:timeliness-csv")),
        ("child's file: 5,000 observations", "worker", child.get_absolute_url()),
        ("oversight dashboard: team leader", "leader", reverse("caserecords:oversight")),
        ("oversight dashboard: director", "director", reverse("caserecords:oversight")),
        ("sharing register: head of service", "head", reverse("sharing:register")),
        ("sharing register: director", "director", reverse("sharing:register")),
        ("access log: head of service", "head", reverse("access:log")),
        ("access log: director", "director", reverse("access:log")),
        ("access log: the file", "leader", reverse("access:child-log", args=[child.pk])),
        ("API children: director", "director", "/api/children/"),
        ("API observations: the file", "worker", f"/api/observations/?child={child.pk}"),
        ("API observations: director", "director", "/api/observations/"),
        ("API sharing records: director", "director", "/api/sharing-records/"),
        ("inbox: the most notices", "inbox", reverse("notifications:inbox")),
        ("API notifications: the most", "inbox", "/api/notifications/"),
        ("API file reads: the file", "leader", f"/api/file-reads/?child={child.pk}"),
        ("API file reads: director", "director", "/api/file-reads/"),
        ("API planned contacts: director", "director", "/api/planned-contacts/"),
        ("API escalations: director", "director", "/api/escalations/"),
        ("API missing episodes: director", "director", "/api/missing-episodes/"),
        ("API absences: director", "director", "/api/absences/"),
        ("API staff: director", "director", "/api/staff/"),
        ("API audit samples: director", "director", "/api/audit-samples/"),
        ("API access log: the file", "leader", f"/api/children/{child.pk}/access-log/"),
    ]
    results: list[PageTiming] = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        for label, who, url in pages:
            timing = time_page(label, people[who], url, requests)
            timing.ratio = timing.median_ms / results[0].median_ms if results else 1.0
            results.append(timing)
            say(_page_line(timing))
    over = [timing.label for timing in results[1:] if not within(timing)]
    say(
        f"  {len(results) - 1 - len(over)} of {len(results) - 1} within target"
        + (f"; over: {', '.join(over)}" if over else "")
    )
    return results


def _page_line(timing: PageTiming) -> str:
    mark = "  ok" if within(timing) else "  OVER TARGET"
    if timing.label.startswith("bare"):
        mark = ""
    return (
        f"  {timing.label:<34} {timing.median_ms:7.1f} ms {timing.p95_ms:7.1f} ms "
        f"{timing.ratio:5.0f}x {timing.queries:5d} {timing.size_kb:7.0f} kB{mark}"
    )


def within(timing: PageTiming) -> bool:
    return timing.median_ms < PAGE_TARGET_MS and timing.p95_ms < PAGE_TARGET_P95_MS


# Query plans ------------------------------------------------------------------------------------


def explain(now: datetime, say: Callable[[str], None]) -> None:
    """EXPLAIN ANALYZE of the queries that carry the sweep and the pages."""
    from caserecords import deadlines, queries, timeliness
    from staff.models import Team

    people = _people(now)
    today = deadlines.today_at(now)
    plans = {
        "sweep: overdue observations": deadlines.overdue_observations(now).values_list(
            "pk", "author_id", "child__team_id"
        ),
        "sweep: overdue planned contacts": deadlines.overdue_planned_contacts(now).values_list(
            "pk", "created_by_id", "child__team_id"
        ),
        "timeliness: all teams": timeliness.figures_query(
            list(Team.objects.values_list("pk", flat=True)), timeliness.periods(today)
        ),
        "team overdue": deadlines.overdue_observations(now).filter(
            child__team_id=people["overdue_team"]
        ),
        "caseload: team leader's team": queries.team_caseload(people["leader"], today=today),
    }
    for label, queryset in plans.items():
        say(f"\n-- {label}\n{queryset.explain(analyze=True, buffers=True)}")


# The run ------------------------------------------------------------------------------------------


def _sweep_lines(label: str, timing: dict, total: int) -> list[str]:
    items = timing["observations"] + timing["planned"]
    share = 100 * items / total if total else 0
    lines = [
        f"  {label}: {timing['observations']:,} observations + {timing['planned']:,} planned "
        f"contacts overdue ({share:.2f}% of {total:,} items)",
        f"    selection queries alone:        {timing['selection_s']:6.2f} s",
    ]
    if "first_s" in timing:
        mark = "ok" if timing["first_s"] < SWEEP_TARGET_SECONDS else "OVER TARGET"
        lines += [
            f"    sweep, first run:              {timing['first_s']:6.2f} s  "
            f"{timing['notifications']:,} notifications  {mark}",
            f"    sweep, again (nothing new):    {timing['again_s']:6.2f} s  "
            f"{timing['notifications_again']:,} notifications",
        ]
    else:
        lines.append("    (notifications.sweep not found: the time above is the query part only)")
    return lines


PARTS = ("pages", "sweep", "draw")


def measure(
    reference: datetime,
    *,
    requests: int = 30,
    say=print,
    plans: bool = False,
    parts: tuple[str, ...] = PARTS,
) -> dict:
    """Take every timing (or those of `parts`) at the dataset's reference time and print
    each as it comes.

    Pages first: the sweep runs leave dead rows behind (rolled back), which would slow
    the pages until a vacuum; the run ends with one, to leave the dataset as it was.
    """
    import time_machine

    with time_machine.travel(reference, tick=True):
        from django.utils import timezone

        now = timezone.now()
        _warm_up()
        found = counts(now)
        say(f"Dataset at {timezone.localtime(now):%A %-d %B %Y %H:%M} (London):")
        for name, count in found.items():
            say(f"  {name:<26} {count:>12,}")
        pages, full, thin, draw = [], {}, {}, {}
        if "pages" in parts:
            say(
                f"\nPages ({requests} requests each after {WARM_UP} to warm up; target: median "
                f"under {PAGE_TARGET_MS:.0f} ms, 95th percentile under "
                f"{PAGE_TARGET_P95_MS:.0f} ms; floor: the median over the bare view's):"
            )
            say(
                f"  {'page':<34} {'median':>10} {'p95':>10} {'floor':>6} {'queries':>5} "
                f"{'size':>10}"
            )
            pages = time_pages(now, requests, say)
        if plans:
            explain(now, say)
        if "sweep" in parts:
            total = found["observations"] + found["planned contacts"]
            say(f"\nOverdue sweep (target: under {SWEEP_TARGET_SECONDS:.0f} s):")
            full = time_sweep(now)
            for line in _sweep_lines("as generated", full, total):
                say(line)
            thin = time_sweep(now, thin=True)
            for line in _sweep_lines("a tenth of the overdue items", thin, total):
                say(line)
        if "draw" in parts:
            draw = time_draw(now)
            mark = "ok" if draw["seconds"] < DRAW_TARGET_SECONDS else "OVER TARGET"
            say(
                f"\nQuarterly audit sample draw (target: under {DRAW_TARGET_SECONDS:.0f} s):\n"
                f"  {draw['sampled']:,} files and supervision records drawn from a population "
                f"of {draw['population']:,} in {draw['seconds']:.2f} s  {mark}"
            )
    _vacuum()
    return {"counts": found, "sweep": full, "sweep_thin": thin, "pages": pages, "draw": draw}


def _vacuum() -> None:
    """Clear what the rolled-back sweep runs left (not possible inside a transaction)."""
    from django.db import connection

    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in ("caserecords_observation", "caserecords_plannedcontact"):
            cursor.execute(f"VACUUM {table}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--explain", action="store_true", help="print the main query plans")
    parser.add_argument(
        "--only", choices=PARTS, action="append", help="time only this part (repeatable)"
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    from bench import generate

    found = generate.dataset()
    if found is None:
        raise SystemExit("No benchmark dataset: run `python -m bench.generate` (make bench does).")
    parts = tuple(args.only or PARTS)
    measure(found["reference"], requests=args.requests, plans=args.explain, parts=parts)


if __name__ == "__main__":
    sys.exit(main())
