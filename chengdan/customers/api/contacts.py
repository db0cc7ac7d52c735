"""HTTP endpoints of contacts: they live under a customer and follow its rights."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chengdan.accounts.actor import actor_of
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.customers import contact_actions, queries
from chengdan.customers.rendering import render_contact
from chengdan.customers.schemas import ContactIn, ContactOut, ContactPatch

router = Router(tags=["contacts"])


class ContactFiltersIn(Schema):
    q: str = Field("", max_length=100)


@router.get("", response=responses(page_of(ContactOut)), exclude_unset=True)
def list_contacts(request: HttpRequest, filters: Query[ContactFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """One page of the contacts the caller may see (search by name, mobile, email)."""
    result = queries.list_contacts(request.user, filters.q, PageRequest(**page.dict()))
    return page_body(result, [render_contact(request.user, c, c.customer.name) for c in result.items])


@router.post("/customers/{customer_id}", response=responses(ContactOut, 201), exclude_unset=True)
def create_contact(request: HttpRequest, customer_id: int, payload: ContactIn) -> Status[dict[str, Any]]:
    """Add a contact to a customer the caller may edit."""
    values = {name: value for name, value in payload.dict().items() if value is not None}
    allow = values.pop("allow_duplicate", False)
    contact = contact_actions.create_contact(
        actor=actor_of(request), customer_id=customer_id, values=values, allow_duplicate=allow
    )
    return Status(201, render_contact(request.user, contact))


@router.get("/{contact_id}", response=responses(ContactOut), exclude_unset=True)
def get_contact(request: HttpRequest, contact_id: int) -> dict[str, Any]:
    """One contact (404 when its customer is outside the caller's scope)."""
    contact = queries.get_contact(request.user, contact_id)
    return render_contact(request.user, contact, contact.customer.name)


@router.patch("/{contact_id}", response=responses(ContactOut), exclude_unset=True)
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> dict[str, Any]:
    """Edit a contact or move it to another customer; a stale `version` answers 409."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    contact = contact_actions.update_contact(
        actor=actor_of(request), contact_id=contact_id, version=version, changes=changes
    )
    return render_contact(request.user, contact)


@router.delete("/{contact_id}", response=responses(None, 204))
def delete_contact(request: HttpRequest, contact_id: int) -> Status[None]:
    """Remove a contact."""
    contact_actions.delete_contact(actor=actor_of(request), contact_id=contact_id)
    return Status(204, None)
