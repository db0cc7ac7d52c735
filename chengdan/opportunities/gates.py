"""Stage gates: what a deal must have before it may enter a stage."""

from typing import Any

from chengdan.core.errors import is_english
from chengdan.opportunities.choices import GateRequirement
from chengdan.opportunities.models import Opportunity, OpportunityContact, Stage

DECISION_MAKER = "decision_maker"
# Quotes do not exist yet; a gate that asks for a sent quote cannot be met until they do.
SENT_QUOTE_LABEL = ("已发送报价（报价模块上线后可用）", "Quote sent (available once quotes ship)")
LABELS_EN = {
    GateRequirement.AMOUNT: "amount",
    GateRequirement.CLOSE_DATE: "expected close date",
    GateRequirement.DECISION_MAKER: "a decision-maker contact",
    GateRequirement.CONTACT: "at least one contact",
    GateRequirement.PRODUCT_LINES: "product lines",
    GateRequirement.NEXT_STEP: "next step",
    GateRequirement.COMPETITORS: "competitors",
    GateRequirement.SENT_QUOTE: SENT_QUOTE_LABEL[1],
}


def requirement_label(code: str) -> tuple[str, str]:
    """(中文, English) label of a gate requirement."""
    if code == GateRequirement.SENT_QUOTE:
        return SENT_QUOTE_LABEL
    try:
        return str(GateRequirement(code).label), LABELS_EN[GateRequirement(code)]
    except ValueError:
        return code, code


def _roles(opportunity: Opportunity, roles: list[OpportunityContact] | None) -> list[OpportunityContact]:
    if roles is not None:
        return roles
    if opportunity.pk is None:
        return []
    return list(opportunity.contact_roles.select_related("contact"))


def _is_decision_maker(role: OpportunityContact) -> bool:
    contact = role.contact
    return role.role == DECISION_MAKER or (contact is not None and contact.decision_role == DECISION_MAKER)


def missing_requirements(
    opportunity: Opportunity,
    stage: Stage,
    *,
    roles: list[OpportunityContact] | None = None,
    line_count: int | None = None,
) -> list[str]:
    """The gate codes of `stage` the deal does not satisfy, in the gate's order (empty = may enter)."""
    missing = []
    for code in stage.gate or []:
        if code == GateRequirement.AMOUNT:
            satisfied = opportunity.amount is not None and opportunity.amount > 0
        elif code == GateRequirement.CLOSE_DATE:
            satisfied = opportunity.expected_close_date is not None
        elif code == GateRequirement.CONTACT:
            satisfied = any(role.contact_id for role in _roles(opportunity, roles))
        elif code == GateRequirement.DECISION_MAKER:
            satisfied = any(_is_decision_maker(role) for role in _roles(opportunity, roles))
        elif code == GateRequirement.PRODUCT_LINES:
            if line_count is None:
                line_count = opportunity.lines.count() if opportunity.pk else 0
            satisfied = line_count > 0
        elif code == GateRequirement.NEXT_STEP:
            satisfied = bool(opportunity.next_step.strip())
        elif code == GateRequirement.COMPETITORS:
            satisfied = bool(opportunity.competitors)
        else:
            # sent_quote (and any code this version does not know) cannot be met yet.
            satisfied = False
        if not satisfied:
            missing.append(code)
    return missing


def describe(codes: list[str]) -> list[dict[str, Any]]:
    """The missing requirements as `{code, label, label_en}` in the request language first."""
    result = []
    for code in codes:
        zh, en = requirement_label(code)
        result.append({"code": code, "label": en if is_english() else zh, "label_en": en})
    return result
