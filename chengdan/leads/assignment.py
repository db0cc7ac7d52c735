"""Assignment rules: who gets a new lead (a named rep, round robin or least loaded in a team, or a pool).

Capture calls `assign_new_lead(lead, now)` and then `apply_decision(lead, decision, now)`; bulk paths
(import, departing users, the benchmark) call `assign_batch(leads, now)` and then
`apply_decisions_bulk(leads, decisions, now)`. Both evaluate the same rules with the same code: the
batch loads rules, reps, availability and open-lead counts once and keeps counts and round-robin
pointers in memory, so a batch decides exactly what the same leads one by one would.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q

from chengdan.access.models import Pool
from chengdan.accounts.models import User
from chengdan.core import bulk
from chengdan.core.errors import localized
from chengdan.leads import rule_conditions, scoring
from chengdan.leads.choices import AssignmentAction, AssignmentReason, LeadStatus
from chengdan.leads.models import AssignmentLog, AssignmentRule, Lead, RepAvailability

OPEN_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING)
TEAM_ACTIONS = (AssignmentAction.ROUND_ROBIN, AssignmentAction.LEAST_LOADED)
# SQLite refuses statements with more bound values than this; PostgreSQL does not care.
CHUNK = 900
LOG_COLUMNS = ("lead_id", "rule_id", "user_id", "reason", "assigned_at")


@dataclass(frozen=True)
class Decision:
    """Who gets a lead and why: a rep (with their department), a pool, or nobody; `reason` is the explanation."""

    user_id: int | None
    pool_id: int | None
    rule_id: int | None
    reason: str
    department_id: int | None = None
    rule_name: str = ""
    user_name: str = ""
    pool_name: str = ""
    explanation_zh: str = ""
    explanation_en: str = ""

    @property
    def explanation(self) -> str:
        """The explanation in the request's language."""
        return localized(self.explanation_zh, self.explanation_en)


@dataclass
class _Rep:
    id: int
    name: str
    department_id: int | None
    department_name: str
    department_path: str
    is_available: bool
    capacity: int | None


@dataclass
class _Rule:
    id: int
    name: str
    action: str
    target_user_id: int | None
    pool_id: int | None
    pool_name: str
    department_path: str | None
    pointer: int | None
    matches: rule_conditions.Matcher
    candidates: list[int] = field(default_factory=list)


@dataclass
class _Context:
    rules: list[_Rule]
    reps: dict[int, _Rep]
    counts: dict[int, int]
    default_pool: tuple[int, str] | None
    moved_pointers: set[int] = field(default_factory=set)


def _rep_name(user: User) -> str:
    return user.display_name or user.username


def _load_rules() -> list[AssignmentRule]:
    rules = AssignmentRule.objects.filter(is_active=True).select_related("target_pool", "target_department")
    return list(rules.order_by("position", "pk"))


def _compile(rules: list[AssignmentRule], now: datetime) -> list[_Rule]:
    compiled = []
    for rule in rules:
        matcher = rule_conditions.compile_conditions(rule.conditions or {}, now)
        if matcher is None:
            continue
        pool = rule.target_pool
        department = rule.target_department
        compiled.append(
            _Rule(
                id=rule.pk,
                name=rule.name,
                action=rule.action,
                target_user_id=rule.target_user_id,
                pool_id=pool.pk if pool is not None and pool.is_active else None,
                pool_name=pool.name if pool is not None else "",
                department_path=department.path if department is not None else None,
                pointer=rule.last_assigned_user_id,
                matches=matcher,
            )
        )
    return compiled


def _load_reps(rules: list[_Rule], now: datetime) -> dict[int, _Rep]:
    user_ids = {rule.target_user_id for rule in rules if rule.action == AssignmentAction.USER and rule.target_user_id}
    paths = {rule.department_path for rule in rules if rule.action in TEAM_ACTIONS and rule.department_path}
    if not user_ids and not paths:
        return {}
    condition = Q(pk__in=user_ids)
    for path in paths:
        condition |= Q(department__path__startswith=path)
    users = User.objects.filter(condition, is_active=True).select_related("department", "availability")
    reps = {}
    for user in users:
        availability: RepAvailability | None = getattr(user, "availability", None)
        department = user.department
        reps[user.pk] = _Rep(
            id=user.pk,
            name=_rep_name(user),
            department_id=user.department_id,
            department_name=department.name if department else "",
            department_path=department.path if department else "",
            is_available=rule_conditions.is_available(availability, now),
            capacity=availability.capacity if availability is not None else None,
        )
    for rule in rules:
        if rule.action in TEAM_ACTIONS and rule.department_path:
            prefix = rule.department_path
            rule.candidates = sorted(rep.id for rep in reps.values() if rep.department_path.startswith(prefix))
    return reps


