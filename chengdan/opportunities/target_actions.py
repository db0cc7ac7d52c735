"""Writes on targets: set one, set a whole team's period at once, change and delete, scope-checked and audited."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, transaction

from chengdan.access import engine
from chengdan.accounts.models import Department, User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.opportunities.models import Target
from chengdan.opportunities.periods import period_of
from chengdan.opportunities.permissions import TARGETS

AUDITED = ["user_id", "department_id", "is_department_target", "period_type", "period_start", "amount"]
BULK_LIMIT = 500
CENT = Decimal("0.01")


class TargetErrorCode(StrEnum):
    """Codes the SPA translates itself."""

    DUPLICATE = "target.duplicate"


@dataclass(frozen=True)
class TargetItem:
    """One row of a bulk set: a user's or a department's amount."""

    amount: Decimal
    user_id: int | None = None
    department_id: int | None = None


def _publish(name: str, target: Target, actor: User, changes: dict[str, Any]) -> None:
    label = f"{target.period_type}:{target.period_start}"
    publish(Event(name, TARGETS.resource, str(target.pk), label, actor.pk, changes=changes))


def _invalid(field: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})


def _check_amount(amount: Decimal, field: str = "amount") -> Decimal:
    if amount < 0:
        raise _invalid(field, "目标金额不能为负数。", "The amount cannot be negative.")
    return amount.quantize(CENT)


def _holder(user_id: int | None, department_id: int | None, prefix: str = "") -> tuple[User | None, int | None]:
    """The user (and their department) or the department the target belongs to; exactly one is named."""
    if (user_id is None) == (department_id is None):
        raise _invalid(f"{prefix}user_id", "请指定一个用户或一个部门。", "Name either a user or a department.")
    if user_id is not None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise _invalid(f"{prefix}user_id", "用户不存在。", "User not found.")
        return user, user.department_id
    if department_id is None or not Department.objects.filter(pk=department_id).exists():
        raise _invalid(f"{prefix}department_id", "部门不存在。", "Department not found.")
    return None, department_id


def _existing(user: User | None, department_id: int | None, period_type: str, start: date) -> Target | None:
    queryset = Target.objects.select_for_update().filter(period_type=period_type, period_start=start)
    if user is not None:
        return queryset.filter(is_department_target=False, user_id=user.pk).first()
    return queryset.filter(is_department_target=True, department_id=department_id or 0).first()


def set_target(
    *,
    actor: User,
    period_type: str,
    period_start: date,
    amount: Decimal,
    user_id: int | None = None,
    department_id: int | None = None,
) -> Target:
    """Create a user's or a department's target for one period (409 `target.duplicate` when it exists)."""
    engine.require_action(actor, TARGETS.resource, "create")
    period = period_of(period_type, period_start)
    amount = _check_amount(amount)
    user, holder_department = _holder(user_id, department_id)
    target = Target(
        user=user,
        department_id=holder_department,
        is_department_target=user is None,
        period_type=period.period_type,
        period_start=period.start,
        amount=amount,
        created_by=actor,
    )
    engine.ensure_within_reach(actor, TARGETS.resource, "create", target)
    try:
        with transaction.atomic():
            if _existing(user, holder_department, period.period_type, period.start) is not None:
                raise _duplicate()
            target.save()
            _publish("target.created", target, actor, diff({}, snapshot(target, AUDITED)))
    except IntegrityError:
        raise _duplicate() from None
    return target


def _duplicate() -> DomainError:
    return DomainError(
        TargetErrorCode.DUPLICATE,
        localized("该周期已设置过此目标，请直接修改。", "A target for this period already exists; edit it instead."),
        status=409,
    )


def set_targets_bulk(*, actor: User, period_type: str, period_start: date, items: list[TargetItem]) -> list[Target]:
    """Create or replace many targets of one period at once; all or nothing, every row inside reach."""
    engine.require_action(actor, TARGETS.resource, "create")
    engine.require_action(actor, TARGETS.resource, "edit")
    period = period_of(period_type, period_start)
    if len(items) > BULK_LIMIT:
        raise _invalid("items", f"一次最多设置 {BULK_LIMIT} 个目标。", f"At most {BULK_LIMIT} targets per request.")
    seen: set[tuple[str, int]] = set()
    saved: list[Target] = []
    with transaction.atomic():
        for index, item in enumerate(items):
            prefix = f"items.{index}."
            amount = _check_amount(item.amount, f"{prefix}amount")
            user, department_id = _holder(item.user_id, item.department_id, prefix)
            holder = ("user", user.pk) if user is not None else ("department", department_id or 0)
            if holder in seen:
                raise _invalid(f"{prefix}user_id", "同一对象重复出现。", "This user or department appears twice.")
            seen.add(holder)
            saved.append(_upsert(actor, user, department_id, period.period_type, period.start, amount))
    return saved


def _upsert(
    actor: User, user: User | None, department_id: int | None, period_type: str, start: date, amount: Decimal
) -> Target:
    target = _existing(user, department_id, period_type, start)
    if target is None:
        target = Target(
            user=user,
            department_id=department_id,
            is_department_target=user is None,
            period_type=period_type,
            period_start=start,
            amount=amount,
            created_by=actor,
        )
        engine.ensure_within_reach(actor, TARGETS.resource, "create", target)
        target.save()
        _publish("target.created", target, actor, diff({}, snapshot(target, AUDITED)))
        return target
    if not engine.can(actor, TARGETS.resource, "edit", target):
        raise engine.denied(TARGETS.resource, "edit", target.pk, ErrorCode.TARGET_OUT_OF_SCOPE)
    before = snapshot(target, AUDITED)
    target.amount = amount
    target.department_id = department_id
    engine.ensure_within_reach(actor, TARGETS.resource, "edit", target)
    if snapshot(target, AUDITED) != before:
        bump_version(target)
        target.save()
        _publish("target.updated", target, actor, diff(before, snapshot(target, AUDITED)))
    return target


def update_target(*, actor: User, target_id: int, version: int, amount: Decimal) -> Target:
    """Change a target's amount; a stale version answers 409 with the current target."""
    amount = _check_amount(amount)
    with transaction.atomic():
        target: Target = engine.get_visible(
            actor, TARGETS.resource, target_id, "edit", for_update=True, version=version
        )
        before = snapshot(target, AUDITED)
        target.amount = amount
        bump_version(target)
        target.save()
        _publish("target.updated", target, actor, diff(before, snapshot(target, AUDITED)))
    return target


def delete_target(*, actor: User, target_id: int) -> None:
    """Delete a target; the audit keeps its last values."""
    with transaction.atomic():
        target: Target = engine.get_visible(actor, TARGETS.resource, target_id, "delete", for_update=True)
        _publish("target.deleted", target, actor, diff(snapshot(target, AUDITED), {}))
        target.delete()
