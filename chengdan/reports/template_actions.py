"""Writes on report templates (resource `report_settings`): create, edit, delete; audited."""

from typing import Any

from django.db import IntegrityError, transaction

from chengdan.access import engine
from chengdan.accounts.models import Department, User
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.reports.choices import ReportKind
from chengdan.reports.errors import ReportError
from chengdan.reports.models import ReportTemplate
from chengdan.reports.permissions import REPORT_SETTINGS
from chengdan.reports.templates import clean_figures, clean_sections

AUDITED = ["kind", "department_id", "name", "sections", "figures"]


def _publish(name: str, template: ReportTemplate, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, REPORT_SETTINGS.resource, str(template.pk), template.name, actor.pk, changes=changes))


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 60:
        raise ReportError.invalid("name", "请填写模板名称（不超过 60 字）。", "Give a name (at most 60 characters).")
    return name


def create_template(
    *,
    actor: User,
    kind: str,
    name: str,
    sections: list[dict[str, Any]],
    figures: list[str],
    department_id: int | None = None,
) -> ReportTemplate:
    """A department's template of one kind (409 when the department already has one)."""
    engine.require_action(actor, REPORT_SETTINGS.resource, "create")
    if kind not in ReportKind.values:
        raise ReportError.invalid("kind", "报告类型应为日报或周报。", "The kind must be daily or weekly.")
    if department_id is not None and not Department.objects.filter(pk=department_id).exists():
        raise ReportError.invalid("department_id", "部门不存在。", "Department not found.")
    template = ReportTemplate(
        kind=kind,
        department_id=department_id,
        name=_clean_name(name),
        sections=clean_sections(sections),
        figures=clean_figures(figures),
    )
    same = ReportTemplate.objects.filter(kind=kind)
    exists = same.filter(department__isnull=True) if department_id is None else same.filter(department_id=department_id)
    try:
        with transaction.atomic():
            if exists.exists():
                raise ReportError.template_exists()
            template.save()
            _publish("report_template.created", template, actor, diff({}, snapshot(template, AUDITED)))
    except IntegrityError:
        raise ReportError.template_exists() from None
    return template


def update_template(
    *,
    actor: User,
    template_id: int,
    version: int,
    name: str | None = None,
    sections: list[dict[str, Any]] | None = None,
    figures: list[str] | None = None,
) -> ReportTemplate:
    """Change a template's name, sections or figures; reports already submitted keep their frozen layout."""
    with transaction.atomic():
        template: ReportTemplate = engine.get_visible(
            actor, REPORT_SETTINGS.resource, template_id, "edit", for_update=True, version=version
        )
        before = snapshot(template, AUDITED)
        if name is not None:
            template.name = _clean_name(name)
        if sections is not None:
            template.sections = clean_sections(sections)
        if figures is not None:
            template.figures = clean_figures(figures)
        if snapshot(template, AUDITED) != before:
            bump_version(template)
            template.save()
            _publish("report_template.updated", template, actor, diff(before, snapshot(template, AUDITED)))
    return template


def delete_template(*, actor: User, template_id: int) -> None:
    """Delete a department's template (its reports fall back to the nearest ancestor's); defaults stay."""
    with transaction.atomic():
        template: ReportTemplate = engine.get_visible(
            actor, REPORT_SETTINGS.resource, template_id, "delete", for_update=True
        )
        if template.department_id is None:
            raise ReportError.template_default()
        _publish("report_template.deleted", template, actor, diff(snapshot(template, AUDITED), {}))
        template.delete()
