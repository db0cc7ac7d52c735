"""Writes at public pools (公海): return, release, claim within the limits, assign from the pool."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.models import Pool
from chengdan.access.profile import load_profile
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish, publish_many
from chengdan.core.versioning import bump_version
from chengdan.customers.models import Customer
from chengdan.leads.choices import AssignmentReason, LeadStatus, PoolAction
from chengdan.leads.models import AssignmentLog, Lead, PoolEvent

MODELS: dict[str, type[models.Model]] = {"customers": Customer, "leads": Lead}
OPEN_LEAD_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING)
BULK_LIMIT = 1000


class PoolErrorCode(StrEnum):
    """Codes the SPA translates itself."""

    LIMIT_HELD = "pool.limit_held"
    LIMIT_DAILY = "pool.limit_daily"
    COOLDOWN = "pool.cooldown"
    NOT_MEMBER = "pool.not_member"
    NOT_IN_POOL = "pool.not_in_pool"
    ALREADY_POOLED = "pool.already_pooled"
    NO_POOL = "pool.none"
    BULK_TOO_LARGE = "pool.bulk_too_large"


class PoolError(DomainError):
    """A refusal at a pool."""

    @classmethod
    def plain(cls, code: str, zh: str, en: str, status: int = 422, **extra: Any) -> "PoolError":
        """A refusal with a code and its two messages."""
        return cls(code, localized(zh, en), status=status, extra=extra or None)


def model_of(resource: str) -> type[models.Model]:
    """The model behind a pool resource ("customers" or "leads"); anything else is a 422."""
    model = MODELS.get(resource)
    if model is None:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"resource": localized("未知的公海类型。", "Unknown pool resource.")}
        )
    return model


def _label(record: Any) -> str:
    return str(record)[:255]


def _audit(name: str, resource: str, record: Any, actor: User | None, changes: dict[str, Any], pool: Pool) -> None:
    publish(
        Event(
            name,
            resource,
            str(record.pk),
            _label(record),
            actor.pk if actor else None,
            changes=changes,
            data={"pool_id": pool.pk, "pool": pool.name},
        )
    )


def return_to_pool(
    record: Customer | Lead,
    pool: Pool,
    reason: str,
    actor: User | None = None,
    *,
    action: str = PoolAction.RETURNED,
    now: datetime | None = None,
) -> PoolEvent:
    """Put an owned record into `pool`: no owner or department, history and collaborators kept.

    Callers hold the row (take-back, SLA return, departing users, release); `action` is RELEASED
    when the owner gives it up, RETURNED when a rule takes it back.
    """
    now = now or timezone.now()
    resource = "customers" if isinstance(record, Customer) else "leads"
    previous_owner_id = record.owner_id
    previous_department_id = record.department_id
    record.owner = None
    record.department = None
    record.pool = pool
    record.pooled_at = now
    bump_version(record)
    with transaction.atomic():
        record.save(update_fields=["owner", "department", "pool", "pooled_at", "version", "updated_at"])
        event = PoolEvent.objects.create(
            resource=resource,
            object_id=record.pk,
            pool=pool,
            action=action,
            user_id=previous_owner_id,
            actor=actor,
            reason=reason[:300],
            at=now,
        )
        changes = {
            "owner_id": (previous_owner_id, None),
            "department_id": (previous_department_id, None),
            "pool_id": (None, pool.pk),
        }
        _audit(f"pool.{action}", resource, record, actor, changes, pool)
    return event


@dataclass(frozen=True)
class Returning:
    """One owned record going back to a pool in bulk, with what its history and audit entry keep of it."""

    pk: int
    name: str
    owner_id: int | None
    department_id: int | None
    pool: Pool
    reason: str


def return_many_to_pool(
    resource: str,
    records: list[Returning],
    actor: User | None = None,
    *,
    action: str = PoolAction.RETURNED,
    now: datetime | None = None,
) -> int:
    """`return_to_pool` for many rows the caller holds: one UPDATE per pool, events and audit entries in bulk.

    Each record ends exactly as `return_to_pool` leaves it (no owner or department, pooled now, version
    + 1), with one PoolEvent and one audit entry each; returns how many rows were updated.
    """
    if not records:
        return 0
    now = now or timezone.now()
    model: Any = model_of(resource)
    by_pool: dict[int, list[Returning]] = defaultdict(list)
    for record in records:
        by_pool[record.pool.pk].append(record)
    changed = 0
    with transaction.atomic():
        for pool_id, group in by_pool.items():
            changed += model.objects.filter(pk__in=[record.pk for record in group]).update(
                owner=None,
                department=None,
                pool_id=pool_id,
                pooled_at=now,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
        PoolEvent.objects.bulk_create(
            [
                PoolEvent(
                    resource=resource,
                    object_id=record.pk,
                    pool=record.pool,
                    action=action,
                    user_id=record.owner_id,
                    actor=actor,
                    reason=record.reason[:300],
                    at=now,
                )
                for record in records
            ],
            batch_size=BULK_LIMIT,
        )
        publish_many(
            [
                Event(
                    f"pool.{action}",
                    resource,
                    str(record.pk),
                    record.name[:255],
                    actor.pk if actor else None,
                    changes={
                        "owner_id": (record.owner_id, None),
                        "department_id": (record.department_id, None),
                        "pool_id": (None, record.pool.pk),
                    },
                    data={"pool_id": record.pool.pk, "pool": record.pool.name},
                )
                for record in records
            ]
        )
    return changed


def _give(record: Customer | Lead, pool: Pool, owner: User, actor: User, action: str, now: datetime) -> None:
    """Hand a pooled record to `owner` with fresh take-back clocks (the caller holds the row)."""
    resource = "customers" if isinstance(record, Customer) else "leads"
    record.owner = owner
    record.department_id = owner.department_id
    record.pool = None
    record.pooled_at = None
    # The new owner gets the full take-back period.
    record.idle_since = now
    fields = ["owner", "department", "pool", "pooled_at", "idle_since", "version", "updated_at"]
    if isinstance(record, Customer):
        record.won_idle_since = now
        fields.append("won_idle_since")
    else:
        # A fresh first-contact SLA for the new owner.
        record.assigned_at = now
        record.sla_reminded_at = record.sla_escalated_at = None
        fields += ["assigned_at", "sla_reminded_at", "sla_escalated_at"]
        reason = AssignmentReason.CLAIM if action == PoolAction.CLAIMED else AssignmentReason.POOL_ASSIGN
        AssignmentLog.objects.create(lead=record, user=owner, reason=reason, assigned_at=now)
    bump_version(record)
    record.save(update_fields=fields)
    PoolEvent.objects.create(
        resource=resource, object_id=record.pk, pool=pool, action=action, user=owner, actor=actor, at=now
    )
    changes = {"owner_id": (None, owner.pk), "department_id": (None, owner.department_id), "pool_id": (pool.pk, None)}
    _audit(f"pool.{action}", resource, record, actor, changes, pool)


def start_of_day(now: datetime) -> datetime:
    """Midnight of `now`'s day in the installation's time zone (Asia/Shanghai)."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def held_count(user_id: int, resource: str) -> int:
    """The records of `resource` the user owns now (open leads only: converted ones are done)."""
    if resource == "leads":
        return Lead.objects.filter(owner_id=user_id, status__in=OPEN_LEAD_STATUSES).count()
    return Customer.objects.filter(owner_id=user_id).count()