def _open_counts(user_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(user_ids), CHUNK):
        rows = (
            Lead.objects.filter(owner_id__in=user_ids[start : start + CHUNK], status__in=OPEN_STATUSES)
            .values("owner_id")
            .annotate(total=Count("id"))
            .values_list("owner_id", "total")
        )
        counts.update(rows)
    return counts


def _default_pool() -> tuple[int, str] | None:
    pool = Pool.objects.filter(resource="leads", is_default=True, is_active=True).order_by("pk").first()
    return (pool.pk, pool.name) if pool is not None else None


def _context(now: datetime, *, lock: bool, lead: Lead | None = None) -> _Context:
    rules = _compile(_load_rules(), now)
    if lead is not None:
        # One lead needs only the rules it matches, and their reps.
        rules = [rule for rule in rules if rule.matches(lead)]
    if lock and any(rule.action in TEAM_ACTIONS for rule in rules):
        # Two simultaneous captures queue here, so round robin never hands out the same turn twice
        # and least loaded counts the other capture's lead once it has committed.
        ids = [rule.id for rule in rules if rule.action in TEAM_ACTIONS]
        locked = AssignmentRule.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        pointers = dict(locked.values_list("pk", "last_assigned_user_id"))
        for rule in rules:
            if rule.id in pointers:
                rule.pointer = pointers[rule.id]
    reps = _load_reps(rules, now)
    return _Context(rules=rules, reps=reps, counts=_open_counts(sorted(reps)), default_pool=_default_pool())


def _eligible(context: _Context, user_id: int | None) -> _Rep | None:
    rep = context.reps.get(user_id) if user_id is not None else None
    if rep is None or not rep.is_available:
        return None
    if rep.capacity is not None and context.counts.get(rep.id, 0) >= rep.capacity:
        return None
    return rep


def _pick(context: _Context, rule: _Rule) -> _Rep | None:
    if rule.action == AssignmentAction.USER:
        return _eligible(context, rule.target_user_id)
    candidates = rule.candidates
    if rule.action == AssignmentAction.ROUND_ROBIN:
        start = bisect_right(candidates, rule.pointer) if rule.pointer is not None else 0
        for offset in range(len(candidates)):
            rep = _eligible(context, candidates[(start + offset) % len(candidates)])
            if rep is not None:
                return rep
        return None
    eligible = [rep for rep in (_eligible(context, user_id) for user_id in candidates) if rep is not None]
    return min(eligible, key=lambda rep: (context.counts.get(rep.id, 0), rep.id), default=None)


def _rep_decision(rule: _Rule, rep: _Rep, open_count: int, skipped: list[str]) -> Decision:
    team = rep.department_name or localized("未分配部门", "no department")
    if rule.action == AssignmentAction.USER:
        zh = f"规则「{rule.name}」：指定分配给 {rep.name}（{team}，当前 {open_count} 条未完成线索）"
        en = f'Rule "{rule.name}": assigned to {rep.name} ({team}, {open_count} open leads now)'
    elif rule.action == AssignmentAction.ROUND_ROBIN:
        zh = f"规则「{rule.name}」：轮流分配给 {rep.name}（{team}，当前 {open_count} 条未完成线索）"
        en = f'Rule "{rule.name}": round robin to {rep.name} ({team}, {open_count} open leads now)'
    else:
        zh = f"规则「{rule.name}」：分配给负载最少的 {rep.name}（{team}，当前 {open_count} 条未完成线索）"
        en = f'Rule "{rule.name}": least loaded rep {rep.name} ({team}, {open_count} open leads now)'
    return _decision(rep.id, None, rule.id, zh, en, skipped, rep.department_id, rule.name, rep.name, "")


