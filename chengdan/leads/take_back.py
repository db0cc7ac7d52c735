"""The nightly take-back: idle records go back to their pool, owners are warned first; safe to rerun.

The scan reads only the rows whose clocks are past the loosest cutoff (range conditions on the
partial indexes customer_idle_idx, customer_won_idle_idx and lead_idle_idx), then decides, exempts
and warns on that small set in Python, so its cost follows the due rows, not the table.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.customers.models import Customer
from chengdan.leads.choices import PoolAction
from chengdan.leads.models import Lead, PoolEvent, TakeBackRule
from chengdan.leads.pool_actions import OPEN_LEAD_STATUSES, Returning, return_many_to_pool
from chengdan.notifications.actions import Notice, notify_many
from chengdan.opportunities.choices import OpportunityStatus
from chengdan.opportunities.models import Opportunity

# Rows locked, re-checked and returned together (SQLite caps a statement's bound values below 1,000).
CHUNK = 900
WARNING_KIND = "pool.take_back_warning"


@dataclass(frozen=True)
class Clocks:
    """What the scan reads of one owned record."""

    pk: int
    name: str
    level: str
    owner_id: int
    idle_since: datetime
    won_idle_since: datetime | None


@dataclass(frozen=True)
class Due:
    """When a record falls due under one rule, and why."""

    rule: TakeBackRule
    at: datetime
    reason: str


@dataclass
class TakeBackResult:
    """What one run did."""

    returned: int = 0
    warned: int = 0


def _ordered_rules(resource: str) -> list[TakeBackRule]:
    rules = TakeBackRule.objects.filter(is_active=True, pool__is_active=True, pool__resource=resource).select_related(
        "pool"
    )
    # Level-specific rules before generic ones, then by id.
    return sorted(rules, key=lambda rule: (rule.customer_level == "", rule.pk))


def _applicable(rules: list[TakeBackRule], level: str, resource: str) -> list[TakeBackRule]:
    """The rules that govern a record: those for its level when there are any, else the generic ones."""
    if resource == "leads":
        return rules
    specific = [rule for rule in rules if rule.customer_level and rule.customer_level == level]
    return specific or [rule for rule in rules if not rule.customer_level]


def _due_dates(rule: TakeBackRule, clocks: Clocks) -> Due | None:
    options: list[tuple[datetime, str]] = []
    if rule.no_follow_up_days is not None:
        days = rule.no_follow_up_days
        options.append((clocks.idle_since + timedelta(days=days), f"{days} 天未跟进 / no follow-up for {days} days"))
    if rule.no_won_days is not None and clocks.won_idle_since is not None:
        days = rule.no_won_days
        options.append((clocks.won_idle_since + timedelta(days=days), f"{days} 天未赢单 / no won deal in {days} days"))
    if not options:
        return None
    at, reason = min(options)
    return Due(rule, at, reason)


def covered_owners(rules: list[TakeBackRule]) -> dict[int, frozenset[int] | None]:
    """Per pool of the rules, the users whose records it takes back; None when the pool names no members.

    A pool's rules govern its own team (members, managers, and everyone in its member departments'
    subtrees): a regional pool never reclaims another region's customers.
    """
    covered: dict[int, frozenset[int] | None] = {}
    for pool in {rule.pool for rule in rules}:
        users = set(pool.members.values_list("pk", flat=True)) | set(pool.managers.values_list("pk", flat=True))
        paths = list(pool.member_departments.values_list("path", flat=True))
        if paths:
            subtree = Q()
            for path in paths:
                subtree |= Q(department__path__startswith=path)
            users |= set(User.objects.filter(subtree).values_list("pk", flat=True))
        configured = users or paths
        covered[pool.pk] = frozenset(users) if configured else None
    return covered


def _covers(covered: dict[int, frozenset[int] | None], rule: TakeBackRule, owner_id: int) -> bool:
    team = covered.get(rule.pool_id)
    return team is None or owner_id in team


def _verdicts(
    rules: list[TakeBackRule], clocks: Clocks, resource: str, covered: dict[int, frozenset[int] | None]
) -> list[Due]:
    mine = [rule for rule in rules if _covers(covered, rule, clocks.owner_id)]
    dues = (_due_dates(rule, clocks) for rule in _applicable(mine, clocks.level, resource))
    return [due for due in dues if due is not None]


def _cutoff(rules: list[TakeBackRule], days_of: str, now: datetime) -> datetime | None:
    """The loosest clock value that may be due or warned under any rule (None: no rule uses this clock)."""
    cutoffs = [
        now - timedelta(days=getattr(rule, days_of)) + timedelta(days=rule.warn_days)
        for rule in rules
        if getattr(rule, days_of) is not None
    ]
    return max(cutoffs) if cutoffs else None


def _candidates(resource: str, rules: list[TakeBackRule], now: datetime) -> dict[int, Clocks]:
    found: dict[int, Clocks] = {}
    idle_cut = _cutoff(rules, "no_follow_up_days", now)
    if resource == "leads":
        if idle_cut is not None:
            leads = Lead.objects.filter(owner__isnull=False, idle_since__lt=idle_cut, status__in=OPEN_LEAD_STATUSES)
            for pk, name, owner_id, idle in leads.values_list("pk", "name", "owner_id", "idle_since"):
                found[pk] = Clocks(pk, name, "", owner_id, idle, None)
        return found
    columns = ("pk", "name", "level", "owner_id", "idle_since", "won_idle_since")
    won_cut = _cutoff(rules, "no_won_days", now)
    for field, cut in (("idle_since", idle_cut), ("won_idle_since", won_cut)):
        if cut is None:
            continue
        # A range on one indexed clock only; everything else is decided on the few rows it returns.
        rows = Customer.objects.filter(owner__isnull=False, **{f"{field}__lt": cut}).values_list(*columns)
        for pk, name, level, owner_id, idle, won_idle in rows:
            found[pk] = Clocks(pk, name, level, owner_id, idle, won_idle)
    return found


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _with_open_deals(customer_ids: set[int]) -> set[int]:
    result: set[int] = set()
    for chunk in _chunks(customer_ids):
        deals = Opportunity.objects.filter(customer_id__in=chunk, status=OpportunityStatus.OPEN)
        result.update(deals.values_list("customer_id", flat=True).distinct())
    return result


def _decide(
    resource: str, rules: list[TakeBackRule], candidates: dict[int, Clocks], now: datetime
) -> tuple[dict[int, Due], dict[int, Due]]:
    """Which candidates go back now (with the rule that takes them) and which owners to warn."""
    covered = covered_owners(rules)
    verdicts = {pk: _verdicts(rules, clocks, resource, covered) for pk, clocks in candidates.items()}
    exempting = {
        pk
        for pk, dues in verdicts.items()
        if any(due.rule.exempts_open_deals and due.at - timedelta(days=due.rule.warn_days) < now for due in dues)
    }
    busy = _with_open_deals(exempting) if resource == "customers" and exempting else set()
    returning: dict[int, Due] = {}
    warning: dict[int, Due] = {}
    for pk, dues in verdicts.items():
        live = [due for due in dues if not (pk in busy and due.rule.exempts_open_deals)]
        now_due = [due for due in live if due.at < now]
        if now_due:
            # Rules are in order (level-specific first, then id): the first one that is due decides.
            returning[pk] = now_due[0]
            continue
        soon = [due for due in live if due.rule.warn_days and due.at - timedelta(days=due.rule.warn_days) < now]
        if soon:
            warning[pk] = min(soon, key=lambda due: due.at)
    return returning, warning


def _held_rows(resource: str, chunk: list[int]) -> list[tuple[Clocks, int | None]]:
    """The chunk's still-owned rows, locked, with their clocks as they are now (and their departments)."""
    rows: Any
    if resource == "customers":
        rows = Customer.objects.filter(pk__in=chunk, owner__isnull=False)
        columns = ["pk", "name", "level", "owner_id", "idle_since", "won_idle_since", "department_id"]
    else:
        rows = Lead.objects.filter(pk__in=chunk, owner__isnull=False, status__in=OPEN_LEAD_STATUSES)
        columns = ["pk", "name", "owner_id", "idle_since", "department_id"]
    held = []
    for values in rows.select_for_update().order_by("pk").values_list(*columns):
        if resource == "customers":
            pk, name, level, owner_id, idle, won_idle, department_id = values
        else:
            (pk, name, owner_id, idle, department_id), level, won_idle = values, "", None
        held.append((Clocks(pk, name, level, owner_id, idle, won_idle), department_id))
    return held


