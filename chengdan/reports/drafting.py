"""A report as its reader sees it: saved or not yet, with live or frozen figures and its template's layout."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.reports import figures as figure_math
from chengdan.reports.choices import ReportStatus
from chengdan.reports.models import ReportTemplate, WorkReport
from chengdan.reports.periods import ReportPeriod, period_for
from chengdan.reports.templates import template_for, template_sections


@dataclass
class ReportView:
    """A report with what its page needs: period, layout (sections and figure keys) and figures."""

    report: WorkReport
    period: ReportPeriod
    sections: list[dict[str, Any]]
    figure_keys: list[str]
    figures: figure_math.Figures
    is_live: bool
    comment_count: int = 0


def layout_of(template: ReportTemplate) -> dict[str, Any]:
    """What a report freezes of its template on submit."""
    return {"sections": template_sections(template), "figures": list(template.figures or [])}


def view_of(report: WorkReport, *, comment_count: int = 0, now: datetime | None = None) -> ReportView:
    """A saved report: a submitted one shows what was frozen, a draft computes its figures live."""
    period = period_for(report.kind, report.period_start)
    if report.status == ReportStatus.SUBMITTED and report.layout:
        layout = report.layout
        return ReportView(
            report=report,
            period=period,
            sections=list(layout.get("sections") or []),
            figure_keys=list(layout.get("figures") or []),
            figures=figure_math.figures_from_json(report.figures or {}),
            is_live=False,
            comment_count=comment_count,
        )
    layout = layout_of(template_for(report.department_id, report.kind))
    live = figure_math.compute([report.author_id], period, now)[report.author_id]
    return ReportView(
        report=report,
        period=period,
        sections=layout["sections"],
        figure_keys=layout["figures"],
        figures=live,
        is_live=True,
        comment_count=comment_count,
    )


def draft_for(author: User, kind: str, day: date, now: datetime | None = None) -> ReportView:
    """The author's report of the period containing `day`: the saved one, else an unsaved draft."""
    period = period_for(kind, day)
    report = (
        WorkReport.objects.select_related("author", "department", "submitted_to")
        .filter(author_id=author.pk, kind=kind, period_start=period.start)
        .first()
    )
    if report is None:
        report = WorkReport(
            kind=kind,
            author=author,
            department_id=author.department_id,
            period_start=period.start,
            period_end=period.end,
            status=ReportStatus.DRAFT,
        )
        report.version = 0
    count = report.comments.count() if report.pk is not None else 0
    return view_of(report, comment_count=count, now=now or timezone.now())
