"""The audit report as rows (the CSV) and as a PDF (reportlab), from the same figures."""

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import Grade
from .queries import Figures, Report

GRADE_LABELS = [Grade(value).label for value in Grade.values]
HEADER = ["Sampled", "Completed", "% completed", *GRADE_LABELS, "% good or outstanding"]


def _percent(value: int | None) -> str:
    return "" if value is None else f"{value}"


def _figures(figures: Figures) -> list:
    return [
        figures.sampled,
        figures.completed,
        _percent(figures.percent_completed),
        *(figures.grades[value] for value in Grade.values),
        _percent(figures.percent_good),
    ]


def report_rows(report: Report) -> list[list]:
    """The report as a table: sections per team, service, quarter (trend) and question."""
    rows: list[list] = [["section", "name", *HEADER]]
    rows += [["team", team.name, *_figures(figures)] for team, figures in report.teams]
    rows += [["service", name, *_figures(figures)] for name, figures in report.services]
    rows += [["all", "All teams shown", *_figures(report.total)]]
    rows += [["trend", str(quarter), *_figures(figures)] for quarter, figures in report.trend]
    rows.append([])
    rows.append(["question", "key", "question", "answered", "no", "% no"])
    rows += [
        [
            "question",
            item.question.key,
            item.question.text,
            item.answered,
            item.no,
            _percent(item.percent_no),
        ]
        for item in report.questions
    ]
    return rows


def _table(rows: list[list], widths=None) -> Table:
    table = Table(rows, repeatRows=1, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def report_pdf(report: Report) -> bytes:
    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    cell.fontSize = 8
    cell.leading = 10
    story = [
        Paragraph(
            f"Quarterly file audit: {report.quarter} ({report.quarter.label})", styles["Title"]
        ),
        Paragraph("By team", styles["Heading2"]),
        _table([["Team", *HEADER]] + [[t.name, *_figures(f)] for t, f in report.teams]),
        Paragraph("By service", styles["Heading2"]),
        _table(
            [["Service", *HEADER]]
            + [[name, *_figures(f)] for name, f in report.services]
            + [["All teams shown", *_figures(report.total)]]
        ),
        Paragraph("Trend over quarters", styles["Heading2"]),
        _table([["Quarter", *HEADER]] + [[str(q), *_figures(f)] for q, f in report.trend]),
        Spacer(1, 4 * mm),
        Paragraph("Share of “no” per question (completed audits)", styles["Heading2"]),
        _table(
            [["Question", "Answered", "No", "% no"]]
            + [
                [
                    Paragraph(item.question.text, cell),
                    item.answered,
                    item.no,
                    _percent(item.percent_no),
                ]
                for item in report.questions
            ],
            widths=[170 * mm, 25 * mm, 20 * mm, 20 * mm],
        ),
    ]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=f"Quarterly file audit {report.quarter}",
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )
    document.build(story)
    return buffer.getvalue()
