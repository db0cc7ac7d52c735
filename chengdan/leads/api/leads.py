"""HTTP endpoints of leads: list, capture (single and bulk), detail, edits, transfer, invalid, bulk, history."""

from typing import Any

import pydantic
from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.access import engine
from chengdan.accounts.actor import actor_of
from chengdan.accounts.models import User
from chengdan.audit.rendering import timeline_page_body
from chengdan.core.errors import ErrorCode
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses
from chengdan.core.validation import field_errors
from chengdan.leads import actions, capture, dedupe, queries
from chengdan.leads.choices import LeadSource
from chengdan.leads.permissions import LEADS, visible_leads
from chengdan.leads.rendering import render_detail, render_lead
from chengdan.leads.schemas import (
    BulkCreateIn,
    BulkCreateOut,
    BulkCreateRowIn,
    LeadBulkIn,
    LeadBulkOut,
    LeadCaptureOut,
    LeadDetailOut,
    LeadDuplicateOut,
    LeadFiltersIn,
    LeadIn,
    LeadInvalidIn,
    LeadOut,
    LeadPatch,
    LeadTimelineEntryOut,
    LeadTransferIn,
)

router = Router(tags=["leads"])
LEAD = "/leads/{lead_id}"


def to_filters(filters: LeadFiltersIn) -> queries.LeadFilters:
    """The query-string filters as the domain's filter object."""
    data = filters.dict()
    for name in ("status", "source", "duplicate_status"):
        data[name] = tuple(data[name])
    return queries.LeadFilters(**data)


def _detail(actor: User, lead_id: int) -> dict[str, Any]:
    return render_detail(actor, queries.get_lead(actor, lead_id))


def _submission_key(request: HttpRequest, actor: User) -> str | None:
    # The middleware replays a keyed request's answer; the key on the row also stops a replay that
    # arrives after the stored answer expired, or through another path.
    key = request.headers.get("Idempotency-Key", "").strip()
    return f"api:{actor.pk}:{key}"[:200] if key else None


