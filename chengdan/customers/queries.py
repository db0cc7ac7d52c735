"""Reads on customers; every one starts from `visible_customers` / `visible_contacts`."""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from chengdan.access import engine
from chengdan.access.fields import ensure_fields_usable
from chengdan.accounts.people import attach_people
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.pagination import Page, PageRequest, paginate
from chengdan.customers import search
from chengdan.customers.models import Contact, Customer, CustomField, CustomFieldEntity, FieldType, Merge, Tag
from chengdan.customers.pages import LIST_COLUMNS, attach_tags
from chengdan.customers.permissions import CONTACTS, CUSTOMERS, visible_contacts

ORDERING = {
    "created_at": "created_at",
    "updated_at": "updated_at",
    "name": "name",
    "last_follow_up_at": "last_follow_up_at",
}
LIST_RELATED = ("owner", "department")


@dataclass(frozen=True)
class CustomerFilters:
    """What a customer list can be narrowed by (custom fields as `custom` key → value or [min, max])."""

    q: str = ""
    owner_id: int | None = None
    department_id: int | None = None
    tag_ids: tuple[int, ...] = ()
    level: tuple[str, ...] = ()
    stage: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    region_code: str = ""
    created_from: date | None = None
    created_to: date | None = None
    follow_up_from: date | None = None
    follow_up_to: date | None = None
    custom: dict[str, Any] = field(default_factory=dict)
    # Public pools: customers waiting in one pool, or in any pool (True) / owned (False).
    pool_id: int | None = None
    in_pool: bool | None = None


def _region_filter(code: str) -> dict[str, str]:
    if len(code) != 6 or not code.isdigit():
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"region_code": localized("地区无效。", "Bad region.")})
    if code.endswith("0000"):
        return {"province_code": code}
    if code.endswith("00"):
        return {"city_code": code}
    return {"district_code": code}


def _bad_filter(key: str) -> DomainError:
    return DomainError(
        ErrorCode.VALIDATION_ERROR,
        fields={f"custom.{key}": localized("无法按此值筛选。", "Cannot filter by this value.")},
    )


def _range(queryset: QuerySet[Customer], key: str, kind: str, bounds: list[Any]) -> QuerySet[Customer]:
    # Dates are ISO text (ordered as text); money is exact decimal text, so compare it as a number.
    text = KeyTextTransform(key, "custom")
    alias = f"custom_{key}_value"
    numeric = models.DecimalField(max_digits=20, decimal_places=2)
    output = models.TextField() if kind == FieldType.DATE else numeric
    queryset = queryset.alias(**{alias: Cast(text, output_field=output)})
    for lookup, bound in (("gte", bounds[0]), ("lte", bounds[1])):
        if bound in (None, ""):
            continue
        try:
            parsed: Any = date.fromisoformat(str(bound)).isoformat() if kind == FieldType.DATE else Decimal(str(bound))
        except (ArithmeticError, ValueError):
            raise _bad_filter(key) from None
        queryset = queryset.filter(**{f"{alias}__{lookup}": parsed})
    return queryset


def _custom_filters(actor: Any, queryset: QuerySet[Customer], custom: dict[str, Any]) -> QuerySet[Customer]:
    """Filters on custom fields by their type: ranges for numbers, money and dates, membership for multi-choice."""
    ensure_fields_usable(actor, CUSTOMERS.resource, [f"custom.{key}" for key in custom])
    kinds = dict(
        CustomField.objects.filter(entity=CustomFieldEntity.CUSTOMER, key__in=list(custom)).values_list(
            "key", "field_type"
        )
    )
    for key, value in custom.items():
        kind = kinds.get(key)
        if kind is None:
            raise _bad_filter(key)
        if kind in (FieldType.NUMBER, FieldType.MONEY, FieldType.DATE) and isinstance(value, list) and len(value) == 2:
            queryset = _range(queryset, key, kind, value)
        elif kind == FieldType.MULTI_CHOICE:
            # A list in JSON text: the quoted value is one of its items.
            queryset = queryset.alias(**{f"custom_{key}_text": KeyTextTransform(key, "custom")}).filter(
                **{f"custom_{key}_text__contains": json.dumps(str(value), ensure_ascii=False)}
            )
        elif isinstance(value, (str, int, float, bool)):
            queryset = queryset.filter(**{f"custom__{key}": value})
        else:
            raise _bad_filter(key)
    return queryset


