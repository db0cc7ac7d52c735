"""Writes on pool settings: create, edit and delete pools with their members, limits and take-back rules."""

from typing import Any

from django.db import transaction

from chengdan.access import engine
from chengdan.access.models import Pool
from chengdan.accounts.models import Department, User
from chengdan.core.errors import DomainError, ErrorCode, NotFoundError, StaleVersionError, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.customers.models import Customer
from chengdan.leads.models import Lead, PoolEvent, TakeBackRule
from chengdan.leads.pool_actions import PoolError, model_of

RESOURCE = "pools"
AUDITED = ["resource", "name", "name_en", "max_held", "max_claims_per_day", "cooldown_days", "is_default", "is_active"]
RULE_FIELDS = ("customer_level", "no_follow_up_days", "no_won_days", "warn_days", "exempts_open_deals", "is_active")
RELATIONS = ("member_ids", "member_department_ids", "manager_ids")


def _invalid(field: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})


def _ids_exist(model: Any, ids: list[int], field: str) -> list[int]:
    wanted = sorted(set(ids))
    queryset = model.objects.filter(pk__in=wanted)
    if model is User:
        queryset = queryset.filter(is_active=True)
    if queryset.count() != len(wanted):
        raise _invalid(field, "包含不存在或已停用的人员/部门。", "Some users or departments do not exist.")
    return wanted


def _state(pool: Pool) -> dict[str, Any]:
    data = snapshot(pool, AUDITED)
    data["member_ids"] = sorted(pool.members.values_list("pk", flat=True))
    data["member_department_ids"] = sorted(pool.member_departments.values_list("pk", flat=True))
    data["manager_ids"] = sorted(pool.managers.values_list("pk", flat=True))
    data["take_back_rules"] = [
        {name: getattr(rule, name) for name in RULE_FIELDS} for rule in pool.take_back_rules.order_by("pk")
    ]
    return data


def _set_rules(pool: Pool, rules: list[dict[str, Any]]) -> None:
    """Replace the pool's take-back rules (rules have no identity worth keeping: history is in PoolEvent)."""
    for index, rule in enumerate(rules):
        if rule.get("no_follow_up_days") is None and rule.get("no_won_days") is None:
            raise _invalid(
                f"take_back_rules.{index}",
                "请至少设置未跟进天数或未赢单天数。",
                "Set the days without follow-up or without a won deal.",
            )
        if pool.resource == "leads" and (rule.get("no_won_days") is not None or rule.get("customer_level")):
            raise _invalid(
                f"take_back_rules.{index}",
                "线索公海只支持未跟进天数规则。",
                "Lead pools take back by days without follow-up only.",
            )
    pool.take_back_rules.all().delete()
    TakeBackRule.objects.bulk_create(
        [TakeBackRule(pool=pool, **{name: rule[name] for name in RULE_FIELDS if name in rule}) for rule in rules]
    )


def _apply(pool: Pool, values: dict[str, Any]) -> None:
    relations = {name: values.pop(name) for name in RELATIONS if name in values}
    rules = values.pop("take_back_rules", None)
    for name, value in values.items():
        setattr(pool, name, value)
    if "name" in values and not (pool.name or "").strip():
        raise _invalid("name", "请填写公海名称。", "Give the pool a name.")
    if pool.is_default and pool.is_active:
        # One default pool per resource: released records without another home go there.
        Pool.objects.filter(resource=pool.resource, is_default=True).exclude(pk=pool.pk).update(is_default=False)
    pool.save()
    if "member_ids" in relations:
        pool.members.set(_ids_exist(User, relations["member_ids"], "member_ids"))
    if "member_department_ids" in relations:
        ids = _ids_exist(Department, relations["member_department_ids"], "member_department_ids")
        pool.member_departments.set(ids)
    if "manager_ids" in relations:
        pool.managers.set(_ids_exist(User, relations["manager_ids"], "manager_ids"))
    if rules is not None:
        _set_rules(pool, rules)


def _publish(name: str, pool: Pool, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, RESOURCE, str(pool.pk), pool.name[:255], actor.pk, changes=changes))


def create_pool(*, actor: User, values: dict[str, Any]) -> Pool:
    """Create a pool of customers or leads with its members, limits and take-back rules."""
    engine.require_action(actor, RESOURCE, "create")
    model_of(values.get("resource", ""))
    with transaction.atomic():
        pool = Pool(resource=values.pop("resource"))
        _apply(pool, values)
        _publish("pool.created", pool, actor, diff({}, _state(pool)))
    return pool


def update_pool(*, actor: User, pool_id: int, version: int, changes: dict[str, Any]) -> Pool:
    """Edit a pool; members, departments, managers and rules replace when sent; a stale version is a 409."""
    engine.require_action(actor, RESOURCE, "edit")
    with transaction.atomic():
        pool = Pool.objects.select_for_update().filter(pk=pool_id).first()
        if pool is None:
            raise NotFoundError()
        if pool.version != version:
            raise StaleVersionError(pool)
        before = _state(pool)
        pool.version += 1
        _apply(pool, changes)
        _publish("pool.updated", pool, actor, diff(before, _state(pool)))
    return pool


def delete_pool(*, actor: User, pool_id: int) -> None:
    """Delete an unused pool; one that holds records or history must be deactivated instead."""
    engine.require_action(actor, RESOURCE, "delete")
    with transaction.atomic():
        pool = Pool.objects.select_for_update().filter(pk=pool_id).first()
        if pool is None:
            raise NotFoundError()
        used = (
            Customer.objects.filter(pool=pool).exists()
            or Lead.objects.filter(pool=pool).exists()
            or PoolEvent.objects.filter(pool=pool).exists()
        )
        if used:
            raise PoolError.plain(
                "pool.in_use",
                "该公海中仍有记录或历史，不能删除；请改为停用。",
                "This pool still holds records or history; deactivate it instead.",
                status=409,
            )
        _publish("pool.deleted", pool, actor, diff(_state(pool), {}))
        pool.delete()
