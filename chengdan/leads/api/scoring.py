"""HTTP endpoints of the lead scoring rules; every change rescores the leads."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.core.schemas import responses
from chengdan.leads import scoring
from chengdan.leads.models import ScoringRule
from chengdan.leads.scoring_schemas import ScoringRuleIn, ScoringRuleOut, ScoringRulePatch, ScoringRuleWriteOut

router = Router(tags=["lead-settings"])
PREFIX = "/lead-settings/scoring-rules"


def _render(rule: ScoringRule, rescored: int | None = None) -> dict[str, Any]:
    body = {name: getattr(rule, name) for name in ScoringRuleOut.model_fields if name != "id"}
    body["id"] = rule.pk
    if rescored is not None:
        body["rescored"] = rescored
    return body


@router.get(PREFIX, response=responses(list[ScoringRuleOut]))
def list_scoring_rules(request: HttpRequest) -> list[dict[str, Any]]:
    """Every scoring rule in its order."""
    return [_render(rule) for rule in scoring.list_scoring_rules(actor_of(request))]


@router.post(PREFIX, response=responses(ScoringRuleWriteOut, 201))
def create_scoring_rule(request: HttpRequest, payload: ScoringRuleIn) -> Status[dict[str, Any]]:
    """Add a rule; every lead is rescored."""
    rule, rescored = scoring.create_scoring_rule(actor=actor_of(request), values=payload.dict())
    return Status(201, _render(rule, rescored))


@router.patch(f"{PREFIX}/{{rule_id}}", response=responses(ScoringRuleWriteOut))
def update_scoring_rule(request: HttpRequest, rule_id: int, payload: ScoringRulePatch) -> dict[str, Any]:
    """Change a rule; every lead is rescored."""
    rule, rescored = scoring.update_scoring_rule(
        actor=actor_of(request), rule_id=rule_id, changes=payload.dict(exclude_unset=True)
    )
    return _render(rule, rescored)


@router.delete(f"{PREFIX}/{{rule_id}}", response=responses(None, 204))
def delete_scoring_rule(request: HttpRequest, rule_id: int) -> Status[None]:
    """Remove a rule; every lead is rescored."""
    scoring.delete_scoring_rule(actor=actor_of(request), rule_id=rule_id)
    return Status(204, None)
