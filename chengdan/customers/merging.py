"""Merging duplicate customers into a survivor, and undoing a merge.

Every record that points at a customer is moved through one registry: later domains (activities,
opportunities, contracts…) call `register_relation` for their foreign key and merges move them too.
"""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from chengdan.access.models import RecordShare
from chengdan.accounts.models import User
from chengdan.attachments.models import Attachment
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish
from chengdan.core.versioning import bump_version
from chengdan.customers import actions, indexing
from chengdan.customers.errors import CustomerError, CustomerErrorCode
from chengdan.customers.models import Contact, Customer, Merge, Tag
from chengdan.customers.permissions import CUSTOMERS

MERGEABLE_FIELDS = [
    "name",
    "short_name",
    "credit_code",
    "industry",
    "province_code",
    "city_code",
    "district_code",
    "address",
    "website",
    "source",
    "level",
    "stage",
    "phone",
    "notes",
]
_relations: dict[str, tuple[type[models.Model], str]] = {}


def register_relation(model: type[models.Model], field: str) -> None:
    """Declare a foreign key to Customer whose rows follow the survivor of a merge."""
    _relations[f"{model._meta.label}.{field}"] = (model, field)


register_relation(Contact, "customer_id")


def _lock_pair(actor: User, survivor_id: int, merged_id: int) -> tuple[Customer, Customer]:
    if survivor_id == merged_id:
        raise CustomerError.plain(
            CustomerErrorCode.MERGE_SAME, "不能把客户与自己合并。", "A customer cannot be merged with itself."
        )
    # Lock in primary-key order so two crossing merges cannot deadlock.
    first, second = sorted((survivor_id, merged_id))
    locked = {
        pk: actions.locked_customer(actor, pk, None, "delete" if pk == merged_id else "edit") for pk in (first, second)
    }
    return locked[survivor_id], locked[merged_id]


def _snapshot(customer: Customer) -> dict[str, Any]:
    """The row as JSON (every column, its tags and remaining collaborators), enough to re-create it."""
    data: dict[str, Any] = {field.attname: getattr(customer, field.attname) for field in Customer._meta.concrete_fields}
    data["tag_ids"] = sorted(customer.tags.values_list("pk", flat=True))
    shares = RecordShare.objects.filter(resource=CUSTOMERS.resource, object_id=customer.pk)
    data["shares"] = [[user_id, access] for user_id, access in shares.values_list("user_id", "access")]
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def merge_customers(
    *, actor: User, survivor_id: int, merged_id: int, take_from_merged: list[str], custom_from_merged: list[str]
) -> Merge:
    """Merge `merged` into `survivor`: chosen fields, contacts and every registered relation move; undoable."""
    unknown = set(take_from_merged) - set(MERGEABLE_FIELDS)
    if unknown:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"take_from_merged": localized("未知的字段。", "Unknown field.")}
        )
    with transaction.atomic():
        survivor, merged = _lock_pair(actor, survivor_id, merged_id)
        before = {name: getattr(survivor, name) for name in [*MERGEABLE_FIELDS, "custom"]}
        before["tag_ids"] = sorted(survivor.tags.values_list("pk", flat=True))
        for name in take_from_merged:
            setattr(survivor, name, getattr(merged, name))
        survivor.custom = {
            **merged.custom,
            **survivor.custom,
            **{key: merged.custom[key] for key in custom_from_merged if key in merged.custom},
        }
        moved: dict[str, list[int]] = {}
        for label, (model, field) in _relations.items():
            rows = model._default_manager.filter(**{field: merged.pk})
            moved[label] = list(rows.values_list("pk", flat=True))
            rows.update(**{field: survivor.pk})
        existing = set(
            RecordShare.objects.filter(resource=CUSTOMERS.resource, object_id=survivor.pk).values_list(
                "user_id", flat=True
            )
        )
        shares = RecordShare.objects.filter(resource=CUSTOMERS.resource, object_id=merged.pk)
        moving = shares.exclude(user_id__in=existing | {survivor.owner_id})
        moved["shares"] = list(moving.values_list("pk", flat=True))
        moving.update(object_id=survivor.pk)
        files = Attachment.objects.filter(resource=CUSTOMERS.resource, object_id=merged.pk)
        moved["attachments"] = list(files.values_list("pk", flat=True))
        files.update(object_id=survivor.pk)
        survivor.tags.add(*merged.tags.all())
        indexing.reindex(survivor)
        bump_version(survivor)
        survivor.save()
        snapshot = _snapshot(merged)
        merge = Merge.objects.create(
            survivor=survivor,
            merged_id=merged.pk,
            merged_name=merged.name,
            merged_snapshot=snapshot,
            actor=actor,
            survivor_before=before,
            moved=moved,
        )
        changes = {name: [before[name], getattr(survivor, name)] for name in take_from_merged}
        _publish("customer.merged", survivor, actor, {**changes, "merged_id": [None, merged.pk]})
        _publish("customer.merged_away", merged, actor, {"merged_into": [None, survivor.pk]})
        # The merged row leaves the table, so no list or scope count ever has to filter it out.
        RecordShare.objects.filter(resource=CUSTOMERS.resource, object_id=merged.pk).delete()
        merged.delete()
    return merge


