"""Positions for the reports' bar charts, drawn as inline SVG (no script, no style attribute:
the Content Security Policy allows neither). The charts are hidden from screen readers; the
tables next to them hold the same figures."""

from .queries import Report

ROW_HEIGHT = 44
BAR_HEIGHT = 16
LABEL_WIDTH = 300
BAR_WIDTH = 340
COLOURS = ("#1d70b8", "#00703c")  # GOV.UK blue and green: one per series


def bar_chart(rows: list[tuple[str, list[int | None]]], series: list[str]) -> dict:
    """A horizontal bar chart of percentages: one row per label, one bar per series."""
    drawn = []
    for index, (label, values) in enumerate(rows):
        top = index * ROW_HEIGHT
        bars = []
        for offset, value in enumerate(values):
            bars.append(
                {
                    "y": top + 4 + offset * (BAR_HEIGHT + 2),
                    "text_y": top + 17 + offset * (BAR_HEIGHT + 2),
                    "width": round(BAR_WIDTH * (value or 0) / 100),
                    "label": "none" if value is None else f"{value}%",
                    "colour": COLOURS[offset % len(COLOURS)],
                }
            )
        drawn.append({"label": label, "label_y": top + 24, "bars": bars})
    return {
        "rows": drawn,
        "legend": list(zip(series, COLOURS, strict=False)),
        "height": max(ROW_HEIGHT * len(rows), ROW_HEIGHT),
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 8,
        "end_x": LABEL_WIDTH + BAR_WIDTH,
        "width": LABEL_WIDTH + BAR_WIDTH + 70,
    }


SERIES = ["Audits completed", "Graded good or outstanding"]


def grades(report: Report) -> dict:
    rows = [
        (team.name, [figures.percent_completed, figures.percent_good])
        for team, figures in report.teams
    ]
    return bar_chart(rows, SERIES)


def trend(report: Report) -> dict:
    rows = [
        (f"{quarter} ({quarter.label})", [figures.percent_completed, figures.percent_good])
        for quarter, figures in report.trend
    ]
    return bar_chart(rows, SERIES)


def questions(report: Report) -> dict:
    rows = [(item.question.key, [item.percent_no]) for item in report.questions if item.answered]
    return bar_chart(rows, ["Answered “no”"])
