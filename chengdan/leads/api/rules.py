"""HTTP endpoints of assignment: rules (+ order, preview), availability, the SLA, fairness, user departures."""

from dataclasses import asdict
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chengdan.access import engine
from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.leads import assignment, departing, fairness, rule_actions
from chengdan.leads.permissions import LEAD_SETTINGS
from chengdan.leads.rule_schemas import (
    AssignmentPreviewIn,
    AssignmentPreviewOut,
    AvailabilityBulkIn,
    AvailabilityIn,
    AvailabilityOut,
    DepartureIn,
    DepartureOut,
    FairnessOut,
    RuleIn,
    RuleOrderIn,
    RuleOut,
    RulePatch,
    SlaIn,
    SlaOut,
)

router = Router(tags=["lead-assignment"])
PREFIX = "/lead-settings"


class FairnessQuery(Schema):
    """The period (Beijing days, inclusive; default the last 30 days) and an optional team."""

    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    department_id: int | None = None


@router.get(f"{PREFIX}/rules", response=responses(list[RuleOut]))
def list_rules(request: HttpRequest) -> list[dict[str, Any]]:
    """Every assignment rule in evaluation order."""
    return [rule_actions.render_rule(rule) for rule in rule_actions.list_rules(actor_of(request))]


@router.post(f"{PREFIX}/rules", response=responses(RuleOut, 201))
def create_rule(request: HttpRequest, payload: RuleIn) -> Status[dict[str, Any]]:
    """Add a rule (last unless `position` is given)."""
    rule = rule_actions.create_rule(actor=actor_of(request), values=payload.dict())
    return Status(201, rule_actions.render_rule(rule))


@router.put(f"{PREFIX}/rules/order", response=responses(list[RuleOut]))
def reorder_rules(request: HttpRequest, payload: RuleOrderIn) -> list[dict[str, Any]]:
    """Put every rule in the given order."""
    rules = rule_actions.reorder_rules(actor=actor_of(request), ids=payload.ids)
    return [rule_actions.render_rule(rule) for rule in rules]


@router.post(f"{PREFIX}/rules/preview", response=responses(AssignmentPreviewOut))
def preview(request: HttpRequest, payload: AssignmentPreviewIn) -> dict[str, Any]:
    """Who would get a lead with these values, and which rule decided (nothing is written)."""
    engine.require_action(actor_of(request), LEAD_SETTINGS.resource, "view")
    decision = assignment.preview(payload.values.dict(), payload.at or timezone.now())
    return {
        "rule_id": decision.rule_id,
        "rule_name": decision.rule_name,
        "user_id": decision.user_id,
        "user_name": decision.user_name,
        "pool_id": decision.pool_id,
        "pool_name": decision.pool_name,
        "explanation": decision.explanation,
    }


@router.get(f"{PREFIX}/rules/{{rule_id}}", response=responses(RuleOut))
def get_rule(request: HttpRequest, rule_id: int) -> dict[str, Any]:
    """One rule."""
    return rule_actions.render_rule(rule_actions.get_rule(actor_of(request), rule_id))


@router.patch(f"{PREFIX}/rules/{{rule_id}}", response=responses(RuleOut))
def update_rule(request: HttpRequest, rule_id: int, payload: RulePatch) -> dict[str, Any]:
    """Edit a rule (409 with the current rule when `version` is stale)."""
    values = payload.dict(exclude_unset=True)
    version = values.pop("version")
    rule = rule_actions.update_rule(actor=actor_of(request), rule_id=rule_id, version=version, values=values)
    return rule_actions.render_rule(rule)


@router.delete(f"{PREFIX}/rules/{{rule_id}}", response=responses(None, 204))
def delete_rule(request: HttpRequest, rule_id: int) -> Status[None]:
    """Delete a rule; the leads it assigned keep their owners and history."""
    rule_actions.delete_rule(actor=actor_of(request), rule_id=rule_id)
    return Status(204, None)


@router.get(f"{PREFIX}/availability", response=responses(list[AvailabilityOut]))
def list_availability(request: HttpRequest) -> list[dict[str, Any]]:
    """Every active user's capacity, working hours, leave and open leads."""
    return rule_actions.list_availability(actor_of(request))


@router.put(f"{PREFIX}/availability", response=responses(list[AvailabilityOut]))
def save_availabilities(request: HttpRequest, payload: AvailabilityBulkIn) -> list[dict[str, Any]]:
    """Set several reps' availability at once (all or nothing)."""
    items = [item.dict() for item in payload.items]
    return rule_actions.save_availabilities(actor=actor_of(request), items=items)


@router.get(f"{PREFIX}/availability/{{user_id}}", response=responses(AvailabilityOut))
def get_availability(request: HttpRequest, user_id: int) -> dict[str, Any]:
    """One user's availability (one's own needs no settings right)."""
    return rule_actions.get_availability(actor_of(request), user_id)


@router.put(f"{PREFIX}/availability/{{user_id}}", response=responses(AvailabilityOut))
def save_availability(request: HttpRequest, user_id: int, payload: AvailabilityIn) -> dict[str, Any]:
    """Set one rep's availability."""
    return rule_actions.save_availability(actor=actor_of(request), user_id=user_id, values=payload.dict())


@router.get(f"{PREFIX}/sla", response=responses(SlaOut))
def get_sla(request: HttpRequest) -> dict[str, Any]:
    """The first-contact SLA."""
    return rule_actions.render_sla(rule_actions.get_sla(actor_of(request)))


@router.put(f"{PREFIX}/sla", response=responses(SlaOut))
def update_sla(request: HttpRequest, payload: SlaIn) -> dict[str, Any]:
    """Change the first-contact SLA (409 when `version` is stale)."""
    values = payload.dict()
    version = values.pop("version")
    return rule_actions.render_sla(rule_actions.update_sla(actor=actor_of(request), version=version, values=values))


@router.get("/leads/reports/fairness", response=responses(FairnessOut))
def fairness_report(request: HttpRequest, filters: Query[FairnessQuery]) -> dict[str, Any]:
    """Leads received per rep per rule (and manual, claimed…) in the period, over the leads the caller sees."""
    return fairness.fairness_report(
        actor_of(request),
        date_from=filters.date_from,
        date_to=filters.date_to,
        department_id=filters.department_id,
        now=timezone.now(),
    )


@router.post("/users/{user_id}/departure", response=responses(DepartureOut))
def depart_user(request: HttpRequest, user_id: int, payload: DepartureIn) -> dict[str, Any]:
    """Disable a user and hand on their open leads, customers and open deals in one audited step."""
    departure = departing.depart_user(
        actor=actor_of(request), user_id=user_id, mode=payload.mode, colleague_id=payload.colleague_id
    )
    return asdict(departure)
