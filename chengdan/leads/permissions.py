"""The leads, lead-settings and pools policies and their choke points."""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.models import Pool
from chengdan.access.policies import Policy, register
from chengdan.leads.models import Lead, WebForm

LEADS = register(
    Policy(
        resource="leads",
        model=Lead,
        owner_field="owner_id",
        department_field="department_id",
        shareable=True,
        pool_field="pool_id",
        actions=("view", "create", "edit", "delete", "export", "import", "assign"),
        fields={
            "mobile": "mobile",
            "email": "email",
            "wechat": "text",
            "budget": "text",
            "notes": "text",
        },
        label="线索",
    )
)
LEAD_SETTINGS = register(
    Policy(
        resource="lead_settings",
        model=WebForm,
        owner_field=None,
        department_field=None,
        actions=("view", "create", "edit", "delete"),
        label="线索设置（表单、邮箱、分配规则、评分）",
    )
)
POOLS = register(
    Policy(
        resource="pools",
        model=Pool,
        owner_field=None,
        department_field=None,
        actions=("view", "create", "edit", "delete"),
        label="公海设置",
    )
)


def visible_leads(actor: Any, action: str = "view") -> QuerySet[Lead]:
    """Leads the actor may see (or act on): their scope, their shares and the pools they belong to."""
    return engine.visible(actor, LEADS.resource, action)
