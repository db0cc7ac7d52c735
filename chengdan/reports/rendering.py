"""How reports, comments and templates are shown to an actor, field rules applied."""

from typing import Any

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules, field_rules
from chengdan.core.records import register_renderer
from chengdan.reports import figures as figure_math
from chengdan.reports.choices import ReportStatus
from chengdan.reports.drafting import ReportView, view_of
from chengdan.reports.models import ReportComment, ReportTemplate, WorkReport
from chengdan.reports.permissions import WORK_REPORTS
from chengdan.reports.templates import template_sections


def figures_data(actor: Any, figures: figure_math.Figures) -> dict[str, Any]:
    """Figures as the actor may see them: the won amount follows the deals' amount field rules."""
    data = figures.as_json()
    if any(name in field_rules(actor, "opportunities") for name in figure_math.AMOUNT_FIELDS):
        data["won_amount"] = None
    return data


def _user_name(user: Any) -> str | None:
    return user.name if user is not None else None


def _row_data(report: WorkReport, comment_count: int) -> dict[str, Any]:
    return {
        "id": report.pk,
        "kind": report.kind,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "author_id": report.author_id,
        "author_name": report.author.name,
        "department_id": report.department_id,
        "department_name": report.department.name if report.department else None,
        "status": report.status,
        "summary": report.summary,
        "submitted_at": report.submitted_at,
        "submitted_to_id": report.submitted_to_id,
        "submitted_to_name": _user_name(report.submitted_to),
        "rating": report.rating,
        "comment_count": comment_count,
        "version": report.version,
    }


def render_row(actor: Any, report: WorkReport, comment_count: int) -> dict[str, Any]:
    """A list row (WorkReportRowOut): frozen figures for submitted reports, none for drafts."""
    data = _row_data(report, comment_count)
    frozen = report.status == ReportStatus.SUBMITTED and bool(report.figures)
    data["figures"] = figures_data(actor, figure_math.figures_from_json(report.figures)) if frozen else None
    return apply_field_rules(actor, WORK_REPORTS.resource, data)


def render_report(actor: Any, view: ReportView) -> dict[str, Any]:
    """The full report (WorkReportOut) with its layout, figures and what the actor may do with it."""
    report = view.report
    saved = report.pk is not None
    is_author = report.author_id == actor.pk
    submitted = report.status == ReportStatus.SUBMITTED
    data = {
        **_row_data(report, view.comment_count),
        "plan": report.plan,
        "problems": report.problems,
        "sections": dict(report.sections or {}),
        "layout": {"sections": view.sections, "figures": view.figure_keys},
        "figures": figures_data(actor, view.figures),
        "figures_live": view.is_live,
        "version": report.version if saved else None,
        "created_at": report.created_at if saved else None,
        "updated_at": report.updated_at if saved else None,
        "can_edit": is_author and not submitted and engine.has_action(actor, WORK_REPORTS.resource, "edit"),
        "can_withdraw": is_author and submitted and view.comment_count == 0,
        "can_comment": saved
        and submitted
        and not is_author
        and engine.can(actor, WORK_REPORTS.resource, "approve", report),
        "can_export": saved and engine.can(actor, WORK_REPORTS.resource, "export", report),
    }
    return apply_field_rules(actor, WORK_REPORTS.resource, data)


def render_comment(comment: ReportComment) -> dict[str, Any]:
    """A comment (WorkReportCommentOut); `author` must be loaded."""
    return {
        "id": comment.pk,
        "report_id": comment.report_id,
        "author_id": comment.author_id,
        "author_name": comment.author.name,
        "body": comment.body,
        "rating": comment.rating,
        "created_at": comment.created_at,
    }


def render_template(template: ReportTemplate) -> dict[str, Any]:
    """A template (ReportTemplateOut); `department` must be loaded."""
    return {
        "id": template.pk,
        "kind": template.kind,
        "department_id": template.department_id,
        "department_name": template.department.name if template.department else None,
        "name": template.name,
        "sections": template_sections(template),
        "figures": list(template.figures or []),
        "is_default": template.department_id is None,
        "version": template.version,
    }


def _render_current_report(actor: Any, report: WorkReport) -> dict[str, Any]:
    # 409 answers carry the current report, figures included, so the editor can merge.
    return render_report(actor, view_of(report, comment_count=report.comments.count()))


def _render_current_template(actor: Any, template: ReportTemplate) -> dict[str, Any]:
    return render_template(template)


register_renderer(WorkReport, _render_current_report)
register_renderer(ReportTemplate, _render_current_template)
