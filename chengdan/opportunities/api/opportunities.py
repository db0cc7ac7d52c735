"""HTTP endpoints of deals: list, detail, edits, stage moves, won/lost/reopen, transfer, bulk, history."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.accounts.models import User
from chengdan.audit import queries as audit_queries
from chengdan.audit.rendering import timeline_page_body
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.opportunities import actions, queries
from chengdan.opportunities.rendering import render_detail, render_opportunity
from chengdan.opportunities.schemas import (
    LostIn,
    MoveIn,
    OpportunityBulkIn,
    OpportunityBulkOut,
    OpportunityDetailOut,
    OpportunityFiltersIn,
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    OpportunityTimelineEntryOut,
    OpportunityTransferIn,
    ReopenIn,
    StageChangeOut,
    WonIn,
)

router = Router(tags=["opportunities"])
customer_router = Router(tags=["opportunities"])
RELATIONS = ("tag_ids", "lines", "contacts")


def to_filters(filters: OpportunityFiltersIn) -> queries.OpportunityFilters:
    """The query-string filters as the domain's filter object."""
    data = filters.dict()
    data["ids"] = queries.parse_ids(data["ids"])
    for name in ("status", "tag_ids", "forecast_category", "risk"):
        data[name] = tuple(data[name])
    return queries.OpportunityFilters(**data)


def _rendered(actor: User, opportunities: list[Any]) -> list[dict[str, Any]]:
    risks = queries.risks_of(opportunities)
    return [render_opportunity(actor, item, risks.get(item.pk, [])) for item in opportunities]


def _one(actor: User, opportunity: Any) -> dict[str, Any]:
    return _rendered(actor, [queries.with_related(opportunity)])[0]


def _detail(actor: User, opportunity_id: int) -> dict[str, Any]:
    opportunity = queries.get_opportunity(actor, opportunity_id)
    return render_detail(actor, opportunity, queries.risks_of([opportunity]).get(opportunity.pk, []))


@router.get("", response=responses(page_of(OpportunityOut)), exclude_unset=True)
def list_opportunities(
    request: HttpRequest, filters: Query[OpportunityFiltersIn], page: Query[PageQuery]
) -> dict[str, Any]:
    """One page of the deals the caller may see, filtered and sorted."""
    actor = actor_of(request)
    result = queries.list_opportunities(actor, to_filters(filters), PageRequest(**page.dict()))
    return page_body(result, _rendered(actor, result.items))


@router.post("", response=responses(OpportunityDetailOut, 201), exclude_unset=True)
def create_opportunity(request: HttpRequest, payload: OpportunityIn) -> Status[dict[str, Any]]:
    """Create a deal on a customer the caller may see."""
    actor = actor_of(request)
    data = payload.dict(exclude_none=True)
    opportunity = actions.create_opportunity(
        actor=actor,
        name=data.pop("name"),
        customer_id=data.pop("customer_id"),
        pipeline_id=data.pop("pipeline_id", None),
        stage_id=data.pop("stage_id", None),
        owner_id=data.pop("owner_id", None),
        tag_ids=data.pop("tag_ids", []),
        lines=data.pop("lines", None),
        contacts=data.pop("contacts", None),
        values=data,
    )
    return Status(201, _detail(actor, opportunity.pk))


@router.post("/bulk", response=responses(OpportunityBulkOut))
def bulk_update(request: HttpRequest, payload: OpportunityBulkIn) -> dict[str, Any]:
    """Transfer, move, tag or delete many deals; each refused row is reported with its reason."""
    return actions.bulk_update(actor=actor_of(request), **payload.dict())


@router.get("/{opportunity_id}", response=responses(OpportunityDetailOut), exclude_unset=True)
def get_opportunity(request: HttpRequest, opportunity_id: int) -> dict[str, Any]:
    """One deal with lines and contacts (404 when it does not exist or is out of scope)."""
    return _detail(actor_of(request), opportunity_id)


@router.patch("/{opportunity_id}", response=responses(OpportunityDetailOut), exclude_unset=True)
def update_opportunity(request: HttpRequest, opportunity_id: int, payload: OpportunityPatch) -> dict[str, Any]:
    """Edit a deal; lines and contacts replace when sent; a stale `version` answers 409."""
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    relations = {name: changes.pop(name, None) for name in RELATIONS}
    actions.update_opportunity(
        actor=actor,
        opportunity_id=opportunity_id,
        version=version,
        changes=changes,
        tag_ids=relations["tag_ids"],
        lines=relations["lines"],
        contacts=relations["contacts"],
    )
    return _detail(actor, opportunity_id)