def _decision(
    user_id: int | None,
    pool_id: int | None,
    rule_id: int | None,
    zh: str,
    en: str,
    skipped: list[str],
    department_id: int | None = None,
    rule_name: str = "",
    user_name: str = "",
    pool_name: str = "",
) -> Decision:
    if skipped:
        names_zh = "、".join(f"「{name}」" for name in skipped)
        names_en = ", ".join(f'"{name}"' for name in skipped)
        zh = f"规则{names_zh}的人员当前都不可用（请假、非工作时间或已满额）；{zh}"
        en = f"Nobody was available under rule {names_en} (on leave, off hours or at capacity); {en}"
    return Decision(
        user_id=user_id,
        pool_id=pool_id,
        rule_id=rule_id,
        reason=localized(zh, en),
        department_id=department_id,
        rule_name=rule_name,
        user_name=user_name,
        pool_name=pool_name,
        explanation_zh=zh,
        explanation_en=en,
    )


def _decide(context: _Context, lead: Lead) -> Decision:
    """The first matching rule with an eligible rep (or a pool) decides; counts and pointers move in memory."""
    skipped: list[str] = []
    for rule in context.rules:
        if not rule.matches(lead):
            continue
        if rule.action == AssignmentAction.POOL:
            if rule.pool_id is None:
                skipped.append(rule.name)
                continue
            zh = f"规则「{rule.name}」：放入公海「{rule.pool_name}」"
            en = f'Rule "{rule.name}": put into the pool "{rule.pool_name}"'
            return _decision(None, rule.pool_id, rule.id, zh, en, skipped, None, rule.name, "", rule.pool_name)
        rep = _pick(context, rule)
        if rep is None:
            skipped.append(rule.name)
            continue
        open_count = context.counts.get(rep.id, 0)
        if lead.status in OPEN_STATUSES:
            context.counts[rep.id] = open_count + 1
        if rule.action == AssignmentAction.ROUND_ROBIN:
            rule.pointer = rep.id
            context.moved_pointers.add(rule.id)
        return _rep_decision(rule, rep, open_count, skipped)
    if context.default_pool is not None:
        pool_id, pool_name = context.default_pool
        zh = f"没有匹配的规则：放入默认公海「{pool_name}」"
        en = f'No rule matched: put into the default pool "{pool_name}"'
        return _decision(None, pool_id, None, zh, en, skipped, pool_name=pool_name)
    zh = "没有匹配的规则，也没有默认公海：暂不分配"
    en = "No rule matched and there is no default pool: left unassigned"
    return _decision(None, None, None, zh, en, skipped)


def _save_pointers(context: _Context) -> None:
    # The pointer is bookkeeping, not an edit: the rule's version stays, so an admin's open editor is not stale.
    for rule in context.rules:
        if rule.id in context.moved_pointers:
            AssignmentRule.objects.filter(pk=rule.id).update(last_assigned_user_id=rule.pointer)


def assign_new_lead(lead: Lead, now: datetime) -> Decision:
    """Decide who gets one lead (locking the matching team rules); writes only the round-robin pointer.

    The caller applies the decision with `apply_decision(lead, decision, now)`, which saves the lead's
    owner, department, pool and clocks and writes the AssignmentLog (reason RULE).
    """
    with transaction.atomic():
        context = _context(now, lock=True, lead=lead)
        decision = _decide(context, lead)
        _save_pointers(context)
    return decision


def preview(values: dict[str, Any], now: datetime) -> Decision:
    """Who would get a lead with these values at `now`, and which rule decided; writes nothing."""
    lead = Lead(**{name: value for name, value in values.items() if name in rule_conditions.LEAD_FIELDS})
    # Rules may ask for a minimum score: score the would-be lead as capture would.
    lead.score = scoring.score_of(lead)
    return _decide(_context(now, lock=False, lead=lead), lead)


def assign_batch(leads: Sequence[Lead], now: datetime) -> list[Decision]:
    """Decide many leads with one load of rules, reps and counts; the same answers as one by one, in order.

    Writes only the round-robin pointers; apply with `apply_decisions_bulk(leads, decisions, now)`.
    """
    with transaction.atomic():
        context = _context(now, lock=True)
        decisions = [_decide(context, lead) for lead in leads]
        _save_pointers(context)
    return decisions