def _restore(snapshot: dict[str, Any]) -> Customer:
    columns = {field.attname for field in Customer._meta.concrete_fields}
    customer = Customer(**{name: value for name, value in snapshot.items() if name in columns})
    bump_version(customer)
    customer.save(force_insert=True)
    customer.tags.set(Tag.objects.filter(pk__in=snapshot.get("tag_ids", [])))
    for user_id, access in snapshot.get("shares", []):
        RecordShare.objects.get_or_create(
            resource=CUSTOMERS.resource, object_id=customer.pk, user_id=user_id, defaults={"access": access}
        )
    return Customer.objects.get(pk=customer.pk)


def undo_merge(*, actor: User, merge_id: int) -> Merge:
    """Put a merge back: the merged customer returns under its id with its contacts and relations."""
    with transaction.atomic():
        merge = Merge.objects.select_for_update().filter(pk=merge_id).first()
        if merge is None:
            raise DomainError(ErrorCode.NOT_FOUND, status=404)
        survivor = actions.locked_customer(actor, merge.survivor_id, None, "edit")
        if merge.undone_at is not None:
            raise CustomerError.plain(CustomerErrorCode.MERGE_ALREADY_UNDONE, "该合并已撤销。", "Already undone.")
        later = Merge.objects.filter(survivor_id=survivor.pk, undone_at__isnull=True, pk__gt=merge.pk)
        if later.exists():
            raise CustomerError.plain(
                CustomerErrorCode.MERGE_NOT_LATEST,
                "请先撤销该客户之后的合并。",
                "Undo the later merges into this customer first.",
            )
        merged = _restore(merge.merged_snapshot)
        before = merge.survivor_before
        for name in [*MERGEABLE_FIELDS, "custom"]:
            setattr(survivor, name, before[name])
        survivor.tags.set(before.get("tag_ids", []))
        for label, ids in merge.moved.items():
            if label == "shares":
                RecordShare.objects.filter(pk__in=ids).update(object_id=merged.pk)
            elif label == "attachments":
                Attachment.objects.filter(pk__in=ids).update(object_id=merged.pk)
            elif label in _relations:
                model, field = _relations[label]
                model._default_manager.filter(pk__in=ids).update(**{field: merged.pk})
        indexing.reindex(survivor)
        bump_version(survivor)
        survivor.save()
        indexing.reindex_saved(merged.pk)
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at"])
        _publish("customer.merge_undone", survivor, actor, {"merged_id": [merged.pk, None]})
        _publish("customer.restored", merged, actor, {"merged_into": [survivor.pk, None]})
    return merge


def _publish(name: str, customer: Customer, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, CUSTOMERS.resource, str(customer.pk), customer.name[:255], actor.pk, changes=changes))
