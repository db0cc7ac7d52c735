"""Writes on customers: create, edit, transfer, delete and bulk actions, each scope-checked and audited."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.models import RecordShare
from chengdan.accounts.models import User
from chengdan.attachments.models import Attachment
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import duplicates, indexing
from chengdan.customers.errors import CustomerError, CustomerErrorCode
from chengdan.customers.models import Customer, CustomFieldEntity, Tag
from chengdan.customers.permissions import CUSTOMERS, visible_customers
from chengdan.customers.validation import Vocabulary, clean_customer

AUDITED = [
    "name",
    "short_name",
    "credit_code",
    "industry",
    "province_code",
    "city_code",
    "district_code",
    "address",
    "latitude",
    "longitude",
    "website",
    "source",
    "level",
    "stage",
    "phone",
    "notes",
    "custom",
    "owner_id",
    "department_id",
]


def _publish(name: str, customer: Customer, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, CUSTOMERS.resource, str(customer.pk), customer.name[:255], actor.pk, changes=changes))


def _audit_snapshot(customer: Customer) -> dict[str, Any]:
    data = snapshot(customer, AUDITED)
    if customer.pk:
        data["tags"] = sorted(customer.tags.values_list("name", flat=True))
    return data


def owner_for(owner_id: int | None, actor: User) -> User:
    """The requested owner (an active user), or the actor when none is named."""
    if owner_id is None or owner_id == actor.pk:
        return actor
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"owner_id": localized("负责人不存在。", "Owner not found.")}
        )
    return owner


def _tags(tag_ids: Iterable[int]) -> list[Tag]:
    wanted = set(tag_ids)
    tags = list(Tag.objects.filter(pk__in=wanted))
    if len(tags) != len(wanted):
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"tag_ids": localized("标签不存在。", "Unknown tag.")})
    return tags


def ensure_unique_custom(clean_custom: dict[str, Any], vocabulary: Vocabulary, exclude_id: int | None) -> None:
    """Refuse values of unique custom fields that another customer already holds."""
    errors = {}
    for custom in vocabulary.custom_fields.get(CustomFieldEntity.CUSTOMER, []):
        value = clean_custom.get(custom.key)
        if not custom.is_unique or value in (None, "", []):
            continue
        clash = Customer.objects.filter(**{f"custom__{custom.key}": value})
        if exclude_id is not None:
            clash = clash.exclude(pk=exclude_id)
        if clash.exists():
            errors[f"custom.{custom.key}"] = localized("该值已被其他客户使用。", "Another customer has this value.")
    if errors:
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields=errors)


def _check(values: dict[str, Any], vocabulary: Vocabulary, partial: bool) -> dict[str, Any]:
    clean, errors = clean_customer(values, vocabulary, partial=partial)
    if errors:
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields=errors)
    return clean


def create_customer(
    *,
    actor: User,
    values: dict[str, Any],
    owner_id: int | None = None,
    tag_ids: Iterable[int] = (),
    allow_duplicate: bool = False,
) -> Customer:
    """Create a customer owned by the actor (or a colleague in reach), refusing unconfirmed duplicates."""
    engine.require_action(actor, CUSTOMERS.resource, "create")
    vocabulary = Vocabulary.load()
    clean = _check(values, vocabulary, partial=False)
    owner = owner_for(owner_id, actor)
    customer = Customer(**clean, owner=owner, department_id=owner.department_id)
    if owner.pk != actor.pk:
        engine.ensure_within_reach(actor, CUSTOMERS.resource, "assign", customer)
    tags = _tags(tag_ids)
    with transaction.atomic():
        ensure_unique_custom(clean["custom"], vocabulary, None)
        duplicates.refuse_duplicates(
            actor, name=customer.name, credit_code=customer.credit_code, allow_similar=allow_duplicate
        )
        indexing.reindex(customer)
        customer.save()
        customer.tags.set(tags)
        _publish("customer.created", customer, actor, diff({}, _audit_snapshot(customer)))
    return customer


def locked_customer(actor: User, customer_id: int, version: int | None, action: str) -> Customer:
    """The customer row locked for a write the actor may do (404/403/409 otherwise)."""
    customer: Customer = engine.get_visible(
        actor, CUSTOMERS.resource, customer_id, action, for_update=True, version=version
    )
    return customer


def update_customer(
    *, actor: User, customer_id: int, version: int, changes: dict[str, Any], tag_ids: Iterable[int] | None = None
) -> Customer:
    """Edit a customer's fields; a stale version answers 409 with the current record."""
    vocabulary = Vocabulary.load()
    clean = _check(changes, vocabulary, partial=True)
    with transaction.atomic():
        customer = locked_customer(actor, customer_id, version, "edit")
        before = _audit_snapshot(customer)
        if "custom" in clean:
            clean["custom"] = {**customer.custom, **clean["custom"]}
            ensure_unique_custom(clean["custom"], vocabulary, customer.pk)
        if clean.get("credit_code") and clean["credit_code"] != customer.credit_code:
            duplicates.refuse_duplicates(
                actor, name=customer.name, credit_code=clean["credit_code"], allow_similar=True, exclude_id=customer.pk
            )
        for name, value in clean.items():
            setattr(customer, name, value)
        indexing.reindex(customer)
        bump_version(customer)
        customer.save()
        if tag_ids is not None:
            customer.tags.set(_tags(tag_ids))
        _publish("customer.updated", customer, actor, diff(before, _audit_snapshot(customer)))
    return customer


