"""Reads on work reports; every one starts from `visible_work_reports`.

Drafts are their author's alone: a supervisor's scope reaches a rep's report only once it is submitted.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from chengdan.access import engine
from chengdan.accounts.models import Department
from chengdan.core.errors import NotFoundError
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.reports.choices import ReportStatus
from chengdan.reports.models import ReportComment, ReportTemplate, WorkReport
from chengdan.reports.permissions import REPORT_SETTINGS, WORK_REPORTS, visible_work_reports

ORDERING = {"period_start": "period_start", "submitted_at": "submitted_at", "id": "id"}
RELATED = ("author", "department", "submitted_to")
COMMENT_LIMIT = 200


@dataclass(frozen=True)
class ReportFilters:
    """What the report list can be narrowed by."""

    kind: str | None = None
    author_id: int | None = None
    department_id: int | None = None
    status: str | None = None
    period_from: date | None = None
    period_to: date | None = None
    # Only the reports submitted to the reader (their inbox).
    inbox: bool = False


def require_reports(actor: Any) -> None:
    """Refuse (403) an actor without any right to read work reports."""
    engine.require_action(actor, WORK_REPORTS.resource, "view")


def visible_reports(actor: Any, action: str = "view") -> QuerySet[WorkReport]:
    """Reports the actor may `action`: their own, and submitted ones in their scope."""
    return visible_work_reports(actor, action).filter(Q(status=ReportStatus.SUBMITTED) | Q(author_id=actor.pk))


def get_report(actor: Any, report_id: int, action: str = "view", **options: Any) -> WorkReport:
    """One report for `action` (404 out of scope, and for someone else's draft; 403 seen but not allowed)."""
    report: WorkReport = engine.get_visible(actor, WORK_REPORTS.resource, report_id, action, **options)
    if report.status != ReportStatus.SUBMITTED and report.author_id != actor.pk:
        raise NotFoundError()
    return report


def get_report_with_related(actor: Any, report_id: int) -> tuple[WorkReport, int]:
    """A visible report with author, department and recipient joined, and its comment count."""
    get_report(actor, report_id)
    report = WorkReport.objects.select_related(*RELATED).annotate(comment_total=Count("comments")).get(pk=report_id)
    return report, int(report.comment_total)


def _subtree(department_id: int) -> Q:
    path = Department.objects.filter(pk=department_id).values_list("path", flat=True).first()
    if path is None:
        return Q(pk__in=[])
    return Q(department_id__in=Department.objects.filter(path__startswith=path).values("pk"))


def list_reports(actor: Any, filters: ReportFilters, page: PageRequest) -> Page[WorkReport]:
    """One page of the reports the actor may read, newest period first, with comment counts."""
    engine.require_action(actor, WORK_REPORTS.resource, "view")
    queryset = visible_reports(actor)
    simple = {
        "kind": filters.kind,
        "author_id": filters.author_id,
        "status": filters.status,
        "period_start__gte": filters.period_from,
        "period_start__lte": filters.period_to,
    }
    queryset = queryset.filter(**{name: value for name, value in simple.items() if value is not None})
    if filters.department_id is not None:
        queryset = queryset.filter(_subtree(filters.department_id))
    if filters.inbox:
        queryset = queryset.filter(submitted_to_id=actor.pk, status=ReportStatus.SUBMITTED)
    queryset = queryset.select_related(*RELATED).annotate(comment_total=Count("comments"))
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-period_start")


def list_comments(actor: Any, report_id: int) -> list[ReportComment]:
    """A visible report's comments, oldest first, with their authors."""
    get_report(actor, report_id)
    return list(
        ReportComment.objects.filter(report_id=report_id)
        .select_related("author")
        .order_by("created_at", "pk")[:COMMENT_LIMIT]
    )


def list_templates(actor: Any) -> list[ReportTemplate]:
    """Every template (default ones first), for readers of the report settings."""
    engine.require_action(actor, REPORT_SETTINGS.resource, "view")
    return list(
        engine.visible(actor, REPORT_SETTINGS.resource, "view")
        .select_related("department")
        .order_by(F("department__path").asc(nulls_first=True), "kind", "pk")
    )
