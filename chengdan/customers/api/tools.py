"""HTTP endpoints for finding customers: quick search, duplicate check and finder, merge and undo."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules
from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.customers import duplicates, merging, queries, search
from chengdan.customers.models import Merge
from chengdan.customers.permissions import CONTACTS, CUSTOMERS
from chengdan.customers.rendering import render_contact, render_customer
from chengdan.customers.schemas import (
    CandidateOut,
    DuplicateCheckIn,
    DuplicateGroupOut,
    MergeIn,
    MergeOut,
    SearchOut,
)

router = Router(tags=["customers"])


class SearchIn(Schema):
    q: str = Field("", max_length=100)
    limit: int = Field(8, ge=1, le=50)


@router.get("/search", response=responses(SearchOut), exclude_unset=True)
def quick_search(request: HttpRequest, params: Query[SearchIn]) -> dict[str, Any]:
    """Customers and contacts matching a name, pinyin, credit code, phone or email."""
    found = search.quick_search(request.user, params.q, params.limit)
    return {
        "customers": [render_customer(request.user, c) for c in found["customers"]],
        "contacts": [render_contact(request.user, c, c.customer.name) for c in found["contacts"]],
    }


@router.post("/duplicates/check", response=responses(list[CandidateOut]))
def check_duplicates(request: HttpRequest, payload: DuplicateCheckIn) -> list[dict[str, Any]]:
    """Likely duplicates of what is being typed (the form calls this live, before saving)."""
    engine.require_action(request.user, CUSTOMERS.resource, "view")
    return duplicates.find_candidates(request.user, **payload.dict())


@router.get("/duplicates", response=responses(list[DuplicateGroupOut]), exclude_unset=True)
def duplicate_groups(request: HttpRequest) -> list[dict[str, Any]]:
    """Groups of visible customers that look like the same company."""
    actor = request.user
    groups = duplicates.duplicate_groups(actor)
    wanted = sorted({pk for group in groups for pk in group["customer_ids"]})
    rows = {c.pk: c for c in queries.customers_by_ids(actor, wanted)}
    result = []
    for group in groups:
        key = group["key"]
        if group["reason"] == "mobile":
            key = apply_field_rules(actor, CONTACTS.resource, {"mobile": key}).get("mobile") or ""
        elif group["reason"] == "credit_code":
            key = apply_field_rules(actor, CUSTOMERS.resource, {"credit_code": key}).get("credit_code") or ""
        members = [render_customer(actor, rows[pk]) for pk in group["customer_ids"] if pk in rows]
        result.append({"reason": group["reason"], "key": key, "customers": members})
    return result


def _render_merge(merge: Merge) -> dict[str, Any]:
    return {
        "id": merge.pk,
        "survivor_id": merge.survivor_id,
        "merged_id": merge.merged_id,
        "merged_name": merge.merged_name,
        "actor_name": merge.actor.name,
        "created_at": merge.created_at,
        "undone_at": merge.undone_at,
    }


@router.post("/merge", response=responses(MergeOut, 201))
def merge_customers(request: HttpRequest, payload: MergeIn) -> Status[dict[str, Any]]:
    """Merge one customer into another; contacts and every related record move; undoable."""
    merge = merging.merge_customers(actor=actor_of(request), **payload.dict())
    return Status(201, _render_merge(merge))


@router.get("/{customer_id}/merges", response=responses(list[MergeOut]))
def customer_merges(request: HttpRequest, customer_id: int) -> list[dict[str, Any]]:
    """Merges into this customer, newest first."""
    return [_render_merge(m) for m in queries.customer_merges(request.user, customer_id)]


@router.post("/merges/{merge_id}/undo", response=responses(MergeOut))
def undo_merge(request: HttpRequest, merge_id: int) -> dict[str, Any]:
    """Undo a merge: the merged customer comes back with what moved."""
    return _render_merge(merging.undo_merge(actor=actor_of(request), merge_id=merge_id))
