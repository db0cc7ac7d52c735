"""The activities policies and their choke points.

Follow-ups and visits inherit the visibility of the record they are about (the deal, else the
lead, else the customer; a contact belongs to its customer) and their author always sees them.
Tasks are scoped like any owned record, by assignee and department, and their creator sees them.
"""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy, register
from chengdan.activities.models import FollowUp, Task, Visit

# The most specific link decides: a follow-up on a deal is as visible as the deal.
RECORD_LINKS = (("opportunities", "opportunity_id"), ("leads", "lead_id"), ("customers", "customer_id"))

FOLLOW_UPS = register(
    Policy(
        resource="follow_ups",
        model=FollowUp,
        owner_field=None,
        department_field=None,
        via=RECORD_LINKS,
        author_field="author_id",
        actions=("view", "create", "edit", "delete", "export"),
        fields={"content": "text"},
        label="跟进记录",
    )
)
VISITS = register(
    Policy(
        resource="visits",
        model=Visit,
        owner_field=None,
        department_field=None,
        via=RECORD_LINKS,
        author_field="owner_id",
        actions=("view", "create", "edit", "delete", "export"),
        fields={"summary": "text", "check_in_address": "text"},
        label="拜访",
    )
)
TASKS = register(
    Policy(
        resource="tasks",
        model=Task,
        owner_field="assignee_id",
        department_field="department_id",
        author_field="created_by_id",
        actions=("view", "create", "edit", "delete", "assign"),
        fields={"description": "text"},
        label="任务",
    )
)


def visible_follow_ups(actor: Any, action: str = "view") -> QuerySet[FollowUp]:
    """Follow-ups the actor may see (or act on): those on records they see, and their own."""
    return engine.visible(actor, FOLLOW_UPS.resource, action)


def visible_visits(actor: Any, action: str = "view") -> QuerySet[Visit]:
    """Visits the actor may see (or act on): those at records they see, and their own."""
    return engine.visible(actor, VISITS.resource, action)


def visible_tasks(actor: Any, action: str = "view") -> QuerySet[Task]:
    """Tasks the actor may see (or act on): assigned within their scope, or created by them."""
    return engine.visible(actor, TASKS.resource, action)
