"""Writing one batch of planned import rows in bulk (the caller holds the transaction)."""

from typing import Any

from django.db import models
from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.core import bulk
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


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    """Each column's default, for the columns an import row does not set."""
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.has_default():
            values[field.attname] = field.get_default()
        elif field.null:
            values[field.attname] = None
        else:
            values[field.attname] = ""
    return values


class _Rows:
    """One table's rows in column order, each starting from the columns' defaults."""

    def __init__(self, model: type[models.Model]) -> None:
        defaults = _defaults(model)
        self.columns = list(defaults)
        self.blank = list(defaults.values())
        self.position = {column: index for index, column in enumerate(self.columns)}
        self.rows: list[list[Any]] = []

    def add(self, values: dict[str, Any], **fixed: Any) -> None:
        """A row from `values` (keys that are not columns are ignored), then `fixed` over them."""
        row = self.blank.copy()
        position = self.position
        for source in (values, fixed):
            for key, value in source.items():
                index = position.get(key)
                if index is not None:
                    row[index] = value
        self.rows.append(row)


def write_batch(actor: User, job_id: int, plans: list[RowPlan]) -> tuple[int, int]:
    """Create and update the batch's customers, contacts and tags; returns (created, updated)."""
    tags = _tag_ids(plans)
    departments = _owners(actor, plans)
    creates = [plan for plan in plans if plan.action == "create"]
    now = timezone.now()
    ids = bulk.reserve_ids(Customer, len(creates))
    customers = _Rows(Customer)
    contacts = _Rows(Contact)
    links: list[dict[str, int]] = []
    contact_ids = iter(bulk.reserve_ids(Contact, sum(1 for plan in creates if plan.contact)))
    for pk, plan in zip(ids, creates, strict=True):
        owner_id = plan.owner_id or actor.pk
        contact = plan.contact
        name_key, search_text = indexing.index_values(
            name=plan.customer.get("name", ""),
            short_name=plan.customer.get("short_name", ""),
            credit_code=plan.customer.get("credit_code", ""),
            phone=plan.customer.get("phone", ""),
            contacts=[(contact.get("name", ""), contact.get("mobile", ""), contact.get("email", ""))]
            if contact
            else [],
            name_key=plan.name_key,
        )
        customers.add(
            plan.customer,
            id=pk,
            owner_id=owner_id,
            department_id=departments.get(owner_id),
            name_key=name_key,
            search_text=search_text,
            created_at=now,
            updated_at=now,
        )
        if contact:
            contacts.add(contact, id=next(contact_ids), customer_id=pk, is_primary=True, created_at=now, updated_at=now)
        links.extend({"customer_id": pk, "tag_id": tags[name]} for name in dict.fromkeys(plan.tag_names))
    bulk.insert_rows(Customer, customers.columns, customers.rows)
    bulk.insert_rows(Contact, contacts.columns, contacts.rows)
    through = Customer.tags.through
    link_rows = _Rows(through)
    for pk, link in zip(bulk.reserve_ids(through, len(links)), links, strict=True):
        link_rows.add(link, id=pk)
    bulk.insert_rows(through, link_rows.columns, link_rows.rows)
    if customers.rows:
        # One audit entry per batch keeps a 100,000-row import fast; it names every created id.
        publish(
            Event(
                "customer.import_batch",
                CUSTOMERS.resource,
                "",
                f"import {job_id}",
                actor.pk,
                data={"job": job_id, "created_ids": ids},
            )
        )
    updates = [plan for plan in plans if plan.action == "update"]
    for plan in updates:
        _update(actor, plan, tags, departments)
    return len(customers.rows), len(updates)


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
