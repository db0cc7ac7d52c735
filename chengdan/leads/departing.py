"""A user leaves: disable them and hand on their open leads, customers and open deals in one audited step."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.models import Pool
from chengdan.accounts import actions as org_actions
from chengdan.accounts.models import User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish
from chengdan.customers.models import Customer
from chengdan.leads import assignment, pool_actions
from chengdan.leads.choices import AssignmentReason
from chengdan.leads.models import Lead
from chengdan.opportunities.choices import OpportunityStatus
from chengdan.opportunities.models import Opportunity

MODES = ("rules", "colleague")


@dataclass(frozen=True)
class Departure:
    """What a departure moved, and to whom (`heir_id`: the colleague, or the manager in rules mode)."""

    user_id: int
    mode: str
    lead_count: int
    leads_pooled: int
    customer_count: int
    customers_pooled: int
    opportunity_count: int
    heir_id: int | None


def _invalid(field: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})


def _colleague(actor: User, user: User, colleague_id: int | None) -> User:
    if colleague_id is None:
        raise _invalid("colleague_id", "请选择接手的同事。", "Choose the colleague who takes over.")
    colleague = User.objects.filter(pk=colleague_id, is_active=True).first()
    if colleague is None or colleague.pk == user.pk or not engine.can(actor, "users", "view", colleague):
        raise _invalid("colleague_id", "接手人必须是另一位在职同事。", "The colleague must be another active user.")
    return colleague


def _manager(user: User) -> User:
    manager = user.manager
    if manager is None or not manager.is_active:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            localized(
                "该用户没有在职的直属上级，无法按规则转交其客户和商机；请改为指定一位同事接手。",
                "This user has no active manager to take their customers and deals; choose a colleague instead.",
            ),
            fields={"mode": localized("没有在职的直属上级。", "No active manager.")},
        )
    return manager


def _move_leads(actor: User, user: User, mode: str, heir: User | None, now: datetime) -> tuple[list[int], int]:
    leads = list(
        Lead.objects.filter(owner=user, status__in=assignment.OPEN_STATUSES).select_for_update().order_by("pk")
    )
    if mode == "colleague":
        assert heir is not None
        decision = assignment.Decision(heir.pk, None, None, "", department_id=heir.department_id)
        decisions = [decision] * len(leads)
    else:
        # The leaver is already disabled here, so the rules cannot hand a lead back to them.
        decisions = assignment.assign_batch(leads, now)
        # A lead no rule places (no owner, no pool) goes to the manager rather than to nobody.
        if any(decision.user_id is None and decision.pool_id is None for decision in decisions):
            manager = _manager(user)
            fallback = assignment.Decision(manager.pk, None, None, "", department_id=manager.department_id)
            decisions = [
                fallback if decision.user_id is None and decision.pool_id is None else decision
                for decision in decisions
            ]
    for lead, decision in zip(leads, decisions, strict=True):
        if decision.user_id is not None:
            probe = Lead(owner_id=decision.user_id, department_id=decision.department_id, pk=lead.pk)
            engine.ensure_within_reach(actor, "leads", "assign", probe)
    assignment.apply_decisions_bulk(leads, decisions, now, AssignmentReason.USER_DISABLED)
    pooled = sum(1 for decision in decisions if decision.user_id is None and decision.pool_id is not None)
    return [lead.pk for lead in leads], pooled


def _move_customers(actor: User, user: User, heir: User | None, pool: Pool | None, now: datetime) -> list[int]:
    customers = list(Customer.objects.filter(owner=user).select_for_update().order_by("pk"))
    if pool is not None:
        for customer in customers:
            pool_actions.return_to_pool(customer, pool, "负责人离职，客户退回公海", actor, now=now)
        return [customer.pk for customer in customers]
    assert heir is not None
    for customer in customers:
        customer.owner_id, customer.department_id = heir.pk, heir.department_id
        engine.ensure_within_reach(actor, "customers", "assign", customer)
    ids = [customer.pk for customer in customers]
    # The heir gets the full take-back period before any pool may reclaim these customers.
    Customer.objects.filter(pk__in=ids).update(
        owner_id=heir.pk,
        department_id=heir.department_id,
        idle_since=now,
        won_idle_since=now,
        version=F("version") + 1,
        updated_at=now,
    )
    return ids


def _move_opportunities(actor: User, user: User, heir: User) -> list[int]:
    deals = list(
        Opportunity.objects.filter(owner=user, status=OpportunityStatus.OPEN).select_for_update().order_by("pk")
    )
    for deal in deals:
        deal.owner_id, deal.department_id = heir.pk, heir.department_id
        engine.ensure_within_reach(actor, "opportunities", "assign", deal)
    ids = [deal.pk for deal in deals]
    Opportunity.objects.filter(pk__in=ids).update(
        owner_id=heir.pk, department_id=heir.department_id, version=F("version") + 1, updated_at=timezone.now()
    )
    return ids


def depart_user(*, actor: User, user_id: int, mode: str, colleague_id: int | None = None) -> Departure:
    """Disable the user and hand on their work: by rules (leads), the default pool (customers) and their
    manager (deals), or everything to one colleague. One transaction, one "user.departed" audit entry."""
    if mode not in MODES:
        raise _invalid("mode", "方式应为 rules 或 colleague。", "Mode must be rules or colleague.")
    now = timezone.now()
    with transaction.atomic():
        user = engine.get_visible(actor, "users", user_id, "edit", for_update=True)
        if not user.is_active:
            raise _invalid("user_id", "该用户已停用。", "This user is already disabled.")
        pool = None
        if mode == "colleague":
            heir: User | None = _colleague(actor, user, colleague_id)
        else:
            pool = Pool.objects.filter(resource="customers", is_default=True, is_active=True).order_by("pk").first()
            has_deals = Opportunity.objects.filter(owner=user, status=OpportunityStatus.OPEN).exists()
            needs_heir = has_deals or (pool is None and Customer.objects.filter(owner=user).exists())
            heir = _manager(user) if needs_heir else user.manager
        org_actions.update_user(actor=actor, user_id=user.pk, version=user.version, changes={"is_active": False})
        lead_ids, leads_pooled = _move_leads(actor, user, mode, heir, now)
        customer_ids = _move_customers(actor, user, heir, pool if mode == "rules" else None, now)
        deal_ids = _move_opportunities(actor, user, heir) if heir is not None else []
        data: dict[str, Any] = {
            "mode": mode,
            "heir_id": heir.pk if heir else None,
            "leads": {"count": len(lead_ids), "pooled": leads_pooled, "ids": lead_ids},
            "customers": {"count": len(customer_ids), "pool_id": pool.pk if pool else None, "ids": customer_ids},
            "opportunities": {"count": len(deal_ids), "ids": deal_ids},
        }
        publish(Event("user.departed", "users", str(user.pk), str(user)[:255], actor.pk, data=data))
    return Departure(
        user_id=user.pk,
        mode=mode,
        lead_count=len(lead_ids),
        leads_pooled=leads_pooled,
        customer_count=len(customer_ids),
        customers_pooled=len(customer_ids) if pool is not None and mode == "rules" else 0,
        opportunity_count=len(deal_ids),
        heir_id=heir.pk if heir else None,
    )
