"""HTTP endpoints of follow-ups: the log (list, CSV export), a record's activity feed, log, edit, delete."""

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Status

from chengdan.access import engine
from chengdan.accounts.actor import actor_of
from chengdan.accounts.models import User
from chengdan.activities import actions, queries, rendering
from chengdan.activities.models import FollowUp, Visit
from chengdan.activities.permissions import FOLLOW_UPS
from chengdan.activities.schemas import (
    ActivityFeedOut,
    ActivityFeedQuery,
    FollowUpFiltersIn,
    FollowUpIn,
    FollowUpOut,
    FollowUpPatch,
)
from chengdan.core import csv_export
from chengdan.core.errors import is_english
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses

router = Router(tags=["activities"])
FOLLOW_UP = "/follow-ups/{follow_up_id}"


def to_filters(filters: FollowUpFiltersIn) -> queries.FollowUpFilters:
    """The query-string filters as the domain's filter object."""
    data = filters.dict()
    data["kind"] = tuple(data["kind"])
    data["record_type"] = data["record_type"] or ""
    return queries.FollowUpFilters(**data)


def _values(data: dict[str, Any]) -> actions.FollowUpValues:
    fields = {name: data[name] for name in actions.EDITABLE if name in data}
    return actions.FollowUpValues(**fields, provided=set(fields))


def _detail(actor: User, follow_up_id: int) -> dict[str, Any]:
    return rendering.render_follow_up(actor, queries.get_follow_up(actor, follow_up_id))


@router.get("/follow-ups", response=responses(page_of(FollowUpOut)), exclude_unset=True)
def list_follow_ups(request: HttpRequest, filters: Query[FollowUpFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """The follow-up log: follow-ups on records the caller sees (and their own), newest first."""
    actor = actor_of(request)
    result = queries.list_follow_ups(actor, to_filters(filters), PageRequest(**page.dict()))
    return page_body(result, rendering.render_follow_ups(actor, result.items))


@router.get("/follow-ups/export.csv", response=responses(None))
def export_follow_ups(request: HttpRequest, filters: Query[FollowUpFiltersIn]) -> StreamingHttpResponse:
    """The filtered follow-up log as CSV (export right; scope and field rules applied; audited)."""
    actor = actor_of(request)
    engine.require_action(actor, FOLLOW_UPS.resource, "export")
    domain_filters = to_filters(filters)
    rows = (
        queries.filtered_follow_ups(actor, domain_filters, "export")
        .select_related(*queries.RELATED)
        .order_by("-occurred_at", "-pk")
        .iterator(chunk_size=rendering.EXPORT_CHUNK)
    )

    def done(count: int) -> None:
        csv_export.record_export(
            name="follow_ups.exported",
            resource=FOLLOW_UPS.resource,
            actor=actor,
            filters=domain_filters,
            count=count,
            kind="csv",
        )

    lines = rendering.export_lines(actor, rows, is_english(), done)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="follow-ups.csv"'
    return response


@router.get("/follow-ups/feed", response=responses(ActivityFeedOut), exclude_unset=True)
def activity_feed(request: HttpRequest, query: Query[ActivityFeedQuery]) -> dict[str, Any]:
    """A record's follow-ups and visits, newest first (404 when the record is out of scope)."""
    actor = actor_of(request)
    page = queries.activity_feed(actor, query.record_type, query.record_id, query.limit, query.cursor)
    follow_ups = [item for kind, item in page.items if kind == "follow_up"]
    visits = [item for kind, item in page.items if kind == "visit"]
    rendered_follow_ups = iter(rendering.render_follow_ups(actor, follow_ups))
    rendered_visits = iter(rendering.render_visits(actor, visits))
    items: list[dict[str, Any]] = []
    for kind, item in page.items:
        if isinstance(item, FollowUp):
            items.append({"type": kind, "at": item.occurred_at, "follow_up": next(rendered_follow_ups)})
        elif isinstance(item, Visit):
            items.append({"type": kind, "at": item.planned_at, "visit": next(rendered_visits)})
    return {"items": items, "next_cursor": page.next_cursor}


@router.post("/follow-ups", response=responses(FollowUpOut, 201), exclude_unset=True)
def log_follow_up(request: HttpRequest, payload: FollowUpIn) -> Status[dict[str, Any]]:
    """Log a follow-up on a lead, customer, contact or deal; updates its last follow-up and schedules the next."""
    actor = actor_of(request)
    data = payload.dict()
    follow_up = actions.log_follow_up(
        actor=actor, record_type=data.pop("record_type"), record_id=data.pop("record_id"), values=_values(data)
    )
    return Status(201, rendering.render_new_follow_up(actor, follow_up))


@router.get(FOLLOW_UP, response=responses(FollowUpOut), exclude_unset=True)
def get_follow_up(request: HttpRequest, follow_up_id: int) -> dict[str, Any]:
    """One follow-up (404 when it does not exist or is out of scope)."""
    return _detail(actor_of(request), follow_up_id)


@router.patch(FOLLOW_UP, response=responses(FollowUpOut), exclude_unset=True)
def update_follow_up(request: HttpRequest, follow_up_id: int, payload: FollowUpPatch) -> dict[str, Any]:
    """Edit a follow-up; a stale `version` answers 409 with the current one."""
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    actions.update_follow_up(actor=actor, follow_up_id=follow_up_id, version=version, values=_values(changes))
    return _detail(actor, follow_up_id)


@router.delete(FOLLOW_UP, response=responses(None, 204))
def delete_follow_up(request: HttpRequest, follow_up_id: int) -> Status[None]:
    """Delete a follow-up with its files and pending reminder."""
    actions.delete_follow_up(actor=actor_of(request), follow_up_id=follow_up_id)
    return Status(204, None)
