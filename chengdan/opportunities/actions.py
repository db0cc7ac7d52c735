"""Writes on deals: create, edit, stage moves (won, lost, reopen), transfer, delete and bulk actions."""

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.models import RecordShare
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError
from chengdan.core.events import diff, snapshot
from chengdan.core.versioning import bump_version
from chengdan.customers import actions as customer_actions
from chengdan.customers import queries as customer_queries
from chengdan.customers.models import Contact, Tag
from chengdan.opportunities import money, moves
from chengdan.opportunities.choices import ForecastCategory, OpportunityStatus, StageKind
from chengdan.opportunities.errors import OpportunityError
from chengdan.opportunities.models import (
    Opportunity,
    OpportunityContact,
    OpportunityLine,
    Pipeline,
    StageChange,
)
from chengdan.opportunities.permissions import OPPORTUNITIES, visible_opportunities

# Text fields a patch may clear; sending null for them stores "".
TEXT_FIELDS = ("source", "campaign", "next_step", "notes")
NULLABLE_FIELDS = ("expected_close_date", "next_step_date")
BULK_LIMIT = 1000
CENTS = Decimal("0.01")


def _audit_snapshot(opportunity: Opportunity) -> dict[str, Any]:
    data = snapshot(opportunity, moves.AUDITED)
    data["tags"] = sorted(opportunity.tags.values_list("name", flat=True))
    # Lines as records, so field rules on the amount reach their prices in the audit display too.
    data["lines"] = [
        {
            "product_name": line.product_name,
            "quantity": str(line.quantity),
            "unit_price": str(line.unit_price),
            "discount_percent": str(line.discount_percent),
            "amount": str(line.amount),
        }
        for line in opportunity.lines.all()
    ]
    data["contacts"] = [
        f"{role.contact_name}{'/' + role.role if role.role else ''}{' (key)' if role.is_key else ''}"
        for role in opportunity.contact_roles.all()
    ]
    return data