def _check_limits(actor: User, resource: str, record: Any, pool: Pool, now: datetime) -> None:
    if pool.max_held is not None and held_count(actor.pk, resource) >= pool.max_held:
        raise PoolError.plain(
            PoolErrorCode.LIMIT_HELD,
            f"已达到持有上限：每人最多持有 {pool.max_held} 条，请先跟进或放弃部分记录。",
            f"Holding limit reached: at most {pool.max_held} records per rep; release some first.",
            limit=pool.max_held,
        )
    if pool.max_claims_per_day is not None:
        today = PoolEvent.objects.filter(
            user=actor, resource=resource, action=PoolAction.CLAIMED, at__gte=start_of_day(now)
        ).count()
        if today >= pool.max_claims_per_day:
            raise PoolError.plain(
                PoolErrorCode.LIMIT_DAILY,
                f"已达到每日领取上限：每天最多领取 {pool.max_claims_per_day} 条，请明天再试。",
                f"Daily claim limit reached: at most {pool.max_claims_per_day} claims a day; try again tomorrow.",
                limit=pool.max_claims_per_day,
            )
    if pool.cooldown_days:
        lost = PoolEvent.objects.filter(
            resource=resource,
            object_id=record.pk,
            user=actor,
            action__in=(PoolAction.RELEASED, PoolAction.RETURNED),
            at__gte=now - timedelta(days=pool.cooldown_days),
        ).order_by("-at")
        last = lost.values_list("at", flat=True).first()
        if last is not None:
            until = timezone.localtime(last + timedelta(days=pool.cooldown_days))
            raise PoolError.plain(
                PoolErrorCode.COOLDOWN,
                f"冷却期内不能重新领取：放弃或被收回后 {pool.cooldown_days} 天内不可领取，"
                f"{until:%Y-%m-%d %H:%M} 后可领。",
                f"Cool-down: a record you released or lost cannot be reclaimed within {pool.cooldown_days} days; "
                f"available after {until:%Y-%m-%d %H:%M}.",
                limit=pool.cooldown_days,
                available_at=until.isoformat(),
            )