@router.delete("/{opportunity_id}", response=responses(None, 204))
def delete_opportunity(request: HttpRequest, opportunity_id: int) -> Status[None]:
    """Delete a deal."""
    actions.delete_opportunity(actor=actor_of(request), opportunity_id=opportunity_id)
    return Status(204, None)


@router.post("/{opportunity_id}/move", response=responses(OpportunityOut), exclude_unset=True)
def move_opportunity(request: HttpRequest, opportunity_id: int, payload: MoveIn) -> dict[str, Any]:
    """Move a deal to another stage; the stage's gate, lost reasons and closed deals are enforced."""
    actor = actor_of(request)
    details = payload.dict(exclude_none=True)
    opportunity = actions.move_opportunity_to_stage(
        actor=actor,
        opportunity_id=opportunity_id,
        version=details.pop("version"),
        stage_id=details.pop("stage_id"),
        **details,
    )
    return _one(actor, opportunity)


@router.post("/{opportunity_id}/won", response=responses(OpportunityOut), exclude_unset=True)
def mark_won(request: HttpRequest, opportunity_id: int, payload: WonIn) -> dict[str, Any]:
    """Close a deal as won."""
    actor = actor_of(request)
    opportunity = actions.mark_opportunity_won(actor=actor, opportunity_id=opportunity_id, **payload.dict())
    return _one(actor, opportunity)


@router.post("/{opportunity_id}/lost", response=responses(OpportunityOut), exclude_unset=True)
def mark_lost(request: HttpRequest, opportunity_id: int, payload: LostIn) -> dict[str, Any]:
    """Close a deal as lost with a reason."""
    actor = actor_of(request)
    opportunity = actions.mark_opportunity_lost(actor=actor, opportunity_id=opportunity_id, **payload.dict())
    return _one(actor, opportunity)


@router.post("/{opportunity_id}/reopen", response=responses(OpportunityOut), exclude_unset=True)
def reopen(request: HttpRequest, opportunity_id: int, payload: ReopenIn) -> dict[str, Any]:
    """Reopen a won or lost deal into an open stage."""
    actor = actor_of(request)
    opportunity = actions.reopen_opportunity(actor=actor, opportunity_id=opportunity_id, **payload.dict())
    return _one(actor, opportunity)


@router.post("/{opportunity_id}/transfer", response=responses(OpportunityOut), exclude_unset=True)
def transfer(request: HttpRequest, opportunity_id: int, payload: OpportunityTransferIn) -> dict[str, Any]:
    """Hand the deal to another owner inside the caller's reach."""
    actor = actor_of(request)
    opportunity = actions.transfer_opportunity(
        actor=actor, opportunity_id=opportunity_id, owner_id=payload.owner_id, version=payload.version
    )
    return _one(actor, opportunity)


@router.get("/{opportunity_id}/stage-history", response=responses(list[StageChangeOut]))
def stage_history(request: HttpRequest, opportunity_id: int) -> list[dict[str, Any]]:
    """The deal's stage moves, oldest first, with the time spent in the stage each one left."""
    return [
        {
            "id": change.pk,
            "from_stage_id": change.from_stage_id,
            "from_stage_name": change.from_stage.name if change.from_stage else None,
            "to_stage_id": change.to_stage_id,
            "to_stage_name": change.to_stage.name,
            "moved_by_name": change.moved_by.name if change.moved_by else None,
            "moved_at": change.moved_at,
            "seconds_in_from_stage": change.seconds_in_from_stage,
        }
        for change in queries.stage_history(actor_of(request), opportunity_id)
    ]


@router.get("/{opportunity_id}/timeline", response=responses(page_of(OpportunityTimelineEntryOut)))
def timeline(request: HttpRequest, opportunity_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The deal's history, newest first, field rules applied."""
    actor = actor_of(request)
    queries.stage_history(actor, opportunity_id)
    subjects = queries.timeline_subjects(opportunity_id)
    result = audit_queries.record_history(actor, subjects, PageRequest(**page.dict()))
    return timeline_page_body(actor, result)


@customer_router.get("/{customer_id}/opportunities", response=responses(list[OpportunityOut]), exclude_unset=True)
def customer_opportunities(request: HttpRequest, customer_id: int) -> list[dict[str, Any]]:
    """The deals of one customer that the caller may see, newest first."""
    actor = actor_of(request)
    return _rendered(actor, queries.customer_opportunities(actor, customer_id))
