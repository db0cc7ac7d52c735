"""HTTP endpoints of one's own reports and of reading them: draft, save, submit, withdraw, list, detail,
comments, the records behind a figure, and the PDF."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.reports import actions, drafting, pdf, queries, records
from chengdan.reports.api.common import day_or_today
from chengdan.reports.periods import check_kind, period_for
from chengdan.reports.rendering import render_comment, render_report, render_row
from chengdan.reports.schemas import (
    WorkReportCommentIn,
    WorkReportCommentOut,
    WorkReportDraftQuery,
    WorkReportFiltersIn,
    WorkReportOut,
    WorkReportPatch,
    WorkReportRecordOut,
    WorkReportRecordsQuery,
    WorkReportRowOut,
    WorkReportSaveIn,
    WorkReportVersionIn,
)

router = Router(tags=["work-reports"])


def _values(payload: WorkReportSaveIn | WorkReportPatch) -> actions.ReportValues:
    return actions.ReportValues(
        summary=payload.summary, plan=payload.plan, problems=payload.problems, sections=payload.sections
    )


def _detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    report, count = queries.get_report_with_related(actor, report_id)
    return render_report(actor, drafting.view_of(report, comment_count=count))


@router.get("/work-reports/draft", response=responses(WorkReportOut), exclude_unset=True)
def get_draft(request: HttpRequest, query: Query[WorkReportDraftQuery]) -> dict[str, Any]:
    """The caller's report of the period containing `date` (saved, or an unsaved draft) with live figures."""
    actor = actor_of(request)
    queries.require_reports(actor)
    view = drafting.draft_for(actor, check_kind(query.kind), day_or_today(query.date))
    return render_report(actor, view)


@router.put("/work-reports/draft", response=responses(WorkReportOut), exclude_unset=True)
def save_draft(request: HttpRequest, payload: WorkReportSaveIn) -> dict[str, Any]:
    """Create or update the caller's report of that period (`version` required once it exists; 409 when stale)."""
    actor = actor_of(request)
    report = actions.save_report(
        actor=actor, kind=payload.kind, day=payload.date, version=payload.version, values=_values(payload)
    )
    return _detail(request, report.pk)


@router.get("/work-reports", response=responses(page_of(WorkReportRowOut)), exclude_unset=True)
def list_reports(request: HttpRequest, filters: Query[WorkReportFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """One page of the reports the caller may read: their own, and their team's submitted ones."""
    actor = actor_of(request)
    if filters.kind is not None:
        check_kind(filters.kind)
    result = queries.list_reports(actor, queries.ReportFilters(**filters.dict()), PageRequest(**page.dict()))
    return page_body(result, [render_row(actor, item, item.comment_total) for item in result.items])  # type: ignore[attr-defined]


@router.get("/work-reports/{report_id}", response=responses(WorkReportOut), exclude_unset=True)
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """One report with its layout and figures."""
    return _detail(request, report_id)


@router.patch("/work-reports/{report_id}", response=responses(WorkReportOut), exclude_unset=True)
def update_report(request: HttpRequest, report_id: int, payload: WorkReportPatch) -> dict[str, Any]:
    """Change the text of the caller's draft (409 when stale or submitted)."""
    actions.update_report(
        actor=actor_of(request), report_id=report_id, version=payload.version, values=_values(payload)
    )
    return _detail(request, report_id)


@router.post("/work-reports/{report_id}/submit", response=responses(WorkReportOut), exclude_unset=True)
def submit_report(request: HttpRequest, report_id: int, payload: WorkReportVersionIn) -> dict[str, Any]:
    """Submit the caller's draft to their supervisor; its figures are frozen."""
    actions.submit_report(actor=actor_of(request), report_id=report_id, version=payload.version)
    return _detail(request, report_id)


@router.post("/work-reports/{report_id}/withdraw", response=responses(WorkReportOut), exclude_unset=True)
def withdraw_report(request: HttpRequest, report_id: int, payload: WorkReportVersionIn) -> dict[str, Any]:
    """Take a submitted report back to draft while nobody has commented on it."""
    actions.withdraw_report(actor=actor_of(request), report_id=report_id, version=payload.version)
    return _detail(request, report_id)


@router.get("/work-reports/{report_id}/comments", response=responses(list[WorkReportCommentOut]))
def list_comments(request: HttpRequest, report_id: int) -> list[dict[str, Any]]:
    """A report's comments, oldest first."""
    return [render_comment(comment) for comment in queries.list_comments(actor_of(request), report_id)]


@router.post("/work-reports/{report_id}/comments", response=responses(WorkReportCommentOut, 201))
def comment_on_report(request: HttpRequest, report_id: int, payload: WorkReportCommentIn) -> Status[dict[str, Any]]:
    """Comment on (and optionally rate) a submitted report in the caller's reach; the author is notified."""
    comment = actions.comment_on_report(
        actor=actor_of(request), report_id=report_id, body=payload.body, rating=payload.rating
    )
    return Status(201, render_comment(comment))


@router.get(
    "/work-reports/{report_id}/figures/{figure}/records",
    response=responses(page_of(WorkReportRecordOut)),
    exclude_unset=True,
)
def figure_records(
    request: HttpRequest,
    report_id: int,
    figure: str,
    query: Query[WorkReportRecordsQuery],
    page: Query[PageQuery],
) -> dict[str, Any]:
    """The records behind one of the report's figures that the caller may see (the count is the author's)."""
    actor = actor_of(request)
    report = queries.get_report(actor, report_id)
    now = report.submitted_at or timezone.now()
    resource, found = records.figure_records(
        actor,
        figure,
        report.author_id,
        period_for(report.kind, report.period_start),
        PageRequest(**page.dict()),
        now=now,
        follow_up_kind=query.follow_up_kind,
    )
    date_field = records.SOURCES[figure].date_field
    return page_body(found, [records.render_record(actor, resource, row, date_field) for row in found.items])


@router.get("/work-reports/{report_id}/pdf", response=responses(None))
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report as a PDF (needs the export right; audited)."""
    actor = actor_of(request)
    report = queries.get_report(actor, report_id, "export")
    data = _detail(request, report_id)
    comments = [render_comment(comment) for comment in queries.list_comments(actor, report_id)]
    content = pdf.build_pdf(data, comments)
    actions.record_export(actor=actor, report=report)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"work-report-{data['kind']}-{data['period_start']}-{report_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
