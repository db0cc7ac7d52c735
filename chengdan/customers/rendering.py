"""How customers and contacts are shown to an actor: field rules applied to every output."""

from functools import lru_cache
from typing import Any

from chengdan.access.fields import apply_field_rules
from chengdan.core import regions
from chengdan.core.records import register_renderer
from chengdan.customers.models import Contact, Customer
from chengdan.customers.permissions import CONTACTS, CUSTOMERS

# Where a list page leaves each customer's tags (customers.pages.attach_tags), saving a query per row.
PAGE_TAGS = "page_tags"


def _tags(customer: Customer) -> Any:
    attached = customer.__dict__.get(PAGE_TAGS)
    return attached if attached is not None else customer.tags.all()


@lru_cache(maxsize=4096)
def region_name(code: str) -> str:
    """ "广东省 深圳市 南山区" for a division code ("" when unknown)."""
    return " ".join(region.name for region in regions.path(code)) if code else ""


def customer_data(customer: Customer) -> dict[str, Any]:
    """Every output field of a customer, before field rules (tags must be prefetched or cheap)."""
    code = customer.district_code or customer.city_code or customer.province_code
    return {
        "id": customer.pk,
        "name": customer.name,
        "short_name": customer.short_name,
        "credit_code": customer.credit_code,
        "industry": customer.industry,
        "province_code": customer.province_code,
        "city_code": customer.city_code,
        "district_code": customer.district_code,
        "region_name": region_name(code),
        "address": customer.address,
        "latitude": None if customer.latitude is None else float(customer.latitude),
        "longitude": None if customer.longitude is None else float(customer.longitude),
        "website": customer.website,
        "source": customer.source,
        "level": customer.level,
        "stage": customer.stage,
        "phone": customer.phone,
        "notes": customer.notes,
        "custom": customer.custom,
        "tags": [{"id": tag.pk, "name": tag.name, "color": tag.color} for tag in _tags(customer)],
        "owner_id": customer.owner_id,
        "owner_name": customer.owner.name if customer.owner else None,
        "pool_id": customer.pool_id,
        "department_id": customer.department_id,
        "department_name": customer.department.name if customer.department else None,
        "last_follow_up_at": customer.last_follow_up_at,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "version": customer.version,
    }


def render_customer(actor: Any, customer: Customer) -> dict[str, Any]:
    """A customer as the actor may see it (field rules applied)."""
    return apply_field_rules(actor, CUSTOMERS.resource, customer_data(customer))


def render_contact(actor: Any, contact: Contact, customer_name: str | None = None) -> dict[str, Any]:
    """A contact as the actor may see it (field rules applied)."""
    data = {
        "id": contact.pk,
        "customer_id": contact.customer_id,
        "customer_name": customer_name,
        "name": contact.name,
        "title": contact.title,
        "department_name": contact.department_name,
        "mobile": contact.mobile,
        "landline": contact.landline,
        "email": contact.email,
        "wechat": contact.wechat,
        "birthday": contact.birthday,
        "decision_role": contact.decision_role,
        "is_primary": contact.is_primary,
        "notes": contact.notes,
        "custom": contact.custom,
        "created_at": contact.created_at,
        "updated_at": contact.updated_at,
        "version": contact.version,
    }
    return apply_field_rules(actor, CONTACTS.resource, data)


register_renderer(Customer, render_customer)
register_renderer(Contact, render_contact)