def claim(actor: User, resource: str, object_id: int, *, now: datetime | None = None) -> Customer | Lead:
    """Take a record from one of the actor's pools within its limits (404 when it is not visible)."""
    model_of(resource)
    now = now or timezone.now()
    with transaction.atomic():
        # The row lock makes two simultaneous claims queue: the second sees the first's owner.
        record = engine.get_visible(actor, resource, object_id, "view", for_update=True)
        if record.pool_id is None:
            raise PoolError.plain(
                PoolErrorCode.NOT_IN_POOL, "该记录不在公海中。", "This record is not in a pool.", status=409
            )
        if record.pool_id not in load_profile(actor).pool_ids(resource):
            raise PoolError.plain(
                PoolErrorCode.NOT_MEMBER, "您不是该公海的成员。", "You are not a member of this pool.", status=403
            )
        pool = Pool.objects.get(pk=record.pool_id)
        _check_limits(actor, resource, record, pool, now)
        _give(record, pool, actor, actor, PoolAction.CLAIMED, now)
    return record


def pool_to_release_to(resource: str, record: Any) -> Pool:
    """The pool a released record goes to: the one it was last taken from, else the default pool."""
    last_taken = (
        PoolEvent.objects.filter(
            resource=resource, object_id=record.pk, action__in=(PoolAction.CLAIMED, PoolAction.ASSIGNED)
        )
        .order_by("-at", "-pk")
        .values_list("pool_id", flat=True)
        .first()
    )
    pools = Pool.objects.filter(resource=resource, is_active=True)
    pool = pools.filter(pk=last_taken).first() if last_taken else None
    pool = pool or pools.filter(is_default=True).order_by("pk").first()
    if pool is None:
        raise PoolError.plain(
            PoolErrorCode.NO_POOL,
            "没有可放回的公海，请联系管理员设置默认公海。",
            "There is no pool to release to; ask an administrator to set a default pool.",
        )
    return pool


def release(actor: User, resource: str, object_id: int, reason: str, *, now: datetime | None = None) -> PoolEvent:
    """Give a record up to its pool with a reason: its owner, or someone who may assign it."""
    model_of(resource)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, fields={"reason": localized("请填写放弃原因。", "Give a reason.")}
        )
    with transaction.atomic():
        record = engine.get_visible(actor, resource, object_id, "view", for_update=True)
        if record.pool_id is not None or record.owner_id is None:
            raise PoolError.plain(
                PoolErrorCode.ALREADY_POOLED, "该记录已在公海中。", "This record is already in a pool.", status=409
            )
        if record.owner_id != actor.pk and not engine.can(actor, resource, "assign", record):
            raise engine.denied(resource, "assign", object_id)
        pool = pool_to_release_to(resource, record)
        return return_to_pool(record, pool, reason, actor, action=PoolAction.RELEASED, now=now)


@dataclass(frozen=True)
class AssignResult:
    """What an assignment from a pool did: how many records moved and which ids were refused."""

    done: int
    refused_ids: list[int]


def _may_assign(actor: User, pool: Pool, resource: str, user: User) -> bool:
    if pool.managers.filter(pk=actor.pk).exists():
        return True
    if not engine.has_action(actor, resource, "assign"):
        return False
    # The assignment's result (owned by the user, in their department) must stay in the actor's reach.
    probe = model_of(resource)(owner_id=user.pk, department_id=user.department_id)
    return engine.can(actor, resource, "assign", probe)


def assign_from_pool(
    actor: User,
    pool_id: int,
    resource: str | None,
    object_ids: list[int],
    user_id: int,
    *,
    now: datetime | None = None,
) -> AssignResult:
    """A supervisor hands pooled records to a rep; the rep's claim limits do not apply."""
    now = now or timezone.now()
    if len(object_ids) > BULK_LIMIT:
        raise PoolError.plain(
            PoolErrorCode.BULK_TOO_LARGE,
            f"一次最多分配 {BULK_LIMIT} 条记录。",
            f"At most {BULK_LIMIT} records per request.",
        )
    pool = Pool.objects.filter(pk=pool_id).first()
    if pool is None or (resource is not None and pool.resource != resource):
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    resource = pool.resource
    model_of(resource)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise DomainError(ErrorCode.VALIDATION_ERROR, fields={"user_id": localized("用户不存在。", "User not found.")})
    if not _may_assign(actor, pool, resource, user):
        raise engine.denied(resource, "assign", pool_id, ErrorCode.PERMISSION_DENIED)
    wanted = sorted(set(object_ids))
    with transaction.atomic():
        rows = (
            engine.visible(actor, resource, "view").filter(pk__in=wanted, pool=pool).select_for_update().order_by("pk")
        )
        records = list(rows)
        for record in records:
            _give(record, pool, user, actor, PoolAction.ASSIGNED, now)
    found = {record.pk for record in records}
    return AssignResult(done=len(records), refused_ids=[pk for pk in wanted if pk not in found])
