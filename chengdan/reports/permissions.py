"""The work-report policies and their choke points: a report is owned by its author."""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy, register
from chengdan.reports.models import ReportTemplate, WorkReport

WORK_REPORTS = register(
    Policy(
        resource="work_reports",
        model=WorkReport,
        owner_field="author_id",
        department_field="department_id",
        actions=("view", "create", "edit", "delete", "export", "approve"),
        fields={"summary": "text", "plan": "text", "problems": "text"},
        label="日报周报",
    )
)
REPORT_SETTINGS = register(
    Policy(
        resource="report_settings",
        model=ReportTemplate,
        owner_field=None,
        department_field=None,
        actions=("view", "create", "edit", "delete"),
        label="日报周报模板",
    )
)


def visible_work_reports(actor: Any, action: str = "view") -> QuerySet[WorkReport]:
    """Reports the actor may read (or act on): their own and, by scope, their team's."""
    return engine.visible(actor, WORK_REPORTS.resource, action)
