"""How leads are shown to an actor: list rows and the detail, field rules applied to each."""

from decimal import Decimal
from typing import Any

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules
from chengdan.core.records import register_renderer
from chengdan.customers.rendering import region_name
from chengdan.leads.models import Lead
from chengdan.leads.permissions import LEADS

# Joined by every list and detail read, so rendering costs no query per row.
LIST_RELATED = ("owner", "department", "pool")


def money(value: Decimal | None) -> str | None:
    """A decimal as the API's exact string ("12000.00"), None stays None."""
    return None if value is None else str(value)


def lead_data(lead: Lead) -> dict[str, Any]:
    """Every list-row field before field rules (owner, department and pool must be loaded)."""
    code = lead.district_code or lead.city_code or lead.province_code
    return {
        "id": lead.pk,
        "name": lead.name,
        "mobile": lead.mobile,
        "email": lead.email,
        "wechat": lead.wechat,
        "title": lead.title,
        "company_name": lead.company_name,
        "province_code": lead.province_code,
        "city_code": lead.city_code,
        "district_code": lead.district_code,
        "region_name": region_name(code),
        "industry": lead.industry,
        "budget": money(lead.budget),
        "product_interest": lead.product_interest,
        "source": lead.source,
        "campaign": lead.campaign,
        "status": lead.status,
        "invalid_reason": lead.invalid_reason,
        "owner_id": lead.owner_id,
        "owner_name": lead.owner.name if lead.owner else None,
        "department_id": lead.department_id,
        "department_name": lead.department.name if lead.department else None,
        "pool_id": lead.pool_id,
        "pool_name": lead.pool.name if lead.pool else None,
        "pooled_at": lead.pooled_at,
        "score": lead.score,
        "duplicate_status": lead.duplicate_status,
        "matched_customer_id": lead.matched_customer_id,
        "matched_contact_id": lead.matched_contact_id,
        "matched_lead_id": lead.matched_lead_id,
        "assigned_at": lead.assigned_at,
        "first_contacted_at": lead.first_contacted_at,
        "last_follow_up_at": lead.last_follow_up_at,
        "converted_customer_id": lead.converted_customer_id,
        "converted_contact_id": lead.converted_contact_id,
        "converted_opportunity_id": lead.converted_opportunity_id,
        "converted_at": lead.converted_at,
        "created_at": lead.created_at,
        "updated_at": lead.updated_at,
        "version": lead.version,
    }


def render_lead(actor: Any, lead: Lead) -> dict[str, Any]:
    """A list row (LeadOut) as the actor may see it."""
    return apply_field_rules(actor, LEADS.resource, lead_data(lead))


def render_detail(actor: Any, lead: Lead) -> dict[str, Any]:
    """The whole lead (notes, where it came from, whether the actor may edit it) as the actor may see it."""
    data = {
        **lead_data(lead),
        "notes": lead.notes,
        "form_id": lead.form_id,
        "mailbox_id": lead.mailbox_id,
        "assigned_rule_id": lead.assigned_rule_id,
        "sla_reminded_at": lead.sla_reminded_at,
        "sla_escalated_at": lead.sla_escalated_at,
        "idle_since": lead.idle_since,
        "can_edit": engine.can(actor, LEADS.resource, "edit", lead),
    }
    return apply_field_rules(actor, LEADS.resource, data)


register_renderer(Lead, render_lead)
