"""Stage transitions of a locked deal: gate checks, the stage-change record, won and lost values."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import actions as customer_actions
from chengdan.opportunities import gates, money
from chengdan.opportunities.choices import ForecastCategory, StageKind
from chengdan.opportunities.errors import OpportunityError
from chengdan.opportunities.models import LostReason, Opportunity, OpportunityContact, Stage, StageChange
from chengdan.opportunities.permissions import OPPORTUNITIES

AUDITED = [
    "name",
    "customer_id",
    "pipeline_id",
    "stage_id",
    "status",
    "owner_id",
    "department_id",
    "amount",
    "currency",
    "amount_cny",
    "probability",
    "expected_close_date",
    "forecast_category",
    "source",
    "campaign",
    "competitors",
    "next_step",
    "next_step_date",
    "notes",
    "won_at",
    "won_amount",
    "lost_at",
    "lost_reason",
    "lost_to_competitor",
    "lost_note",
]


def publish_event(name: str, opportunity: Opportunity, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, OPPORTUNITIES.resource, str(opportunity.pk), opportunity.name[:255], actor.pk, changes=changes))


def changes_since(before: dict[str, Any], opportunity: Opportunity) -> dict[str, tuple[Any, Any]]:
    """The audited fields that changed since `before` was taken."""
    return diff(before, snapshot(opportunity, AUDITED))


def pipeline_stage(pipeline_id: int, stage_id: int | None, kind: str | None = None) -> Stage:
    """An active stage of the pipeline (the first of `kind` when no id is given); 422 otherwise."""
    stages = Stage.objects.filter(pipeline_id=pipeline_id, is_active=True).order_by("position", "pk")
    if stage_id is not None:
        stages = stages.filter(pk=stage_id)
    if kind is not None:
        stages = stages.filter(kind=kind)
    stage = stages.first()
    if stage is None:
        raise OpportunityError.stage_not_in_pipeline()
    return stage


def check_gate(
    opportunity: Opportunity,
    stage: Stage,
    roles: list[OpportunityContact] | None = None,
    line_count: int | None = None,
) -> None:
    missing = gates.missing_requirements(opportunity, stage, roles=roles, line_count=line_count)
    if missing:
        raise OpportunityError.gate_failed(stage.name, gates.describe(missing))


def enter_stage(actor: User, opportunity: Opportunity, stage: Stage, now: datetime) -> None:
    """Record the move and put the deal in `stage` with the stage's probability."""
    seconds = max(0, int((now - opportunity.stage_entered_at).total_seconds()))
    StageChange.objects.create(
        opportunity=opportunity,
        from_stage_id=opportunity.stage_id,
        to_stage=stage,
        moved_by=actor,
        moved_at=now,
        seconds_in_from_stage=seconds,
    )
    opportunity.stage = stage
    opportunity.status = stage.kind
    opportunity.probability = stage.probability
    opportunity.stage_entered_at = now
    opportunity.last_activity_at = now


def _won_at(won_date: date | None, now: datetime) -> datetime:
    if won_date is None or won_date == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(won_date, time(12)))


def close_won(
    actor: User, opportunity: Opportunity, stage: Stage, won_amount: Decimal | None, won_date: date | None
) -> None:
    check_gate(opportunity, stage)
    now = timezone.now()
    enter_stage(actor, opportunity, stage, now)
    opportunity.won_at = _won_at(won_date, now)
    opportunity.won_amount = won_amount if won_amount is not None else opportunity.amount
    rate = money.rate_on(opportunity.currency, timezone.localdate(opportunity.won_at))
    opportunity.won_amount_cny = money.to_cny(opportunity.won_amount, rate)
    opportunity.forecast_category = ForecastCategory.CLOSED
    opportunity.probability = 100
    customer_actions.touch_won(opportunity.customer_id, opportunity.won_at)
    opportunity.lost_at, opportunity.lost_reason, opportunity.lost_to_competitor, opportunity.lost_note = (
        None,
        "",
        "",
        "",
    )


def close_lost(actor: User, opportunity: Opportunity, stage: Stage, lost: dict[str, Any]) -> None:
    reason = lost.get("lost_reason") or ""
    if not reason or not LostReason.objects.filter(code=reason, is_active=True).exists():
        raise OpportunityError.lost_reason_required()
    check_gate(opportunity, stage)
    now = timezone.now()
    enter_stage(actor, opportunity, stage, now)
    opportunity.lost_at = now
    opportunity.lost_reason = reason
    opportunity.lost_to_competitor = lost.get("lost_to_competitor") or ""
    opportunity.lost_note = lost.get("lost_note") or ""


def move(actor: User, opportunity: Opportunity, stage: Stage, event: str, **details: Any) -> None:
    """Put a locked deal into `stage` (won and lost stages close it) and audit the move."""
    before = snapshot(opportunity, AUDITED)
    if stage.kind == StageKind.WON:
        close_won(actor, opportunity, stage, details.get("won_amount"), details.get("won_date"))
    elif stage.kind == StageKind.LOST:
        close_lost(actor, opportunity, stage, details)
    else:
        check_gate(opportunity, stage)
        enter_stage(actor, opportunity, stage, timezone.now())
    bump_version(opportunity)
    opportunity.save()
    publish_event(event, opportunity, actor, diff(before, snapshot(opportunity, AUDITED)))