def line_amount(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """quantity × unit price × (1 − discount %), rounded to the fen."""
    return (quantity * unit_price * (Decimal(100) - discount_percent) / Decimal(100)).quantize(
        CENTS, rounding=ROUND_HALF_UP
    )


def _build_lines(lines: list[dict[str, Any]]) -> list[OpportunityLine]:
    built = []
    for position, line in enumerate(lines):
        quantity = Decimal(line.get("quantity", 1))
        unit_price = Decimal(line["unit_price"])
        discount = Decimal(line.get("discount_percent", 0))
        built.append(
            OpportunityLine(
                position=position,
                product_name=line["product_name"],
                quantity=quantity,
                unit_price=unit_price,
                discount_percent=discount,
                amount=line_amount(quantity, unit_price, discount),
            )
        )
    return built


def _build_contacts(customer_id: int, contacts: list[dict[str, Any]]) -> list[OpportunityContact]:
    """Contact roles for the deal; every contact must belong to the deal's customer."""
    wanted = [item["contact_id"] for item in contacts]
    found = {contact.pk: contact for contact in Contact.objects.filter(pk__in=wanted, customer_id=customer_id)}
    if len(found) != len(set(wanted)):
        raise OpportunityError.invalid(
            "contacts", "联系人不属于该客户。", "A contact does not belong to this customer."
        )
    return [
        OpportunityContact(
            contact=found[item["contact_id"]],
            contact_name=found[item["contact_id"]].name,
            role=item.get("role", ""),
            is_key=item.get("is_key", False),
        )
        for item in contacts
    ]


def _tags(tag_ids: Iterable[int]) -> list[Tag]:
    wanted = set(tag_ids)
    tags = list(Tag.objects.filter(pk__in=wanted))
    if len(tags) != len(wanted):
        raise OpportunityError.invalid("tag_ids", "标签不存在。", "Unknown tag.")
    return tags


def _pipeline(pipeline_id: int | None) -> Pipeline:
    queryset = Pipeline.objects.filter(is_active=True)
    pipeline = (
        queryset.filter(pk=pipeline_id).first()
        if pipeline_id is not None
        else queryset.order_by("-is_default", "position", "pk").first()
    )
    if pipeline is None:
        raise OpportunityError.invalid("pipeline_id", "销售流程不存在。", "Pipeline not found.")
    return pipeline


def _set_amount(opportunity: Opportunity, amount: Decimal | None, currency: str, today: date) -> None:
    """Store the amount with the rate of the day; the peak only ever rises."""
    opportunity.currency = currency.upper()
    opportunity.exchange_rate = money.rate_on(opportunity.currency, today)
    opportunity.amount = amount
    opportunity.amount_cny = money.to_cny(amount, opportunity.exchange_rate)
    if opportunity.amount_cny is not None and (
        opportunity.amount_peak_cny is None or opportunity.amount_cny > opportunity.amount_peak_cny
    ):
        opportunity.amount_peak_cny = opportunity.amount_cny


def create_opportunity(
    *,
    actor: User,
    name: str,
    customer_id: int,
    values: dict[str, Any] | None = None,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
    owner_id: int | None = None,
    tag_ids: Iterable[int] = (),
    lines: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
) -> Opportunity:
    """Create a deal on a visible customer, in the pipeline's first open stage unless told (gate checked)."""
    engine.require_action(actor, OPPORTUNITIES.resource, "create")
    values = dict(values or {})
    customer = customer_queries.get_customer(actor, customer_id)
    pipeline = _pipeline(pipeline_id)
    stage = moves.pipeline_stage(pipeline.pk, stage_id, StageKind.OPEN)
    owner = customer_actions.owner_for(owner_id, actor)
    now = timezone.now()
    amount = values.pop("amount", None)
    currency = values.pop("currency", None) or "CNY"
    built_lines = _build_lines(lines or [])
    if amount is None and built_lines:
        amount = sum((line.amount for line in built_lines), Decimal(0))
    opportunity = Opportunity(
        **values,
        name=name,
        customer=customer,
        pipeline=pipeline,
        stage=stage,
        status=OpportunityStatus.OPEN,
        owner=owner,
        department_id=owner.department_id,
        probability=stage.probability,
        stage_entered_at=now,
        last_activity_at=now,
    )
    _set_amount(opportunity, amount, currency, timezone.localdate(now))
    if owner.pk != actor.pk:
        engine.ensure_within_reach(actor, OPPORTUNITIES.resource, "assign", opportunity)
    roles = _build_contacts(customer.pk, contacts or [])
    moves.check_gate(opportunity, stage, roles=roles, line_count=len(built_lines))
    tags = _tags(tag_ids)
    with transaction.atomic():
        opportunity.save()
        for line in built_lines:
            line.opportunity = opportunity
        OpportunityLine.objects.bulk_create(built_lines)
        for role in roles:
            role.opportunity = opportunity
        OpportunityContact.objects.bulk_create(roles)
        opportunity.tags.set(tags)
        StageChange.objects.create(opportunity=opportunity, to_stage=stage, moved_by=actor, moved_at=now)
        moves.publish_event("opportunity.created", opportunity, actor, diff({}, _audit_snapshot(opportunity)))
    return opportunity


def locked_opportunity(actor: User, opportunity_id: int, version: int | None, action: str) -> Opportunity:
    """The deal row locked for a write the actor may do (404/403/409 otherwise)."""
    opportunity: Opportunity = engine.get_visible(
        actor, OPPORTUNITIES.resource, opportunity_id, action, for_update=True, version=version
    )
    return opportunity


def _apply_changes(opportunity: Opportunity, changes: dict[str, Any], has_lines: bool, line_total: Decimal) -> None:
    for name in TEXT_FIELDS:
        if name in changes:
            setattr(opportunity, name, changes[name] or "")
    for name in NULLABLE_FIELDS:
        if name in changes:
            setattr(opportunity, name, changes[name])
    if changes.get("name"):
        opportunity.name = changes["name"]
    if "competitors" in changes:
        opportunity.competitors = list(changes["competitors"] or [])
    if changes.get("forecast_category"):
        if opportunity.status == OpportunityStatus.WON:
            raise OpportunityError.invalid(
                "forecast_category", "赢单商机的预测类别固定为已成交。", "A won deal's category is closed."
            )
        opportunity.forecast_category = changes["forecast_category"]
    amount = opportunity.amount
    if "amount" in changes:
        amount = changes["amount"]
    elif has_lines:
        amount = line_total
    currency = changes.get("currency") or opportunity.currency
    if amount != opportunity.amount or currency.upper() != opportunity.currency:
        _set_amount(opportunity, amount, currency, timezone.localdate())


def update_opportunity(
    *,
    actor: User,
    opportunity_id: int,
    version: int,
    changes: dict[str, Any],
    tag_ids: Iterable[int] | None = None,
    lines: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
) -> Opportunity:
    """Edit a deal; lines and contacts replace when given; a stale version answers 409."""
    built_lines = _build_lines(lines) if lines is not None else []
    line_total = sum((line.amount for line in built_lines), Decimal(0))
    with transaction.atomic():
        opportunity = locked_opportunity(actor, opportunity_id, version, "edit")
        before = _audit_snapshot(opportunity)
        previous_close = opportunity.expected_close_date
        _apply_changes(opportunity, changes, lines is not None, line_total)
        if previous_close and opportunity.expected_close_date and opportunity.expected_close_date > previous_close:
            opportunity.close_date_push_count += 1
        roles = _build_contacts(opportunity.customer_id, contacts) if contacts is not None else None
        opportunity.last_activity_at = timezone.now()
        bump_version(opportunity)
        opportunity.save()
        if lines is not None:
            opportunity.lines.all().delete()
            for line in built_lines:
                line.opportunity = opportunity
            OpportunityLine.objects.bulk_create(built_lines)
        if roles is not None:
            opportunity.contact_roles.all().delete()
            for role in roles:
                role.opportunity = opportunity
            OpportunityContact.objects.bulk_create(roles)
        if tag_ids is not None:
            opportunity.tags.set(_tags(tag_ids))
        moves.publish_event("opportunity.updated", opportunity, actor, diff(before, _audit_snapshot(opportunity)))
    return opportunity


def _ensure_open(opportunity: Opportunity) -> None:
    if opportunity.status != OpportunityStatus.OPEN:
        raise OpportunityError.closed()


def move_opportunity_to_stage(
    *, actor: User, opportunity_id: int, version: int | None, stage_id: int, **details: Any
) -> Opportunity:
    """Move an open deal to a stage of its pipeline, enforcing the gate; won/lost stages close it."""
    with transaction.atomic():
        opportunity = locked_opportunity(actor, opportunity_id, version, "edit")
        _ensure_open(opportunity)
        if stage_id == opportunity.stage_id:
            return opportunity
        stage = moves.pipeline_stage(opportunity.pipeline_id, stage_id)
        moves.move(actor, opportunity, stage, "opportunity.moved", **details)
    return opportunity


def mark_opportunity_won(
    *,
    actor: User,
    opportunity_id: int,
    version: int | None,
    won_amount: Decimal | None = None,
    won_date: date | None = None,
) -> Opportunity:
    """Close an open deal as won: won_at, won amount (default: its amount), category closed, 100 %."""
    with transaction.atomic():
        opportunity = locked_opportunity(actor, opportunity_id, version, "edit")
        _ensure_open(opportunity)
        stage = moves.pipeline_stage(opportunity.pipeline_id, None, StageKind.WON)
        moves.move(actor, opportunity, stage, "opportunity.won", won_amount=won_amount, won_date=won_date)
    return opportunity


def mark_opportunity_lost(
    *,
    actor: User,
    opportunity_id: int,
    version: int | None,
    lost_reason: str,
    lost_to_competitor: str | None = None,
    lost_note: str | None = None,
) -> Opportunity:
    """Close an open deal as lost with a configured reason."""
    with transaction.atomic():
        opportunity = locked_opportunity(actor, opportunity_id, version, "edit")
        _ensure_open(opportunity)
        stage = moves.pipeline_stage(opportunity.pipeline_id, None, StageKind.LOST)
        moves.move(
            actor,
            opportunity,
            stage,
            "opportunity.lost",
            lost_reason=lost_reason,
            lost_to_competitor=lost_to_competitor,
            lost_note=lost_note,
        )
    return opportunity


def reopen_opportunity(*, actor: User, opportunity_id: int, version: int | None, stage_id: int) -> Opportunity:
    """Reopen a won or lost deal into an open stage (its gate applies); won and lost values are cleared."""
    with transaction.atomic():
        opportunity = locked_opportunity(actor, opportunity_id, version, "edit")
        if opportunity.status == OpportunityStatus.OPEN:
            raise OpportunityError.not_closed()
        stage = moves.pipeline_stage(opportunity.pipeline_id, stage_id, StageKind.OPEN)
        before = snapshot(opportunity, moves.AUDITED)
        moves.check_gate(opportunity, stage)
        moves.enter_stage(actor, opportunity, stage, timezone.now())
        opportunity.won_at = opportunity.won_amount = opportunity.won_amount_cny = opportunity.lost_at = None
        opportunity.lost_reason = opportunity.lost_to_competitor = opportunity.lost_note = ""
        if opportunity.forecast_category == ForecastCategory.CLOSED:
            opportunity.forecast_category = ForecastCategory.PIPELINE
        bump_version(opportunity)
        opportunity.save()
        moves.publish_event(
            "opportunity.reopened", opportunity, actor, diff(before, snapshot(opportunity, moves.AUDITED))
        )
    return opportunity


def _hand_over(actor: User, opportunity: Opportunity, owner: User) -> None:
    before = snapshot(opportunity, moves.AUDITED)
    opportunity.owner = owner
    opportunity.department_id = owner.department_id
    engine.ensure_within_reach(actor, OPPORTUNITIES.resource, "assign", opportunity)
    bump_version(opportunity)
    opportunity.save(update_fields=["owner", "department", "version", "updated_at"])
    moves.publish_event(
        "opportunity.transferred", opportunity, actor, diff(before, snapshot(opportunity, moves.AUDITED))
    )


def transfer_opportunity(*, actor: User, opportunity_id: int, owner_id: int, version: int | None) -> Opportunity:
    """Hand a deal to another owner inside the actor's reach; its department follows the owner."""
    engine.require_action(actor, OPPORTUNITIES.resource, "assign")
    with transaction.atomic():
        opportunity = locked_opportunity(actor, opportunity_id, version, "assign")
        _hand_over(actor, opportunity, customer_actions.owner_for(owner_id, actor))
    return opportunity


def _delete(actor: User, opportunity: Opportunity) -> None:
    moves.publish_event("opportunity.deleted", opportunity, actor, diff(_audit_snapshot(opportunity), {}))
    RecordShare.objects.filter(resource=OPPORTUNITIES.resource, object_id=opportunity.pk).delete()
    opportunity.delete()


def delete_opportunity(*, actor: User, opportunity_id: int) -> None:
    """Delete a deal; the audit keeps its last values."""
    with transaction.atomic():
        _delete(actor, locked_opportunity(actor, opportunity_id, None, "delete"))


BULK_RIGHTS = {"transfer": "assign", "delete": "delete", "move": "edit", "add_tag": "edit", "remove_tag": "edit"}


def _bulk_one(actor: User, opportunity: Opportunity, action: str, target: Any) -> None:
    if action == "transfer":
        _hand_over(actor, opportunity, target)
    elif action == "delete":
        _delete(actor, opportunity)
    elif action == "move":
        _ensure_open(opportunity)
        if opportunity.stage_id != target:
            moves.move(actor, opportunity, moves.pipeline_stage(opportunity.pipeline_id, target), "opportunity.moved")
    else:
        before = sorted(opportunity.tags.values_list("name", flat=True))
        (opportunity.tags.add if action == "add_tag" else opportunity.tags.remove)(target)
        after = sorted(opportunity.tags.values_list("name", flat=True))
        if before != after:
            moves.publish_event("opportunity.updated", opportunity, actor, {"tags": (before, after)})


def _bulk_target(actor: User, action: str, owner_id: int | None, stage_id: int | None, tag_id: int | None) -> Any:
    if action == "transfer":
        if owner_id is None:
            raise OpportunityError.invalid("owner_id", "请选择新负责人。", "Choose the new owner.")
        return customer_actions.owner_for(owner_id, actor)
    if action == "move":
        if stage_id is None:
            raise OpportunityError.invalid("stage_id", "请选择阶段。", "Choose a stage.")
        return stage_id
    if action in ("add_tag", "remove_tag"):
        if tag_id is None:
            raise OpportunityError.invalid("tag_id", "请选择标签。", "Choose a tag.")
        return _tags([tag_id])[0]
    return None


def bulk_update(
    *,
    actor: User,
    ids: list[int],
    action: str,
    owner_id: int | None = None,
    stage_id: int | None = None,
    tag_id: int | None = None,
) -> dict[str, Any]:
    """Apply one action to many deals; each refusal (out of reach, gate, closed…) is reported by id."""
    right = BULK_RIGHTS.get(action)
    if right is None:
        raise OpportunityError.invalid("action", "未知的批量操作。", "Unknown bulk action.")
    engine.require_action(actor, OPPORTUNITIES.resource, right)
    if len(ids) > BULK_LIMIT:
        raise OpportunityError.bulk_too_large(BULK_LIMIT)
    target = _bulk_target(actor, action, owner_id, stage_id, tag_id)
    done: list[int] = []
    refused: list[dict[str, Any]] = []
    with transaction.atomic():
        # Lock in primary-key order so two overlapping bulk actions cannot deadlock.
        allowed = list(visible_opportunities(actor, right).filter(pk__in=ids).select_for_update().order_by("pk"))
        found = {opportunity.pk for opportunity in allowed}
        for opportunity in allowed:
            try:
                with transaction.atomic():
                    _bulk_one(actor, opportunity, action, target)
                done.append(opportunity.pk)
            except DomainError as error:
                refused.append({"id": opportunity.pk, "code": error.code, "message": error.message})
        missing = DomainError("not_found")
        refused.extend({"id": pk, "code": missing.code, "message": missing.message} for pk in sorted(set(ids) - found))
    refused.sort(key=lambda item: item["id"])
    return {"done": done, "refused": refused}


def touch_opportunity_activity(opportunity_id: int, at: Any) -> None:
    """Record activity on a deal (a follow-up or visit): moves `last_activity_at` forward, never back."""
    Opportunity.objects.filter(pk=opportunity_id, last_activity_at__lt=at).update(last_activity_at=at)