@router.get("/leads", response=responses(page_of(LeadOut)), exclude_unset=True)
def list_leads(request: HttpRequest, filters: Query[LeadFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """One page of the leads the caller may see, filtered and sorted."""
    actor = actor_of(request)
    result = queries.list_leads(actor, to_filters(filters), PageRequest(**page.dict()))
    return page_body(result, [render_lead(actor, lead) for lead in result.items])


@router.post("/leads", response={**responses(LeadCaptureOut, 201), 200: LeadCaptureOut}, exclude_unset=True)
def create_lead(request: HttpRequest, payload: LeadIn) -> Status[dict[str, Any]]:
    """Capture a lead (API channel unless `source` says otherwise): checked for duplicates, scored, assigned.

    201 for a new lead; 200 with `created: false` when the mobile or e-mail belongs to an open lead
    (the capture is noted on it) or the Idempotency-Key was already used.
    """
    actor = actor_of(request)
    data = payload.dict(exclude_none=True)
    result = capture.capture_lead(
        source=data.pop("source", LeadSource.API),
        values=data,
        submission_key=_submission_key(request, actor),
        actor=actor,
        owner_id=data.pop("owner_id", None),
    )
    lead = result.lead
    visible = engine.can(actor, LEADS.resource, "view", lead)
    # The caller learns the id of a lead it created; an existing lead's id only when it may see that lead.
    body: dict[str, Any] = {
        "id": lead.pk if result.created or visible else None,
        "created": result.created,
        "duplicate_status": lead.duplicate_status,
    }
    if visible:
        body["lead"] = _detail(actor, lead.pk)
    return Status(201 if result.created else 200, body)


def _row_values(actor: User, index: int, row: dict[str, Any]) -> dict[str, Any]:
    try:
        values = BulkCreateRowIn.model_validate(row).dict(exclude_none=True)
    except pydantic.ValidationError as error:
        return {
            "error": {
                "index": index,
                "created": False,
                "code": ErrorCode.VALIDATION_ERROR,
                "fields": field_errors(error.errors()),  # type: ignore[arg-type]
            }
        }
    if values.get("submission_key"):
        values["submission_key"] = f"api:{actor.pk}:{values['submission_key']}"[:200]
    return {"values": values}


@router.post("/leads/bulk-create", response=responses(BulkCreateOut), exclude_unset=True)
def bulk_create(request: HttpRequest, payload: BulkCreateIn) -> dict[str, Any]:
    """Capture up to 1,000 leads; each row answers on its own (created, existing, or why it was refused)."""
    actor = actor_of(request)
    checked = [_row_values(actor, index, row) for index, row in enumerate(payload.rows)]
    good = [(index, item["values"]) for index, item in enumerate(checked) if "values" in item]
    captured = capture.capture_many(
        actor=actor, source=payload.source or LeadSource.API, rows=[values for _, values in good]
    )
    rows: list[dict[str, Any]] = [item["error"] for item in checked if "error" in item]
    existing = {row["id"] for row in captured if row.get("id") and not row.get("created")}
    seen = set(visible_leads(actor).filter(pk__in=existing).values_list("pk", flat=True)) if existing else set()
    for result in captured:
        if result.get("id") in existing and result["id"] not in seen:
            result["id"] = None  # an open lead the caller may not see: say it exists, not which
    rows += [{**result, "index": good[result["index"]][0]} for result in captured]
    rows.sort(key=lambda row: row["index"])
    created = sum(1 for row in rows if row["created"])
    failed = sum(1 for row in rows if "code" in row)
    return {"created": created, "existing": len(rows) - created - failed, "failed": failed, "rows": rows}


@router.post("/leads/bulk", response=responses(LeadBulkOut))
def bulk_update(request: HttpRequest, payload: LeadBulkIn) -> dict[str, Any]:
    """Transfer, set the status of or delete many leads; each refused row is reported with its reason."""
    return actions.bulk_update(actor=actor_of(request), **payload.dict())


@router.get(LEAD, response=responses(LeadDetailOut), exclude_unset=True)
def get_lead(request: HttpRequest, lead_id: int) -> dict[str, Any]:
    """One lead (404 when it does not exist or is out of scope)."""
    return _detail(actor_of(request), lead_id)


@router.patch(LEAD, response=responses(LeadDetailOut), exclude_unset=True)
def update_lead(request: HttpRequest, lead_id: int, payload: LeadPatch) -> dict[str, Any]:
    """Edit a lead; a stale `version` answers 409 with the current lead."""
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    actions.update_lead(actor=actor, lead_id=lead_id, version=version, changes=changes)
    return _detail(actor, lead_id)


@router.delete(LEAD, response=responses(None, 204))
def delete_lead(request: HttpRequest, lead_id: int) -> Status[None]:
    """Delete a lead."""
    actions.delete_lead(actor=actor_of(request), lead_id=lead_id)
    return Status(204, None)


@router.post(f"{LEAD}/transfer", response=responses(LeadDetailOut), exclude_unset=True)
def transfer_lead(request: HttpRequest, lead_id: int, payload: LeadTransferIn) -> dict[str, Any]:
    """Hand the lead to another owner inside the caller's reach."""
    actor = actor_of(request)
    lead = actions.transfer_lead(actor=actor, lead_id=lead_id, owner_id=payload.owner_id, version=payload.version)
    return render_detail(actor, queries.with_related(lead))


@router.post(f"{LEAD}/invalid", response=responses(LeadDetailOut), exclude_unset=True)
def mark_invalid(request: HttpRequest, lead_id: int, payload: LeadInvalidIn) -> dict[str, Any]:
    """Mark the lead invalid (无效) with a reason."""
    actor = actor_of(request)
    actions.mark_lead_invalid(actor=actor, lead_id=lead_id, version=payload.version, reason=payload.reason)
    return _detail(actor, lead_id)


@router.get(f"{LEAD}/timeline", response=responses(page_of(LeadTimelineEntryOut)))
def timeline(request: HttpRequest, lead_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The lead's history, newest first, field rules applied."""
    actor = actor_of(request)
    result = queries.lead_timeline(actor, lead_id, PageRequest(**page.dict()))
    return timeline_page_body(actor, result)


@router.get(f"{LEAD}/duplicates", response=responses(list[LeadDuplicateOut]), exclude_unset=True)
def duplicates(request: HttpRequest, lead_id: int) -> list[dict[str, Any]]:
    """Contacts, customers and other leads sharing the lead's mobile, e-mail or company (masked when out of scope)."""
    actor = actor_of(request)
    return dedupe.candidates_for(actor, queries.get_lead(actor, lead_id))
