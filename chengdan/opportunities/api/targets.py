"""HTTP endpoints of sales targets: list with attainment, set one, set a team's period, edit, delete."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.accounts.models import User
from chengdan.core.schemas import responses
from chengdan.opportunities import target_actions, targets
from chengdan.opportunities.forecast_schemas import (
    SalesTargetBulkIn,
    SalesTargetIn,
    SalesTargetOut,
    SalesTargetPatch,
    SalesTargetQuery,
)
from chengdan.opportunities.models import Target
from chengdan.opportunities.periods import period_of

router = Router(tags=["targets"])


def _out(actor: User, found: list[Target]) -> list[dict[str, Any]]:
    return [targets.target_data(standing) for standing in targets.standings(actor, found)]


@router.get("/targets", response=responses(list[SalesTargetOut]))
def list_targets(request: HttpRequest, filters: Query[SalesTargetQuery]) -> list[dict[str, Any]]:
    """The caller's visible targets with won amount and attainment."""
    if filters.period_type is not None and filters.period_start is not None:
        period_of(filters.period_type, filters.period_start)
    found = targets.list_targets(request.user, **filters.dict())
    return [targets.target_data(standing) for standing in found]


@router.post("/targets", response=responses(SalesTargetOut, 201))
def create_target(request: HttpRequest, payload: SalesTargetIn) -> Status[dict[str, Any]]:
    """Set a user's or a department's target for one period (409 when one exists)."""
    actor = actor_of(request)
    target = target_actions.set_target(actor=actor, **payload.dict())
    return Status(201, _out(actor, [target])[0])


@router.put("/targets/bulk", response=responses(list[SalesTargetOut]))
def set_targets_bulk(request: HttpRequest, payload: SalesTargetBulkIn) -> list[dict[str, Any]]:
    """Create or replace the targets of many users and departments for one period, all or nothing."""
    actor = actor_of(request)
    items = [target_actions.TargetItem(**item.dict()) for item in payload.items]
    saved = target_actions.set_targets_bulk(
        actor=actor, period_type=payload.period_type, period_start=payload.period_start, items=items
    )
    return _out(actor, saved)


@router.patch("/targets/{target_id}", response=responses(SalesTargetOut))
def update_target(request: HttpRequest, target_id: int, payload: SalesTargetPatch) -> dict[str, Any]:
    """Change a target's amount; a stale `version` answers 409 with the current target."""
    actor = actor_of(request)
    target = target_actions.update_target(
        actor=actor, target_id=target_id, version=payload.version, amount=payload.amount
    )
    return _out(actor, [target])[0]


@router.delete("/targets/{target_id}", response=responses(None, 204))
def delete_target(request: HttpRequest, target_id: int) -> Status[None]:
    """Delete a target."""
    target_actions.delete_target(actor=actor_of(request), target_id=target_id)
    return Status(204, None)
