"""HTTP endpoints of public pools (公海): settings, my pools, pooled records, claim, release, assign, history.

Mounted at the API root: the paths are complete (/pools..., /customers/{id}/claim, /leads/{id}/claim).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.access.fields import apply_field_rules
from chengdan.access.models import Pool
from chengdan.accounts.actor import actor_of
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.pagination import PageRequest
from chengdan.core.records import register_renderer
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.customers.rendering import region_name
from chengdan.leads import pool_actions, pool_settings, pools
from chengdan.leads.pool_schemas import (
    ClaimOut,
    PoolAssignIn,
    PoolAssignOut,
    PoolEventOut,
    PoolIn,
    PoolOut,
    PoolPatch,
    PoolRecordOut,
    PoolsMineQuery,
    PoolsQuery,
    PoolSummaryOut,
    ReleaseIn,
)

router = Router(tags=["pools"])


def render_pool(actor: Any, pool: Pool) -> dict[str, Any]:
    """A pool with its members, managers and take-back rules (prefetched by pools.get_pool)."""
    member_ids = pools.member_pool_ids(actor, pool.resource)
    managers = [{"id": user.pk, "name": user.name} for user in pool.managers.all()]
    return {
        "id": pool.pk,
        "resource": pool.resource,
        "name": pool.name,
        "name_en": pool.name_en,
        "members": [{"id": user.pk, "name": user.name} for user in pool.members.all()],
        "member_departments": [{"id": item.pk, "name": item.name} for item in pool.member_departments.all()],
        "managers": managers,
        "max_held": pool.max_held,
        "max_claims_per_day": pool.max_claims_per_day,
        "cooldown_days": pool.cooldown_days,
        "is_default": pool.is_default,
        "is_active": pool.is_active,
        "is_member": pool.pk in member_ids,
        "is_manager": any(item["id"] == getattr(actor, "pk", None) for item in managers),
        "version": pool.version,
        "take_back_rules": [
            {
                "id": rule.pk,
                "customer_level": rule.customer_level,
                "no_follow_up_days": rule.no_follow_up_days,
                "no_won_days": rule.no_won_days,
                "warn_days": rule.warn_days,
                "exempts_open_deals": rule.exempts_open_deals,
                "is_active": rule.is_active,
            }
            for rule in pool.take_back_rules.all()
        ],
    }


register_renderer(Pool, lambda actor, pool: render_pool(actor, pools.get_pool(actor, pool.pk)))


@router.get("/pools", response=responses(list[PoolOut]))
def list_pools(request: HttpRequest, query: Query[PoolsQuery]) -> list[dict[str, Any]]:
    """Every pool with members, limits and rules (the settings page)."""
    actor = actor_of(request)
    return [render_pool(actor, pool) for pool in pools.list_pools(actor, query.resource)]


@router.post("/pools", response=responses(PoolOut, 201))
def create_pool(request: HttpRequest, payload: PoolIn) -> Status[dict[str, Any]]:
    """Create a pool (pools create right)."""
    actor = actor_of(request)
    pool = pool_settings.create_pool(actor=actor, values=payload.dict())
    return Status(201, render_pool(actor, pools.get_pool(actor, pool.pk)))


@router.get("/pools/mine", response=responses(list[PoolSummaryOut]))
def my_pools(request: HttpRequest, query: Query[PoolsMineQuery]) -> list[dict[str, Any]]:
    """The active pools of a resource the caller belongs to, with what they hold and claimed today."""
    actor = actor_of(request)
    mine = pools.member_pools(actor, query.resource)
    if not mine:
        return []
    held = pool_actions.held_count(actor.pk, query.resource)
    claimed = pools.claimed_today(actor, query.resource)
    managed = set(actor.managed_pools.values_list("pk", flat=True))
    return [
        {
            "id": pool.pk,
            "resource": pool.resource,
            "name": pool.name,
            "name_en": pool.name_en,
            "max_held": pool.max_held,
            "max_claims_per_day": pool.max_claims_per_day,
            "cooldown_days": pool.cooldown_days,
            "is_default": pool.is_default,
            "is_manager": pool.pk in managed,
            "held": held,
            "claimed_today": claimed,
        }
        for pool in mine
    ]


@router.get("/pools/{pool_id}", response=responses(PoolOut))
def get_pool(request: HttpRequest, pool_id: int) -> dict[str, Any]:
    """One pool."""
    actor = actor_of(request)
    return render_pool(actor, pools.get_pool(actor, pool_id))


@router.patch("/pools/{pool_id}", response=responses(PoolOut))
def update_pool(request: HttpRequest, pool_id: int, payload: PoolPatch) -> dict[str, Any]:
    """Edit a pool; lists and rules replace when sent; a stale `version` answers 409."""
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    for name in ("name", "cooldown_days", "is_default", "is_active", "name_en"):
        if name in changes and changes[name] is None:
            raise DomainError(ErrorCode.VALIDATION_ERROR, fields={name: localized("不能为空。", "May not be empty.")})
    pool_settings.update_pool(actor=actor, pool_id=pool_id, version=version, changes=changes)
    return render_pool(actor, pools.get_pool(actor, pool_id))


@router.delete("/pools/{pool_id}", response=responses(None, 204))
def delete_pool(request: HttpRequest, pool_id: int) -> Status[None]:
    """Delete a pool that never held anything (otherwise deactivate it)."""
    pool_settings.delete_pool(actor=actor_of(request), pool_id=pool_id)
    return Status(204, None)


def _record_rows(actor: User, resource: str, records: list[Any]) -> list[dict[str, Any]]:
    losers = pools.last_losers(resource, [record.pk for record in records])
    names = {user.pk: user.name for user in User.objects.filter(pk__in=set(losers.values()))}
    rows = []
    for record in records:
        data = apply_field_rules(actor, resource, _row(record))
        loser = losers.get(record.pk)
        rows.append(
            {
                "id": record.pk,
                "resource": resource,
                "name": data.get("name", ""),
                "company_name": data.get("company_name"),
                "level": data.get("level"),
                "industry": data.get("industry"),
                "region_name": data.get("region_name"),
                "status": data.get("status"),
                "pool_id": record.pool_id,
                "pooled_at": record.pooled_at,
                "last_follow_up_at": record.last_follow_up_at,
                "last_owner_id": loser,
                "last_owner_name": names.get(loser) if loser else None,
                "created_at": record.created_at,
                "version": record.version,
            }
        )
    return rows


def _row(record: Any) -> dict[str, Any]:
    """The list columns of a pooled customer or lead, before field rules."""
    code = record.district_code or record.city_code or record.province_code
    return {
        "name": record.name,
        "level": getattr(record, "level", None),
        "industry": record.industry,
        "region_name": region_name(code),
        "company_name": getattr(record, "company_name", None),
        "status": getattr(record, "status", None),
    }


@router.get("/pools/{pool_id}/records", response=responses(page_of(PoolRecordOut)))
def pool_records(request: HttpRequest, pool_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """One page of the records waiting in a pool, as the caller may see them."""
    actor = actor_of(request)
    pool, result = pools.pool_records(actor, pool_id, PageRequest(**page.dict()))
    return page_body(result, _record_rows(actor, pool.resource, result.items))


@router.post("/pools/{pool_id}/assign", response=responses(PoolAssignOut))
def assign_from_pool(request: HttpRequest, pool_id: int, payload: PoolAssignIn) -> dict[str, Any]:
    """A pool manager (or a supervisor whose reach covers the rep) hands pooled records to a rep."""
    result = pool_actions.assign_from_pool(actor_of(request), pool_id, None, payload.ids, payload.user_id)
    return {"done": result.done, "refused_ids": result.refused_ids}


def _claim_out(resource: str, record: Any) -> dict[str, Any]:
    owner = record.owner if record.owner_id else None
    return {
        "resource": resource,
        "id": record.pk,
        "owner_id": record.owner_id,
        "owner_name": owner.name if owner else None,
        "department_id": record.department_id,
        "pool_id": record.pool_id,
        "pooled_at": record.pooled_at,
        "version": record.version,
    }


def _claim(request: HttpRequest, resource: str, object_id: int) -> dict[str, Any]:
    record = pool_actions.claim(actor_of(request), resource, object_id)
    return _claim_out(resource, record)


def _release(request: HttpRequest, resource: str, object_id: int, reason: str) -> dict[str, Any]:
    event = pool_actions.release(actor_of(request), resource, object_id, reason)
    model = pool_actions.model_of(resource)
    return _claim_out(resource, model._default_manager.get(pk=event.object_id))


@router.post("/customers/{customer_id}/claim", response=responses(ClaimOut))
def claim_customer(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    """Claim a customer from one of the caller's pools, within the pool's limits."""
    return _claim(request, "customers", customer_id)


@router.post("/customers/{customer_id}/release", response=responses(ClaimOut))
def release_customer(request: HttpRequest, customer_id: int, payload: ReleaseIn) -> dict[str, Any]:
    """Give a customer up to its pool with a reason."""
    return _release(request, "customers", customer_id, payload.reason)


@router.post("/leads/{lead_id}/claim", response=responses(ClaimOut))
def claim_lead(request: HttpRequest, lead_id: int) -> dict[str, Any]:
    """Claim a lead from one of the caller's pools, within the pool's limits."""
    return _claim(request, "leads", lead_id)


@router.post("/leads/{lead_id}/release", response=responses(ClaimOut))
def release_lead(request: HttpRequest, lead_id: int, payload: ReleaseIn) -> dict[str, Any]:
    """Give a lead up to its pool with a reason."""
    return _release(request, "leads", lead_id, payload.reason)


@router.get("/pool-history/{resource}/{object_id}", response=responses(list[PoolEventOut]))
def pool_history(request: HttpRequest, resource: str, object_id: int) -> list[dict[str, Any]]:
    """Every return, release, claim, assignment and warning of a record the caller may see."""
    if resource not in pool_actions.MODELS:
        raise DomainError(ErrorCode.NOT_FOUND, status=404)
    events = pools.record_history(actor_of(request), resource, object_id)
    return [
        {
            "id": event.pk,
            "action": event.action,
            "pool_id": event.pool_id,
            "pool_name": event.pool.name,
            "user_id": event.user_id,
            "user_name": event.user.name if event.user else None,
            "actor_id": event.actor_id,
            "actor_name": event.actor.name if event.actor else None,
            "reason": event.reason,
            "at": event.at,
        }
        for event in events
    ]
