"""Writes on contacts: they follow their customer's rights (editing a contact edits the customer)."""

from typing import Any

from django.db import transaction

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import actions, duplicates, indexing
from chengdan.customers.errors import CustomerError
from chengdan.customers.models import Contact
from chengdan.customers.permissions import CONTACTS
from chengdan.customers.validation import Vocabulary, clean_contact

AUDITED = [
    "customer_id",
    "name",
    "title",
    "department_name",
    "mobile",
    "landline",
    "email",
    "wechat",
    "birthday",
    "decision_role",
    "is_primary",
    "notes",
    "custom",
]


def _publish(name: str, contact: Contact, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, CONTACTS.resource, str(contact.pk), contact.name[:255], actor.pk, changes=changes))


def _clean(values: dict[str, Any], partial: bool) -> dict[str, Any]:
    clean, errors = clean_contact(values, Vocabulary.load(), partial=partial)
    if errors:
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields=errors)
    return clean


def _only_primary(contact: Contact) -> None:
    if contact.is_primary:
        Contact.objects.filter(customer_id=contact.customer_id, is_primary=True).exclude(pk=contact.pk).update(
            is_primary=False
        )


def _refuse_known(actor: User, clean: dict[str, Any], customer_id: int) -> None:
    """A mobile or email already on another customer's contact is a likely duplicate customer."""
    mobiles = [clean["mobile"]] if clean.get("mobile") else []
    emails = [clean["email"]] if clean.get("email") else []
    if not mobiles and not emails:
        return
    candidates = duplicates.find_candidates(actor, mobiles=mobiles, emails=emails, exclude_id=customer_id)
    if candidates:
        raise CustomerError.duplicate(candidates)


def create_contact(*, actor: User, customer_id: int, values: dict[str, Any], allow_duplicate: bool = False) -> Contact:
    """Add a contact to a customer the actor may edit; a mobile/email known elsewhere needs confirming."""
    clean = _clean(values, partial=False)
    with transaction.atomic():
        customer = actions.locked_customer(actor, customer_id, None, "edit")
        if not allow_duplicate:
            _refuse_known(actor, clean, customer.pk)
        contact = Contact.objects.create(customer=customer, **clean)
        _only_primary(contact)
        indexing.reindex_saved(customer.pk)
        _publish("contact.created", contact, actor, diff({}, snapshot(contact, AUDITED)))
    return contact


def _locked_contact(actor: User, contact_id: int, version: int | None) -> Contact:
    contact: Contact = engine.get_visible(
        actor, CONTACTS.resource, contact_id, "edit", for_update=True, version=version
    )
    return contact


def update_contact(*, actor: User, contact_id: int, version: int, changes: dict[str, Any]) -> Contact:
    """Edit a contact; moving it (`customer_id`) needs edit right on both customers."""
    target = changes.pop("customer_id", None)
    clean = _clean(changes, partial=True)
    with transaction.atomic():
        contact = _locked_contact(actor, contact_id, version)
        before = snapshot(contact, AUDITED)
        previous_customer = contact.customer_id
        if target is not None and target != contact.customer_id:
            contact.customer = actions.locked_customer(actor, target, None, "edit")
        if "custom" in clean:
            clean["custom"] = {**contact.custom, **clean["custom"]}
        for name, value in clean.items():
            setattr(contact, name, value)
        bump_version(contact)
        contact.save()
        _only_primary(contact)
        for customer_id in {previous_customer, contact.customer_id}:
            indexing.reindex_saved(customer_id)
        _publish("contact.updated", contact, actor, diff(before, snapshot(contact, AUDITED)))
    return contact


def delete_contact(*, actor: User, contact_id: int) -> None:
    """Remove a contact; the audit keeps its last values."""
    with transaction.atomic():
        contact = _locked_contact(actor, contact_id, None)
        _publish("contact.deleted", contact, actor, diff(snapshot(contact, AUDITED), {}))
        customer_id = contact.customer_id
        contact.delete()
        indexing.reindex_saved(customer_id)
