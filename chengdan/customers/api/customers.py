"""HTTP endpoints of customers: list, 360 detail, edits, bulk actions, collaborators, timeline."""

import json
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.audit import queries as audit_queries
from chengdan.audit.rendering import timeline_page_body
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.customers import actions, queries, timeline
from chengdan.customers.rendering import render_contact, render_customer
from chengdan.customers.schemas import (
    BulkIn,
    BulkOut,
    ContactOut,
    CustomerFiltersIn,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    TimelineEntryOut,
    TransferIn,
)

router = Router(tags=["customers"])


def to_filters(filters: CustomerFiltersIn) -> queries.CustomerFilters:
    """The query-string filters as the domain's filter object (custom filters arrive as JSON)."""
    data = filters.dict()
    custom_text = data.pop("custom")
    try:
        custom = json.loads(custom_text) if custom_text else {}
    except ValueError:
        custom = None
    if not isinstance(custom, dict):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"custom": localized("应为 JSON 对象。", "Must be a JSON object.")}
        )
    for name in ("tag_ids", "level", "stage", "industry", "source"):
        data[name] = tuple(data[name])
    return queries.CustomerFilters(**data, custom=custom)


def _values(payload: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in payload.items() if value is not None}


@router.get("", response=responses(page_of(CustomerOut)), exclude_unset=True)
def list_customers(request: HttpRequest, filters: Query[CustomerFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """One page of the customers the caller may see, filtered and sorted."""
    result = queries.list_customers(request.user, to_filters(filters), PageRequest(**page.dict()))
    return page_body(result, [render_customer(request.user, c) for c in result.items])


@router.post("", response=responses(CustomerOut, 201), exclude_unset=True)
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[dict[str, Any]]:
    """Create a customer; likely duplicates answer 409 with candidates unless `allow_duplicate`."""
    data = payload.dict()
    owner_id, tag_ids, allow = data.pop("owner_id"), data.pop("tag_ids"), data.pop("allow_duplicate")
    customer = actions.create_customer(
        actor=actor_of(request), values=_values(data), owner_id=owner_id, tag_ids=tag_ids or [], allow_duplicate=allow
    )
    return Status(201, render_customer(request.user, customer))


@router.post("/bulk", response=responses(BulkOut))
def bulk_update(request: HttpRequest, payload: BulkIn) -> dict[str, Any]:
    """Transfer, tag, restage or delete many customers; rows outside the caller's rights are refused by id."""
    return actions.bulk_update(actor=actor_of(request), **payload.dict())


@router.get("/{customer_id}", response=responses(CustomerOut), exclude_unset=True)
def get_customer(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    """One customer (404 when it does not exist or is outside the caller's scope)."""
    return render_customer(request.user, queries.get_customer(request.user, customer_id))


@router.patch("/{customer_id}", response=responses(CustomerOut), exclude_unset=True)
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> dict[str, Any]:
    """Edit a customer; a stale `version` answers 409 with the current record."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    tag_ids = changes.pop("tag_ids", None)
    customer = actions.update_customer(
        actor=actor_of(request), customer_id=customer_id, version=version, changes=_values(changes), tag_ids=tag_ids
    )
    return render_customer(request.user, customer)


@router.delete("/{customer_id}", response=responses(None, 204))
def delete_customer(request: HttpRequest, customer_id: int) -> Status[None]:
    """Delete a customer."""
    actions.delete_customer(actor=actor_of(request), customer_id=customer_id)
    return Status(204, None)


@router.post("/{customer_id}/transfer", response=responses(CustomerOut), exclude_unset=True)
def transfer_customer(request: HttpRequest, customer_id: int, payload: TransferIn) -> dict[str, Any]:
    """Hand the customer to another owner inside the caller's reach."""
    customer = actions.transfer_customer(
        actor=actor_of(request), customer_id=customer_id, owner_id=payload.owner_id, version=payload.version
    )
    return render_customer(request.user, customer)


@router.get("/{customer_id}/contacts", response=responses(list[ContactOut]), exclude_unset=True)
def customer_contacts(request: HttpRequest, customer_id: int) -> list[dict[str, Any]]:
    """The customer's contacts, primary first."""
    return [render_contact(request.user, c) for c in queries.customer_contacts(request.user, customer_id)]


@router.get("/{customer_id}/timeline", response=responses(page_of(TimelineEntryOut)))
def customer_timeline(request: HttpRequest, customer_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The customer's history (its own, its contacts' and registered sources' such as converted leads), newest first."""
    actor = actor_of(request)
    queries.get_customer(actor, customer_id)
    subjects = timeline.timeline_subjects(customer_id)
    result = audit_queries.record_history(actor, subjects, PageRequest(**page.dict()))
    return timeline_page_body(actor, result)