ASSIGNMENT_FIELDS = [
    "owner",
    "department",
    "pool",
    "pooled_at",
    "assigned_rule",
    "assigned_at",
    "idle_since",
    "sla_reminded_at",
    "sla_escalated_at",
]


def _set_fields(lead: Lead, decision: Decision, now: datetime) -> None:
    lead.owner_id = decision.user_id
    lead.department_id = decision.department_id if decision.user_id else None
    lead.pool_id = decision.pool_id if decision.user_id is None else None
    lead.pooled_at = now if lead.pool_id is not None else None
    lead.assigned_rule_id = decision.rule_id
    # A new owner (or pool) starts a fresh first-contact SLA and take-back clock.
    lead.assigned_at = now if decision.user_id or decision.pool_id else None
    lead.idle_since = now
    lead.sla_reminded_at = lead.sla_escalated_at = None


def apply_decision(lead: Lead, decision: Decision, now: datetime, reason: str = AssignmentReason.RULE) -> None:
    """Give the lead to the decided owner or pool: saves it (inserts a new one) and writes its AssignmentLog."""
    _set_fields(lead, decision, now)
    if lead.pk is None:
        lead.save()
    else:
        lead.save(update_fields=[*ASSIGNMENT_FIELDS, "updated_at"])
    if decision.user_id or decision.pool_id:
        AssignmentLog.objects.create(
            lead=lead, rule_id=decision.rule_id, user_id=decision.user_id, reason=reason, assigned_at=now
        )


SET_ASSIGNMENT = (
    "owner_id = v.owner_id, department_id = v.department_id, pool_id = v.pool_id, "
    "pooled_at = CASE WHEN v.pool_id IS NULL THEN NULL ELSE %s END, assigned_rule_id = v.rule_id, "
    "assigned_at = CASE WHEN v.owner_id IS NULL AND v.pool_id IS NULL THEN NULL ELSE %s END, "
    "idle_since = %s, sla_reminded_at = NULL, sla_escalated_at = NULL, version = version + 1, updated_at = %s"
)


def _update_assignments(rows: list[tuple[Any, ...]], now: datetime) -> None:
    """One UPDATE … FROM per chunk: per-row owner/department/pool/rule, shared clocks (not one per lead)."""
    table = Lead._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    clocks = [stamp, stamp, stamp, stamp]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Typed arrays: the planner joins by primary key, and NULLs keep their column type.
            columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * 5
            arrays = ", ".join(["%s::bigint[]"] * 5)
            sql = (
                f'UPDATE "{table}" SET {SET_ASSIGNMENT} FROM unnest({arrays}) '  # noqa: S608 - names from the model
                f'AS v(id, owner_id, department_id, pool_id, rule_id) WHERE "{table}".id = v.id'
            )
            cursor.execute(sql, [*clocks, *columns])
            return
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            values = ", ".join(["(?, ?, ?, ?, ?)"] * len(chunk))
            sql = (
                f"WITH v(id, owner_id, department_id, pool_id, rule_id) AS (VALUES {values}) "  # noqa: S608 - names from the model
                f'UPDATE "{table}" SET {SET_ASSIGNMENT.replace("%s", "?")} FROM v WHERE "{table}".id = v.id'
            )
            params = [value for row in chunk for value in row]
            cursor.cursor.execute(sql, [*params, *clocks])


def apply_decisions_bulk(
    leads: Sequence[Lead], decisions: Sequence[Decision], now: datetime, reason: str = AssignmentReason.RULE
) -> None:
    """Write many saved leads' decisions: one UPDATE per chunk of 900 leads, logs through the driver."""
    rows: list[tuple[Any, ...]] = []
    logs: list[tuple[Any, ...]] = []
    for lead, decision in zip(leads, decisions, strict=True):
        _set_fields(lead, decision, now)
        lead.version += 1
        rows.append((lead.pk, lead.owner_id, lead.department_id, lead.pool_id, lead.assigned_rule_id))
        if decision.user_id or decision.pool_id:
            logs.append((lead.pk, decision.rule_id, decision.user_id, reason, now))
    with transaction.atomic():
        _update_assignments(rows, now)
        # Straight to the driver (executemany / COPY): bulk_create's per-field preparation would double the time.
        bulk.insert_rows(AssignmentLog, LOG_COLUMNS, logs)
