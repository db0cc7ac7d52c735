"""The customers policy and its choke point."""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy, register
from chengdan.customers.models import Customer

CUSTOMERS = register(
    Policy(
        resource="customers",
        model=Customer,
        owner_field="owner_id",
        department_field="department_id",
        shareable=True,
        fields={"name": "text", "phone": "mobile", "credit_code": "id", "notes": "text"},
        label="客户",
    )
)


def visible_customers(actor: Any, action: str = "view") -> QuerySet[Customer]:
    """Customers the actor may see (or act on)."""
    return engine.visible(actor, CUSTOMERS.resource, action)
