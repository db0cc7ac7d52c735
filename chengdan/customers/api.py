"""HTTP endpoints of customers and their collaborators."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.access import sharing
from chengdan.access.fields import apply_field_rules
from chengdan.accounts.models import User
from chengdan.core.pagination import PageRequest
from chengdan.core.records import register_renderer
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.customers import actions, queries
from chengdan.customers.models import Customer
from chengdan.customers.permissions import CUSTOMERS
from chengdan.customers.schemas import (
    CollaboratorIn,
    CollaboratorOut,
    CustomerFiltersIn,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    TransferIn,
)

router = Router(tags=["customers"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def render_customer(actor: Any, customer: Customer) -> dict[str, Any]:
    """A customer as the actor may see it (field rules applied)."""
    data = {
        "id": customer.pk,
        "name": customer.name,
        "phone": customer.phone,
        "credit_code": customer.credit_code,
        "notes": customer.notes,
        "owner_id": customer.owner_id,
        "owner_name": customer.owner.name,
        "department_id": customer.department_id,
        "department_name": customer.department.name if customer.department else None,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "version": customer.version,
    }
    return apply_field_rules(actor, CUSTOMERS.resource, data)


register_renderer(Customer, render_customer)


@router.get("", response=responses(page_of(CustomerOut)), exclude_unset=True)
def list_customers(request: HttpRequest, filters: Query[CustomerFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """One page of the customers the caller may see."""
    result = queries.list_customers(request.user, queries.CustomerFilters(**filters.dict()), PageRequest(**page.dict()))
    return page_body(result, [render_customer(request.user, c) for c in result.items])


@router.post("", response=responses(CustomerOut, 201), exclude_unset=True)
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[dict[str, Any]]:
    """Create a customer."""
    customer = actions.create_customer(actor=_actor(request), **payload.dict())
    return Status(201, render_customer(request.user, customer))


@router.get("/{customer_id}", response=responses(CustomerOut), exclude_unset=True)
def get_customer(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    """One customer (404 when it does not exist or is outside the caller's scope)."""
    return render_customer(request.user, queries.get_customer(request.user, customer_id))


@router.patch("/{customer_id}", response=responses(CustomerOut), exclude_unset=True)
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> dict[str, Any]:
    """Edit a customer; a stale `version` answers 409 with the current record."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    customer = actions.update_customer(actor=_actor(request), customer_id=customer_id, version=version, changes=changes)
    return render_customer(request.user, customer)


@router.delete("/{customer_id}", response=responses(None, 204))
def delete_customer(request: HttpRequest, customer_id: int) -> Status[None]:
    """Delete a customer."""
    actions.delete_customer(actor=_actor(request), customer_id=customer_id)
    return Status(204, None)


@router.post("/{customer_id}/transfer", response=responses(CustomerOut), exclude_unset=True)
def transfer_customer(request: HttpRequest, customer_id: int, payload: TransferIn) -> dict[str, Any]:
    """Hand the customer to another owner inside the caller's reach."""
    customer = actions.transfer_customer(
        actor=_actor(request), customer_id=customer_id, owner_id=payload.owner_id, version=payload.version
    )
    return render_customer(request.user, customer)


@router.get("/{customer_id}/collaborators", response=responses(list[CollaboratorOut]))
def list_collaborators(request: HttpRequest, customer_id: int) -> list[dict[str, Any]]:
    """The customer's team beyond its owner."""
    shares = sharing.list_collaborators(request.user, CUSTOMERS.resource, customer_id)
    return [{"user_id": s.user_id, "user_name": s.user.name, "access": s.access} for s in shares]


@router.put("/{customer_id}/collaborators/{user_id}", response=responses(CollaboratorOut))
def set_collaborator(request: HttpRequest, customer_id: int, user_id: int, payload: CollaboratorIn) -> dict[str, Any]:
    """Add a collaborator or change their access."""
    share = sharing.set_collaborator(
        actor=request.user, resource=CUSTOMERS.resource, object_id=customer_id, user_id=user_id, access=payload.access
    )
    return {"user_id": share.user_id, "user_name": share.user.name, "access": share.access}


@router.delete("/{customer_id}/collaborators/{user_id}", response=responses(None, 204))
def remove_collaborator(request: HttpRequest, customer_id: int, user_id: int) -> Status[None]:
    """Remove a collaborator."""
    sharing.remove_collaborator(actor=request.user, resource=CUSTOMERS.resource, object_id=customer_id, user_id=user_id)
    return Status(204, None)
