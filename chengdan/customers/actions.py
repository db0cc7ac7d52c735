"""Writes on customers: create, edit, transfer and delete, each scope-checked and audited."""

from typing import Any

from django.db import transaction

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers.models import Customer
from chengdan.customers.permissions import CUSTOMERS

AUDITED = ["name", "phone", "credit_code", "notes", "owner_id", "department_id"]
EDITABLE = ("name", "phone", "credit_code", "notes")


def _publish(name: str, customer: Customer, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, CUSTOMERS.resource, str(customer.pk), customer.name[:255], actor.pk, changes=changes))


def _owner(owner_id: int | None, actor: User) -> User:
    if owner_id is None or owner_id == actor.pk:
        return actor
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"owner_id": localized("负责人不存在。", "Owner not found.")}
        )
    return owner


def _required_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"name": localized("此项为必填项。", "This field is required.")}
        )
    return name


def create_customer(
    *, actor: User, name: str, phone: str = "", credit_code: str = "", notes: str = "", owner_id: int | None = None
) -> Customer:
    """Create a customer owned by the actor (or by a colleague inside the actor's reach)."""
    engine.require_action(actor, CUSTOMERS.resource, "create")
    owner = _owner(owner_id, actor)
    customer = Customer(
        name=_required_name(name)[:200],
        phone=phone.strip()[:30],
        credit_code=credit_code.strip().upper()[:18],
        notes=notes,
        owner=owner,
        department_id=owner.department_id,
    )
    if owner.pk != actor.pk:
        engine.ensure_within_reach(actor, CUSTOMERS.resource, "assign", customer)
    with transaction.atomic():
        customer.save()
        _publish("customer.created", customer, actor, diff({}, snapshot(customer, AUDITED)))
    return customer


def _locked(actor: User, customer_id: int, version: int | None, action: str) -> Customer:
    customer: Customer = engine.get_visible(
        actor, CUSTOMERS.resource, customer_id, action, for_update=True, version=version
    )
    return customer


def update_customer(*, actor: User, customer_id: int, version: int, changes: dict[str, Any]) -> Customer:
    """Edit a customer's fields; a stale version answers 409 with the current record."""
    with transaction.atomic():
        customer = _locked(actor, customer_id, version, "edit")
        before = snapshot(customer, AUDITED)
        for field in EDITABLE:
            if field in changes and changes[field] is not None:
                value = str(changes[field])
                setattr(customer, field, _required_name(value) if field == "name" else value.strip())
        bump_version(customer)
        customer.save()
        _publish("customer.updated", customer, actor, diff(before, snapshot(customer, AUDITED)))
    return customer


def transfer_customer(*, actor: User, customer_id: int, owner_id: int, version: int) -> Customer:
    """Hand a customer to another owner inside the actor's reach; its department follows the owner."""
    engine.require_action(actor, CUSTOMERS.resource, "assign")
    with transaction.atomic():
        customer = _locked(actor, customer_id, version, "assign")
        before = snapshot(customer, AUDITED)
        owner = _owner(owner_id, actor)
        customer.owner = owner
        customer.department_id = owner.department_id
        engine.ensure_within_reach(actor, CUSTOMERS.resource, "assign", customer)
        bump_version(customer)
        customer.save()
        _publish("customer.transferred", customer, actor, diff(before, snapshot(customer, AUDITED)))
    return customer


def delete_customer(*, actor: User, customer_id: int) -> None:
    """Delete a customer; the audit keeps its last values."""
    with transaction.atomic():
        customer = _locked(actor, customer_id, None, "delete")
        _publish("customer.deleted", customer, actor, diff(snapshot(customer, AUDITED), {}))
        from chengdan.access.models import RecordShare

        RecordShare.objects.filter(resource=CUSTOMERS.resource, object_id=customer.pk).delete()
        customer.delete()
