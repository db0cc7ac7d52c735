"""The opportunities, targets and pipeline-settings policies and their choke points."""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy, register
from chengdan.opportunities.models import Opportunity, Pipeline, Target

OPPORTUNITIES = register(
    Policy(
        resource="opportunities",
        model=Opportunity,
        owner_field="owner_id",
        department_field="department_id",
        shareable=True,
        fields={
            "amount": "text",
            "amount_cny": "text",
            "won_amount": "text",
            "competitors": "text",
            "lost_to_competitor": "text",
            "next_step": "text",
            "notes": "text",
        },
        # Line prices add up to the amount: whoever may not see the amount may not see them either.
        implied={
            "amount": {"lines": ("unit_price", "amount")},
            "amount_cny": {"lines": ("unit_price", "amount")},
        },
        label="商机",
    )
)
TARGETS = register(
    Policy(
        resource="targets",
        model=Target,
        owner_field="user_id",
        department_field="department_id",
        actions=("view", "create", "edit", "delete"),
        label="销售目标",
    )
)
OPPORTUNITY_SETTINGS = register(
    Policy(
        resource="opportunity_settings",
        model=Pipeline,
        owner_field=None,
        department_field=None,
        actions=("view", "create", "edit", "delete"),
        label="商机设置（销售流程、阶段、输单原因、汇率）",
    )
)


def visible_opportunities(actor: Any, action: str = "view") -> QuerySet[Opportunity]:
    """Opportunities the actor may see (or act on)."""
    return engine.visible(actor, OPPORTUNITIES.resource, action)


def visible_targets(actor: Any, action: str = "view") -> QuerySet[Target]:
    """Targets (quotas) the actor may see (or act on)."""
    return engine.visible(actor, TARGETS.resource, action)
