"""How deals are shown to an actor: cards, list rows and the detail, field rules applied to each."""

from decimal import Decimal
from typing import Any

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules, field_rules
from chengdan.core.records import register_renderer
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.permissions import OPPORTUNITIES


def money(value: Decimal | None) -> str | None:
    """A decimal as the API's exact string ("12345.00"), None stays None."""
    return None if value is None else str(value)


def card_data(opportunity: Opportunity, risks: list[str]) -> dict[str, Any]:
    """The kanban card's fields before field rules (customer, owner and tags must be loaded)."""
    return {
        "id": opportunity.pk,
        "name": opportunity.name,
        "customer_id": opportunity.customer_id,
        "customer_name": opportunity.customer.name,
        "owner_id": opportunity.owner_id,
        "owner_name": opportunity.owner.name,
        "amount": money(opportunity.amount),
        "currency": opportunity.currency,
        "amount_cny": money(opportunity.amount_cny),
        "probability": opportunity.probability,
        "expected_close_date": opportunity.expected_close_date,
        "stage_id": opportunity.stage_id,
        "status": opportunity.status,
        "forecast_category": opportunity.forecast_category,
        "version": opportunity.version,
        "risks": list(risks),
        "tags": [{"id": tag.pk, "name": tag.name, "color": tag.color} for tag in opportunity.tags.all()],
    }


def opportunity_data(opportunity: Opportunity, risks: list[str]) -> dict[str, Any]:
    """Every list-row field before field rules (department must be loaded too)."""
    department = opportunity.department
    return {
        **card_data(opportunity, risks),
        "pipeline_id": opportunity.pipeline_id,
        "department_id": opportunity.department_id,
        "department_name": department.name if department else None,
        "source": opportunity.source,
        "campaign": opportunity.campaign,
        "next_step": opportunity.next_step,
        "next_step_date": opportunity.next_step_date,
        "competitors": list(opportunity.competitors or []),
        "won_at": opportunity.won_at,
        "won_amount": money(opportunity.won_amount),
        "lost_at": opportunity.lost_at,
        "lost_reason": opportunity.lost_reason,
        "lost_to_competitor": opportunity.lost_to_competitor,
        "created_at": opportunity.created_at,
        "updated_at": opportunity.updated_at,
        "stage_entered_at": opportunity.stage_entered_at,
        "last_activity_at": opportunity.last_activity_at,
    }


def render_card(actor: Any, opportunity: Opportunity, risks: list[str]) -> dict[str, Any]:
    """A kanban card as the actor may see it."""
    return apply_field_rules(actor, OPPORTUNITIES.resource, card_data(opportunity, risks))


def render_opportunity(actor: Any, opportunity: Opportunity, risks: list[str]) -> dict[str, Any]:
    """A list row (OpportunityOut) as the actor may see it."""
    return apply_field_rules(actor, OPPORTUNITIES.resource, opportunity_data(opportunity, risks))


def render_detail(actor: Any, opportunity: Opportunity, risks: list[str]) -> dict[str, Any]:
    """The full deal (lines, contact roles, whether the actor may edit) as the actor may see it."""
    data = {
        **opportunity_data(opportunity, risks),
        "notes": opportunity.notes,
        "exchange_rate": str(opportunity.exchange_rate),
        "lines": [
            {
                "id": line.pk,
                "product_name": line.product_name,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price),
                "discount_percent": str(line.discount_percent),
                "amount": str(line.amount),
            }
            for line in opportunity.lines.all()
        ],
        "contacts": [
            {
                "id": role.pk,
                "contact_id": role.contact_id,
                "contact_name": role.contact.name if role.contact else role.contact_name,
                "role": role.role,
                "is_key": role.is_key,
                # Gone: deleted, or moved to another company since it was added to the deal.
                "is_gone": role.contact is None or role.contact.customer_id != opportunity.customer_id,
            }
            for role in opportunity.contact_roles.all()
        ],
        "can_edit": engine.can(actor, OPPORTUNITIES.resource, "edit", opportunity),
    }
    restricted = field_rules(actor, OPPORTUNITIES.resource)
    if any(name in restricted for name in OPPORTUNITIES.implied):
        # Line prices add up to the amount, so they follow its rule (the policy's `implied`).
        data["lines"] = [{**line, "unit_price": None, "amount": None} for line in data["lines"]]
    return apply_field_rules(actor, OPPORTUNITIES.resource, data)


def _render_current(actor: Any, opportunity: Opportunity) -> dict[str, Any]:
    # 409 answers carry the current row; risk badges are not needed to resolve a conflict.
    return render_opportunity(actor, opportunity, [])


register_renderer(Opportunity, _render_current)