def filtered_customers(actor: Any, filters: CustomerFilters, action: str = "view") -> QuerySet[Customer]:
    """The visible customers matching the filters (refusing filters on fields the actor cannot see)."""
    queryset = search.matching_customers(actor, filters.q) if filters.q else engine.visible(actor, "customers", action)
    if filters.q and action != "view":
        queryset = queryset.filter(pk__in=engine.visible(actor, CUSTOMERS.resource, action).values("pk"))
    simple = {
        "owner_id": filters.owner_id,
        "department_id": filters.department_id,
        "created_at__date__gte": filters.created_from,
        "created_at__date__lte": filters.created_to,
        "last_follow_up_at__date__gte": filters.follow_up_from,
        "last_follow_up_at__date__lte": filters.follow_up_to,
    }
    queryset = queryset.filter(**{name: value for name, value in simple.items() if value is not None})
    if filters.pool_id is not None:
        queryset = queryset.filter(pool_id=filters.pool_id)
    if filters.in_pool is not None:
        queryset = queryset.filter(pool__isnull=not filters.in_pool)
    for name in ("level", "stage", "industry", "source"):
        values = getattr(filters, name)
        if values:
            queryset = queryset.filter(**{f"{name}__in": values})
    if filters.tag_ids:
        queryset = queryset.filter(tags__in=filters.tag_ids).distinct()
    if filters.region_code:
        queryset = queryset.filter(**_region_filter(filters.region_code))
    if filters.custom:
        queryset = _custom_filters(actor, queryset, filters.custom)
    return queryset


def list_customers(actor: Any, filters: CustomerFilters, page: PageRequest) -> Page[Customer]:
    """One page of visible customers, tags prefetched (constant query count)."""
    engine.require_action(actor, CUSTOMERS.resource, "view")
    if page.ordering:
        ensure_fields_usable(actor, CUSTOMERS.resource, [page.ordering.lstrip("-")])
    queryset = filtered_customers(actor, filters).only(*LIST_COLUMNS)
    result = paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="-created_at")
    attach_people(result.items)
    attach_tags(result.items)
    return result


def get_customer(actor: Any, customer_id: int) -> Customer:
    """One customer the actor may see, or 404."""
    customer: Customer = engine.get_visible(actor, CUSTOMERS.resource, customer_id, related=LIST_RELATED)
    return customer


def customer_contacts(actor: Any, customer_id: int) -> list[Contact]:
    """The contacts of a customer the actor may see, primary first."""
    get_customer(actor, customer_id)
    return list(Contact.objects.filter(customer_id=customer_id).order_by("-is_primary", "name", "pk"))


def list_contacts(actor: Any, q: str, page: PageRequest) -> Page[Contact]:
    """One page of visible contacts (search by name, mobile, email)."""
    engine.require_action(actor, CONTACTS.resource, "view")
    queryset = search.matching_contacts(actor, q) if q else visible_contacts(actor)
    return paginate(
        queryset.select_related("customer"),
        page,
        allowed_ordering={"created_at": "created_at", "name": "name"},
        default_ordering="-created_at",
    )


def get_contact(actor: Any, contact_id: int) -> Contact:
    """One contact whose customer the actor may see, or 404."""
    contact: Contact = engine.get_visible(actor, CONTACTS.resource, contact_id, related=("customer",))
    return contact


def customers_by_ids(actor: Any, ids: list[int]) -> list[Customer]:
    """The listed customers the actor may see, in the given order (for duplicate groups)."""
    rows = {
        c.pk: c
        for c in engine.visible(actor, CUSTOMERS.resource)
        .filter(pk__in=ids)
        .select_related(*LIST_RELATED)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.all()))
    }
    return [rows[pk] for pk in ids if pk in rows]


def customer_merges(actor: Any, customer_id: int) -> list[Merge]:
    """Merges into a customer the actor may see, newest first (for undo)."""
    get_customer(actor, customer_id)
    return list(Merge.objects.filter(survivor_id=customer_id).select_related("actor").order_by("-pk"))
