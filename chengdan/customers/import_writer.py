"""Writing one batch of planned import rows in bulk (the caller holds the transaction)."""

from typing import Any

from chengdan.accounts.models import User
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import indexing
from chengdan.customers.actions import AUDITED
from chengdan.customers.import_rows import RowPlan
from chengdan.customers.models import Contact, Customer, Tag
from chengdan.customers.permissions import CUSTOMERS


def _tag_ids(plans: list[RowPlan]) -> dict[str, int]:
    names = {name for plan in plans for name in plan.tag_names}
    if not names:
        return {}
    existing = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    missing = [Tag(name=name) for name in names if name not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    return existing


def _owners(actor: User, plans: list[RowPlan]) -> dict[int, int | None]:
    ids = {plan.owner_id for plan in plans if plan.owner_id} | {actor.pk}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "department_id"))


def write_batch(actor: User, job_id: int, plans: list[RowPlan]) -> tuple[int, int]:
    """Create and update the batch's customers, contacts and tags; returns (created, updated)."""
    tags = _tag_ids(plans)
    departments = _owners(actor, plans)
    creates = [plan for plan in plans if plan.action == "create"]
    customers = []
    for plan in creates:
        owner_id = plan.owner_id or actor.pk
        customer = Customer(**plan.customer, owner_id=owner_id, department_id=departments.get(owner_id))
        contact = plan.contact
        customer.name_key, customer.search_text = indexing.index_values(
            name=customer.name,
            short_name=customer.short_name,
            credit_code=customer.credit_code,
            phone=customer.phone,
            contacts=[(contact.get("name", ""), contact.get("mobile", ""), contact.get("email", ""))]
            if contact
            else [],
        )
        customers.append(customer)
    Customer.objects.bulk_create(customers, batch_size=500)
    contacts = [
        Contact(customer_id=customer.pk, is_primary=True, **plan.contact)
        for plan, customer in zip(creates, customers, strict=True)
        if plan.contact
    ]
    Contact.objects.bulk_create(contacts, batch_size=500)
    links = [
        Customer.tags.through(customer_id=customer.pk, tag_id=tags[name])
        for plan, customer in zip(creates, customers, strict=True)
        for name in dict.fromkeys(plan.tag_names)
    ]
    Customer.tags.through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    if customers:
        # One audit entry per batch keeps a 100,000-row import fast; it names every created id.
        publish(
            Event(
                "customer.import_batch",
                CUSTOMERS.resource,
                "",
                f"import {job_id}",
                actor.pk,
                data={"job": job_id, "created_ids": [customer.pk for customer in customers]},
            )
        )
    updates = [plan for plan in plans if plan.action == "update"]
    for plan in updates:
        _update(actor, plan, tags, departments)
    return len(customers), len(updates)


def _update(actor: User, plan: RowPlan, tags: dict[str, int], departments: dict[int, int | None]) -> None:
    assert plan.target_id is not None
    customer = Customer.objects.select_for_update().get(pk=plan.target_id)
    before = snapshot(customer, AUDITED)
    changes: dict[str, Any] = {key: value for key, value in plan.customer.items() if value not in ("", None, {})}
    if "custom" in changes:
        changes["custom"] = {**customer.custom, **changes["custom"]}
    for name, value in changes.items():
        setattr(customer, name, value)
    if plan.owner_id and plan.owner_id != customer.owner_id:
        customer.owner_id = plan.owner_id
        customer.department_id = departments.get(plan.owner_id)
    contact = plan.contact
    known = contact and Contact.objects.filter(customer=customer, mobile=contact.get("mobile") or "-").exists()
    if contact and not known:
        Contact.objects.create(customer=customer, **contact)
    indexing.reindex(customer)
    bump_version(customer)
    customer.save()
    if plan.tag_names:
        customer.tags.add(*[tags[name] for name in plan.tag_names])
    changed = diff(before, snapshot(customer, AUDITED))
    publish(
        Event("customer.updated", CUSTOMERS.resource, str(customer.pk), customer.name[:255], actor.pk, changes=changed)
    )
