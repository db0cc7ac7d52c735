"""Test helpers: deals created through the real action, stages of the default pipeline by code."""

from decimal import Decimal
from typing import Any

from chengdan.accounts.models import User
from chengdan.customers.models import Customer
from chengdan.opportunities import actions
from chengdan.opportunities.models import Opportunity, Pipeline, Stage


def default_pipeline() -> Pipeline:
    """The seeded default pipeline."""
    return Pipeline.objects.get(is_default=True)


def stage(code: str) -> Stage:
    """A stage of the default pipeline by its code (initial_contact … negotiation, won, lost)."""
    return Stage.objects.get(pipeline=default_pipeline(), code=code)


def make_opportunity(actor: User, customer: Customer, **values: Any) -> Opportunity:
    """Create a deal through `actions.create_opportunity`; `values` are its keyword arguments or fields."""
    arguments = {
        name: values.pop(name)
        for name in ("pipeline_id", "stage_id", "owner_id", "tag_ids", "lines", "contacts")
        if name in values
    }
    name = values.pop("name", f"{customer.name} 商机")
    if "amount" in values and values["amount"] is not None:
        values["amount"] = Decimal(str(values["amount"]))
    return actions.create_opportunity(actor=actor, name=name, customer_id=customer.pk, values=values, **arguments)
