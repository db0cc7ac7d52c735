"""HTTP endpoints of report templates (resource `report_settings`)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.reports import queries, template_actions
from chengdan.reports.models import ReportTemplate
from chengdan.reports.rendering import render_template
from chengdan.reports.schemas import ReportTemplateIn, ReportTemplateOut, ReportTemplatePatch, sections_of

router = Router(tags=["work-reports"])


def _out(template: ReportTemplate) -> dict[str, Any]:
    return render_template(ReportTemplate.objects.select_related("department").get(pk=template.pk))


@router.get("/report-templates", response=responses(list[ReportTemplateOut]))
def list_templates(request: HttpRequest) -> list[dict[str, Any]]:
    """Every template: the defaults, then each department's."""
    return [render_template(template) for template in queries.list_templates(actor_of(request))]


@router.post("/report-templates", response=responses(ReportTemplateOut, 201))
def create_template(request: HttpRequest, payload: ReportTemplateIn) -> Status[dict[str, Any]]:
    """A department's template of one kind (409 when it has one)."""
    template = template_actions.create_template(
        actor=actor_of(request),
        kind=payload.kind,
        department_id=payload.department_id,
        name=payload.name,
        sections=sections_of(payload.sections) or [],
        figures=payload.figures,
    )
    return Status(201, _out(template))


@router.patch("/report-templates/{template_id}", response=responses(ReportTemplateOut))
def update_template(request: HttpRequest, template_id: int, payload: ReportTemplatePatch) -> dict[str, Any]:
    """Change a template (409 when stale); submitted reports keep the layout they were submitted with."""
    template = template_actions.update_template(
        actor=actor_of(request),
        template_id=template_id,
        version=payload.version,
        name=payload.name,
        sections=sections_of(payload.sections),
        figures=payload.figures,
    )
    return _out(template)


@router.delete("/report-templates/{template_id}", response=responses(None, 204))
def delete_template(request: HttpRequest, template_id: int) -> Status[None]:
    """Delete a department's template (the defaults cannot be deleted)."""
    template_actions.delete_template(actor=actor_of(request), template_id=template_id)
    return Status(204, None)
