"""Reads on customers; every one starts from `visible_customers`."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from chengdan.access import engine
from chengdan.access.fields import ensure_fields_usable
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.customers.models import Customer
from chengdan.customers.permissions import CUSTOMERS, visible_customers

ORDERING = {"created_at": "created_at", "updated_at": "updated_at", "name": "name"}


@dataclass(frozen=True)
class CustomerFilters:
    """What a customer list can be narrowed by."""

    q: str = ""
    owner_id: int | None = None
    department_id: int | None = None


def filtered_customers(actor: Any, filters: CustomerFilters, action: str = "view") -> QuerySet[Customer]:
    """The visible customers matching the filters (refusing filters on fields the actor cannot see)."""
    queryset = visible_customers(actor, action).select_related("owner", "department")
    if filters.q:
        ensure_fields_usable(actor, CUSTOMERS.resource, ["name", "phone"])
        queryset = queryset.filter(Q(name__icontains=filters.q) | Q(phone__contains=filters.q))
    if filters.owner_id is not None:
        queryset = queryset.filter(owner_id=filters.owner_id)
    if filters.department_id is not None:
        queryset = queryset.filter(department_id=filters.department_id)
    return queryset


def list_customers(actor: Any, filters: CustomerFilters, page: PageRequest) -> Page[Customer]:
    """One page of visible customers."""
    engine.require_action(actor, CUSTOMERS.resource, "view")
    if page.ordering:
        ensure_fields_usable(actor, CUSTOMERS.resource, [page.ordering.lstrip("-")])
    return paginate(
        filtered_customers(actor, filters),
        page,
        allowed_ordering=ORDERING,
        default_ordering="-created_at",
    )


def get_customer(actor: Any, customer_id: int) -> Customer:
    """One customer the actor may see, or 404."""
    customer: Customer = engine.get_visible(actor, CUSTOMERS.resource, customer_id, related=("owner", "department"))
    return customer