def _return_due(resource: str, returning: dict[int, Due], now: datetime) -> int:
    """Return the due records a chunk at a time: lock, re-check each clock, then write the chunk in bulk."""
    count = 0
    for chunk in _chunks(returning):
        with transaction.atomic():
            back = []
            for clocks, department_id in _held_rows(resource, chunk):
                # Re-read under the lock: a follow-up since the scan has moved the clock.
                due = returning[clocks.pk]
                fresh = _due_dates(due.rule, clocks)
                if fresh is None or fresh.at >= now:
                    continue
                back.append(
                    Returning(clocks.pk, clocks.name, clocks.owner_id, department_id, due.rule.pool, fresh.reason)
                )
            count += return_many_to_pool(resource, back, None, action=PoolAction.RETURNED, now=now)
    return count


def _warn(resource: str, warning: dict[int, Due], candidates: dict[int, Clocks]) -> int:
    """Warn each owner once per record and due date: one notification and one WARNED event."""
    days = {pk: f"{timezone.localdate(due.at):%Y-%m-%d}" for pk, due in warning.items()}
    reasons = {pk: f"将于 {day} 收回 / due back on {day}" for pk, day in days.items()}
    already: set[tuple[int, str]] = set()
    for chunk in _chunks(warning):
        warned = PoolEvent.objects.filter(resource=resource, object_id__in=chunk, action=PoolAction.WARNED)
        already.update(warned.values_list("object_id", "reason"))
    fresh = [pk for pk in sorted(warning) if (pk, reasons[pk]) not in already]
    owners: set[int] = set()
    for chunk in _chunks({candidates[pk].owner_id for pk in fresh}):
        owners.update(User.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    noun, noun_en, path = ("客户", "customer", "customers") if resource == "customers" else ("线索", "lead", "leads")
    events: list[PoolEvent] = []
    notices: list[Notice] = []
    for pk in fresh:
        clocks, due = candidates[pk], warning[pk]
        day = days[pk]
        if clocks.owner_id in owners:
            notices.append(
                Notice(
                    recipient_id=clocks.owner_id,
                    kind=WARNING_KIND,
                    title=f"{noun}「{clocks.name}」将于 {day} 收回公海「{due.rule.pool.name}」",
                    body=f"{due.reason}。The {noun_en} returns to the pool on {day} unless you follow up.",
                    link=f"/{path}/{pk}",
                    subject_type=resource,
                    subject_id=str(pk),
                    dedupe_key=f"pool-warning:{resource}:{pk}:{day}",
                    data={"due_on": day, "pool_id": due.rule.pool.pk},
                )
            )
        events.append(
            PoolEvent(
                resource=resource,
                object_id=pk,
                pool=due.rule.pool,
                action=PoolAction.WARNED,
                user_id=clocks.owner_id,
                reason=reasons[pk],
            )
        )
    with transaction.atomic():
        notify_many(notices)
        PoolEvent.objects.bulk_create(events, batch_size=CHUNK)
    return len(events)


def run_take_back(now: datetime | None = None) -> TakeBackResult:
    """Return every due record to its pool and warn the owners of those due soon (a second run changes nothing)."""
    now = now or timezone.now()
    result = TakeBackResult()
    for resource in ("customers", "leads"):
        rules = _ordered_rules(resource)
        if not rules:
            continue
        candidates = _candidates(resource, rules, now)
        if not candidates:
            continue
        returning, warning = _decide(resource, rules, candidates, now)
        result.returned += _return_due(resource, returning, now)
        result.warned += _warn(resource, warning, candidates)
    return result


def due_counts(now: datetime | None = None) -> dict[str, int]:
    """How many records each resource would return now (for operators; reads only)."""
    now = now or timezone.now()
    counts: dict[str, int] = defaultdict(int)
    for resource in ("customers", "leads"):
        rules = _ordered_rules(resource)
        if rules:
            returning, _ = _decide(resource, rules, _candidates(resource, rules, now), now)
            counts[resource] = len(returning)
    return dict(counts)
