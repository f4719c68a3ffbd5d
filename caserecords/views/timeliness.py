"""Managers' timeliness pages: each team's share of recordings made within timescale (as a
table, a chart and a CSV download) and a team's overdue recordings by worker.

Team leaders see their team, practice group leads and heads of service their service's
teams, the director every team (access.teams_managed_by); other roles get 403, and a
team one does not manage is a 404.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from frontend.links import reverse_each

from .. import access, timeliness

# Spreadsheet programs run cells that start with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The chart (inline SVG, hidden from screen readers: the table holds the same figures).
CHART_ROW_HEIGHT = 44
CHART_BAR_HEIGHT = 16
CHART_BAR_X = 250
CHART_BAR_WIDTH = 340
CHART_COLOURS = ("#1d70b8", "#5694ca")  # GOV.UK blue, light blue: one per period
CHART_LABEL_CHARS = 30  # a longer team name is cut short to fit left of the bars


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_teams(request.user):
        raise PermissionDenied("Only managers see their teams’ timeliness.")


@require_GET
def timeliness_figures(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    today = timezone.localdate()
    teams = timeliness.team_figures(access.teams_managed_by(request.user), today=today)
    periods = timeliness.periods(today)
    links = reverse_each("caserecords:team-overdue", [row.team.pk for row in teams])
    context = {
        "today": today,
        "periods": periods,
        "legend": list(zip(periods, CHART_COLOURS, strict=True)),
        "teams": teams,
        "tables": [
            {
                "period": period,
                "rows": [(row.team, row[period.key], links[row.team.pk]) for row in teams],
            }
            for period in periods
        ],
        "chart": _chart(teams, periods),
    }
    return render(request, "caserecords/timeliness_figures.html", context)


def _chart(teams: list[timeliness.TeamFigures], periods: list[timeliness.Period]) -> dict:
    """Positions for a horizontal bar chart: one row per team, one bar per period."""
    rows = []
    for index, row in enumerate(teams):
        top = index * CHART_ROW_HEIGHT
        bars = []
        for offset, (period, colour) in enumerate(zip(periods, CHART_COLOURS, strict=True)):
            percent = row[period.key].percent
            bars.append(
                {
                    "y": top + 4 + offset * (CHART_BAR_HEIGHT + 2),
                    "width": round(CHART_BAR_WIDTH * (percent or 0) / 100),
                    "label": "none due" if percent is None else f"{percent}%",
                    "colour": colour,
                }
            )
        label = Truncator(row.team.name).chars(CHART_LABEL_CHARS)
        rows.append({"team": label, "label_y": top + 24, "bars": bars})
    return {
        "rows": rows,
        "height": CHART_ROW_HEIGHT * len(teams),
        "bar_x": CHART_BAR_X,
        "bar_height": CHART_BAR_HEIGHT,
        "value_x": CHART_BAR_X + CHART_BAR_WIDTH + 8,
        "end_x": CHART_BAR_X + CHART_BAR_WIDTH,
        "width": CHART_BAR_X + CHART_BAR_WIDTH + 90,
    }


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@require_GET
def timeliness_csv(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    today = timezone.localdate()
    periods = timeliness.periods(today)
    teams = timeliness.team_figures(access.teams_managed_by(request.user), today=today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="timeliness-{today:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            "team",
            "period",
            "due_from",
            "due_to",
            "due",
            "on_time",
            "late",
            "overdue",
            "percent_on_time",
        ]
    )
    for row in teams:
        for period in periods:
            figures = row[period.key]
            share = "" if figures.share is None else f"{figures.share:.1f}"
            writer.writerow(
                [
                    _cell(row.team.name),
                    period.label,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    figures.due,
                    figures.on_time,
                    figures.late,
                    figures.overdue,
                    share,
                ]
            )
    return response


@require_GET
def team_overdue(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    team = access.team_for_manager(request.user, pk)
    worker = request.GET.get("worker", "")
    worker_id = int(worker) if worker.isdigit() else None
    workers = timeliness.overdue_by_worker(request.user, team, worker_id=worker_id)
    context = {
        "team": team,
        "today": timezone.localdate(),
        "workers": workers,
        "one_worker": worker_id is not None,
        "total": sum(group.count for group in workers),
    }
    return render(request, "caserecords/timeliness_team_overdue.html", context)
