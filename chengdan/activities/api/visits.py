"""HTTP endpoints of field visits: the log and week plan, plan/move/cancel, check in (planned or not), check out."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.accounts.models import User
from chengdan.activities import actions, rendering, visit_actions, visit_queries
from chengdan.activities.models import Visit
from chengdan.activities.visit_schemas import (
    UnplannedCheckInIn,
    VisitCancelIn,
    VisitCheckInIn,
    VisitCheckOutIn,
    VisitCheckOutOut,
    VisitFiltersIn,
    VisitIn,
    VisitOut,
    VisitPatch,
    VisitPositionIn,
)
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses

router = Router(tags=["activities"])
VISIT = "/visits/{visit_id}"


def to_filters(filters: VisitFiltersIn) -> visit_queries.VisitFilters:
    """The query-string filters as the domain's filter object."""
    data = filters.dict()
    data["status"] = tuple(data["status"])
    return visit_queries.VisitFilters(**data)


def _position(payload: VisitPositionIn) -> visit_actions.Position:
    return visit_actions.Position(
        latitude=payload.latitude,
        longitude=payload.longitude,
        accuracy_m=payload.accuracy_m,
        client_at=payload.client_at,
        address=payload.address,
    )


def _detail(actor: User, visit_id: int) -> dict[str, Any]:
    return rendering.render_visit(actor, visit_queries.get_visit(actor, visit_id))


def _reloaded(actor: User, visit: Visit) -> dict[str, Any]:
    return rendering.render_visit(actor, Visit.objects.select_related(*visit_queries.RELATED).get(pk=visit.pk))


@router.get("/visits", response=responses(page_of(VisitOut)), exclude_unset=True)
def list_visits(request: HttpRequest, filters: Query[VisitFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """The visit log (a rep's, a team's, a week's plan), newest planned first unless `ordering=planned_at`."""
    actor = actor_of(request)
    result = visit_queries.list_visits(actor, to_filters(filters), PageRequest(**page.dict()))
    return page_body(result, rendering.render_visits(actor, result.items))


@router.post("/visits", response=responses(VisitOut, 201), exclude_unset=True)
def plan_visit(request: HttpRequest, payload: VisitIn) -> Status[dict[str, Any]]:
    """Plan a visit to a customer; its owner (the caller) is reminded 30 minutes before."""
    actor = actor_of(request)
    visit = visit_actions.plan_visit(actor=actor, **payload.dict())
    return Status(201, _reloaded(actor, visit))


@router.post("/visits/check-in", response=responses(VisitOut, 201), exclude_unset=True)
def check_in_unplanned(request: HttpRequest, payload: UnplannedCheckInIn) -> Status[dict[str, Any]]:
    """Check in at a customer without a plan (the visit is created on the spot)."""
    actor = actor_of(request)
    visit = visit_actions.check_in_unplanned(
        actor=actor,
        customer_id=payload.customer_id,
        contact_id=payload.contact_id,
        opportunity_id=payload.opportunity_id,
        purpose=payload.purpose,
        position=_position(payload),
        pin_customer_location=payload.pin_customer_location,
    )
    return Status(201, _reloaded(actor, visit))


@router.get(VISIT, response=responses(VisitOut), exclude_unset=True)
def get_visit(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    """One visit (404 when it does not exist or is out of scope)."""
    return _detail(actor_of(request), visit_id)


@router.patch(VISIT, response=responses(VisitOut), exclude_unset=True)
def update_visit(request: HttpRequest, visit_id: int, payload: VisitPatch) -> dict[str, Any]:
    """Move a planned visit or change its purpose; a stale `version` answers 409."""
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    visit_actions.update_visit(actor=actor, visit_id=visit_id, version=version, changes=changes)
    return _detail(actor, visit_id)


@router.post(f"{VISIT}/cancel", response=responses(VisitOut), exclude_unset=True)
def cancel_visit(request: HttpRequest, visit_id: int, payload: VisitCancelIn) -> dict[str, Any]:
    """Cancel a planned visit and its reminder."""
    actor = actor_of(request)
    visit_actions.cancel_visit(actor=actor, visit_id=visit_id, version=payload.version, reason=payload.reason)
    return _detail(actor, visit_id)


@router.post(f"{VISIT}/check-in", response=responses(VisitOut), exclude_unset=True)
def check_in(request: HttpRequest, visit_id: int, payload: VisitCheckInIn) -> dict[str, Any]:
    """Check in on site (server time; distance to the customer; flagged when too far)."""
    actor = actor_of(request)
    visit_actions.check_in(
        actor=actor,
        visit_id=visit_id,
        version=payload.version,
        position=_position(payload),
        pin_customer_location=payload.pin_customer_location,
    )
    return _detail(actor, visit_id)


@router.post(f"{VISIT}/check-out", response=responses(VisitCheckOutOut), exclude_unset=True)
def check_out(request: HttpRequest, visit_id: int, payload: VisitCheckOutIn) -> dict[str, Any]:
    """Check out with a summary: the visit completes and its summary is logged as a follow-up."""
    actor = actor_of(request)
    values = actions.FollowUpValues(
        participant_ids=payload.participant_ids,
        contact_ids=payload.contact_ids,
        mentioned_user_ids=payload.mentioned_user_ids,
        next_follow_up_at=payload.next_follow_up_at,
    )
    visit, follow_up = visit_actions.check_out(
        actor=actor,
        visit_id=visit_id,
        version=payload.version,
        position=_position(payload),
        summary=payload.summary,
        follow_up=values,
    )
    return {"visit": _detail(actor, visit.pk), "follow_up": rendering.render_new_follow_up(actor, follow_up)}
