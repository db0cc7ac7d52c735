"""The fairness report: leads each rep received in a period, per rule and per other way (manual, claim…)."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count

from chengdan.access import engine
from chengdan.accounts.models import Department, User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.leads.choices import AssignmentReason
from chengdan.leads.models import AssignmentLog, AssignmentRule
from chengdan.leads.permissions import LEADS, visible_leads
from chengdan.leads.rule_conditions import SHANGHAI

MAX_DAYS = 366
REASON_LABELS_EN = {
    AssignmentReason.MANUAL: "Manual",
    AssignmentReason.CLAIM: "Claimed from a pool",
    AssignmentReason.POOL_ASSIGN: "Assigned from a pool",
    AssignmentReason.USER_DISABLED: "Handed over (user left)",
}


def _invalid(field: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})


def _period(date_from: date | None, date_to: date | None, today: date) -> tuple[date, date]:
    date_to = date_to or today
    date_from = date_from or date_to - timedelta(days=29)
    if date_from > date_to:
        raise _invalid("from", "开始日期不能晚于结束日期。", "The start date is after the end date.")
    if (date_to - date_from).days >= MAX_DAYS:
        raise _invalid("from", f"统计区间最长 {MAX_DAYS} 天。", f"The period may span at most {MAX_DAYS} days.")
    return date_from, date_to


def _key(reason: str, rule_id: int | None) -> str:
    return f"rule:{rule_id or 0}" if reason == AssignmentReason.RULE else reason


def fairness_report(
    actor: User, *, date_from: date | None, date_to: date | None, department_id: int | None, now: datetime
) -> dict[str, Any]:
    """Counts of hand-overs per rep and per rule/way in [from, to] (Beijing days), over the leads the actor sees."""
    engine.require_action(actor, LEADS.resource, "view")
    date_from, date_to = _period(date_from, date_to, now.astimezone(SHANGHAI).date())
    start = datetime.combine(date_from, time.min, tzinfo=SHANGHAI)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=SHANGHAI)
    logs = AssignmentLog.objects.filter(assigned_at__gte=start, assigned_at__lt=end, user__isnull=False)
    logs = logs.exclude(reason=AssignmentReason.SLA_RETURN)
    if not engine.reach(actor, LEADS.resource, "view").everything:
        logs = logs.filter(lead__in=visible_leads(actor).values("pk"))
    if department_id is not None:
        department = Department.objects.filter(pk=department_id).first()
        if department is None:
            raise _invalid("department_id", "部门不存在。", "No such department.")
        logs = logs.filter(user__department__path__startswith=department.path)
    grouped = list(
        logs.values("user_id", "rule_id", "reason").annotate(total=Count("id")).order_by("user_id", "rule_id", "reason")
    )
    user_ids = {row["user_id"] for row in grouped}
    users = {user.pk: user for user in User.objects.filter(pk__in=user_ids).select_related("department")}
    rule_ids = {row["rule_id"] for row in grouped if row["reason"] == AssignmentReason.RULE and row["rule_id"]}
    rules = {rule.pk: rule for rule in AssignmentRule.objects.filter(pk__in=rule_ids)}
    rows: dict[int, dict[str, Any]] = {}
    totals: dict[str, int] = {}
    columns: dict[str, dict[str, Any]] = {}
    for row in grouped:
        reason, rule_id = row["reason"], row["rule_id"] if row["reason"] == AssignmentReason.RULE else None
        key = _key(reason, rule_id)
        if key not in columns:
            columns[key] = {
                "key": key,
                "rule_id": rule_id,
                "reason": reason,
                "label": _label(reason, rules.get(rule_id or 0)),
            }
        user = users[row["user_id"]]
        entry = rows.setdefault(
            user.pk,
            {
                "user_id": user.pk,
                "user_name": user.display_name or user.username,
                "department_id": user.department_id,
                "department_name": user.department.name if user.department else "",
                "counts": {},
                "total": 0,
            },
        )
        entry["counts"][key] = entry["counts"].get(key, 0) + row["total"]
        entry["total"] += row["total"]
        totals[key] = totals.get(key, 0) + row["total"]
    ordered_columns = sorted(
        columns.values(), key=lambda column: (column["rule_id"] is None, column["rule_id"] or 0, column["key"])
    )
    return {
        "date_from": date_from,
        "date_to": date_to,
        "department_id": department_id,
        "columns": ordered_columns,
        "rows": sorted(rows.values(), key=lambda entry: (-entry["total"], entry["user_id"])),
        "totals": totals,
        "total": sum(totals.values()),
    }


def _label(reason: str, rule: AssignmentRule | None) -> str:
    if reason == AssignmentReason.RULE:
        return rule.name if rule is not None else localized("已删除的规则", "Deleted rule")
    return localized(str(AssignmentReason(reason).label), REASON_LABELS_EN.get(AssignmentReason(reason), reason))