def transfer_customer(*, actor: User, customer_id: int, owner_id: int, version: int | None) -> Customer:
    """Hand a customer to another owner inside the actor's reach; its department follows the owner."""
    engine.require_action(actor, CUSTOMERS.resource, "assign")
    with transaction.atomic():
        customer = locked_customer(actor, customer_id, version, "assign")
        _move_owner(actor, customer, owner_for(owner_id, actor))
    return customer


def _move_owner(actor: User, customer: Customer, owner: User) -> None:
    before = snapshot(customer, AUDITED)
    customer.owner = owner
    customer.department_id = owner.department_id
    engine.ensure_within_reach(actor, CUSTOMERS.resource, "assign", customer)
    # A new owner gets the full take-back period before the pool may reclaim the customer.
    customer.idle_since = customer.won_idle_since = timezone.now()
    bump_version(customer)
    customer.save(update_fields=["owner", "department", "idle_since", "won_idle_since", "version", "updated_at"])
    _publish("customer.transferred", customer, actor, diff(before, snapshot(customer, AUDITED)))


def delete_customer(*, actor: User, customer_id: int) -> None:
    """Delete a customer; the audit keeps its last values."""
    with transaction.atomic():
        customer = locked_customer(actor, customer_id, None, "delete")
        _delete(actor, customer)


def _delete(actor: User, customer: Customer) -> None:
    _publish("customer.deleted", customer, actor, diff(_audit_snapshot(customer), {}))
    RecordShare.objects.filter(resource=CUSTOMERS.resource, object_id=customer.pk).delete()
    Attachment.objects.filter(resource=CUSTOMERS.resource, object_id=customer.pk).delete()
    try:
        customer.delete()
    except ProtectedError:
        raise CustomerError.plain(
            CustomerErrorCode.HAS_RECORDS,
            "该客户下还有商机等业务记录，不能删除；请先转移、删除这些记录或合并客户。",
            "This customer still has opportunities or other records; move or delete them, or merge the customer.",
            status=409,
        ) from None


def _bulk_targets(actor: User, ids: list[int], action: str) -> tuple[list[Customer], list[int]]:
    """The listed customers the actor may `action`, locked in id order, and the ids refused."""
    engine.require_action(actor, CUSTOMERS.resource, action)
    if len(ids) > 1000:
        raise CustomerError.bulk_too_large(1000)
    allowed = list(visible_customers(actor, action).filter(pk__in=ids).select_for_update().order_by("pk"))
    found = {customer.pk for customer in allowed}
    return allowed, sorted(set(ids) - found)


def bulk_update(
    *,
    actor: User,
    ids: list[int],
    operation: str,
    owner_id: int | None = None,
    tag_ids: list[int] | None = None,
    stage: str = "",
) -> dict[str, Any]:
    """Apply one bulk action (transfer, add_tags, remove_tags, set_stage, delete) to the permitted rows."""
    action = {"transfer": "assign", "delete": "delete"}.get(operation, "edit")
    with transaction.atomic():
        targets, refused = _bulk_targets(actor, ids, action)
        if operation == "transfer":
            owner = owner_for(owner_id, actor)
            for customer in targets:
                _move_owner(actor, customer, owner)
        elif operation in ("add_tags", "remove_tags"):
            tags = _tags(tag_ids or [])
            for customer in targets:
                before = sorted(customer.tags.values_list("name", flat=True))
                (customer.tags.add if operation == "add_tags" else customer.tags.remove)(*tags)
                after = sorted(customer.tags.values_list("name", flat=True))
                if before != after:
                    _publish("customer.updated", customer, actor, {"tags": [before, after]})
        elif operation == "set_stage":
            clean = _check({"stage": stage}, Vocabulary.load(), partial=True)
            for customer in targets:
                previous = snapshot(customer, ["stage"])
                customer.stage = clean["stage"]
                bump_version(customer)
                customer.save(update_fields=["stage", "version", "updated_at"])
                _publish("customer.updated", customer, actor, diff(previous, snapshot(customer, ["stage"])))
        elif operation == "delete":
            for customer in list(targets):
                try:
                    # A savepoint per customer: one that still has deals is refused, the others go.
                    with transaction.atomic():
                        _delete(actor, customer)
                except CustomerError:
                    targets.remove(customer)
                    refused.append(customer.pk)
        else:
            raise DomainError(
                ErrorCode.VALIDATION_ERROR, fields={"operation": localized("未知的批量操作。", "Unknown operation.")}
            )
    return {"done": len(targets), "refused_ids": refused}


def touch_follow_up(customer_ids: Iterable[int], at: Any) -> None:
    """Record a follow-up time (the activities issue calls this; pool take-back rules read it)."""
    ids = list(customer_ids)
    Customer.objects.filter(pk__in=ids).filter(Q(last_follow_up_at__isnull=True) | Q(last_follow_up_at__lt=at)).update(
        last_follow_up_at=at
    )
    Customer.objects.filter(pk__in=ids, idle_since__lt=at).update(idle_since=at)


def touch_won(customer_id: int, at: Any) -> None:
    """Record a won deal (the opportunities domain calls this; the "no won deal within M days" rule reads it)."""
    Customer.objects.filter(pk=customer_id).filter(Q(last_won_at__isnull=True) | Q(last_won_at__lt=at)).update(
        last_won_at=at
    )
    Customer.objects.filter(pk=customer_id, won_idle_since__lt=at).update(won_idle_since=at)
