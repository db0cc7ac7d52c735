"""Admin reads and writes of assignment rules, rep availability and the first-contact SLA (all audited)."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.models import Pool
from chengdan.accounts.models import Department, User
from chengdan.core.errors import DomainError, ErrorCode, NotFoundError, StaleVersionError, localized
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.records import register_renderer
from chengdan.core.versioning import bump_version
from chengdan.leads import rule_conditions
from chengdan.leads.choices import AssignmentAction, LeadStatus
from chengdan.leads.models import AssignmentRule, Lead, LeadSlaPolicy, RepAvailability
from chengdan.leads.permissions import LEAD_SETTINGS

RULE_FIELDS = ["name", "position", "is_active", "conditions", "action", "target_user_id", "target_department_id"]
RULE_FIELDS += ["target_pool_id"]
AVAILABILITY_FIELDS = ["capacity", "work_start", "work_end", "work_days", "leave_from", "leave_to"]
SLA_FIELDS = ["remind_after_hours", "escalate_after_hours", "return_after_hours", "return_pool_id", "is_active"]
OPEN = (LeadStatus.NEW, LeadStatus.WORKING)


def _audit(name: str, subject: str, subject_id: object, label: str, actor: User, **details: Any) -> None:
    publish(Event(name, subject, str(subject_id), label[:255], actor.pk, **details))


def _invalid(fields: dict[str, tuple[str, str]]) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={name: localized(*pair) for name, pair in fields.items()})


def _name(user: User | None) -> str:
    return (user.display_name or user.username) if user is not None else ""


# Rendering -----------------------------------------------------------------------------------


def render_rule(rule: AssignmentRule) -> dict[str, Any]:
    """A rule as the API shows it, with its targets' names."""
    return {
        "id": rule.pk,
        "name": rule.name,
        "position": rule.position,
        "is_active": rule.is_active,
        "conditions": rule.conditions or {},
        "action": rule.action,
        "target_user_id": rule.target_user_id,
        "target_user_name": _name(rule.target_user),
        "target_department_id": rule.target_department_id,
        "target_department_name": rule.target_department.name if rule.target_department else "",
        "target_pool_id": rule.target_pool_id,
        "target_pool_name": rule.target_pool.name if rule.target_pool else "",
        "last_assigned_user_id": rule.last_assigned_user_id,
        "version": rule.version,
        "updated_at": rule.updated_at,
    }


def render_sla(policy: LeadSlaPolicy) -> dict[str, Any]:
    """The SLA as the API shows it."""
    pool_name = policy.return_pool.name if policy.return_pool else ""
    return {**snapshot(policy, SLA_FIELDS), "version": policy.version, "return_pool_name": pool_name}


register_renderer(AssignmentRule, lambda actor, rule: render_rule(rule))
register_renderer(LeadSlaPolicy, lambda actor, policy: render_sla(policy))


# Rules ---------------------------------------------------------------------------------------


def _rules() -> Any:
    return AssignmentRule.objects.select_related("target_user", "target_department", "target_pool")


def list_rules(actor: User) -> list[AssignmentRule]:
    """Every rule in evaluation order (lead-settings view right)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    return list(_rules().order_by("position", "pk"))


def get_rule(actor: User, rule_id: int) -> AssignmentRule:
    """One rule (404 when it does not exist)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    rule = _rules().filter(pk=rule_id).first()
    if rule is None:
        raise NotFoundError()
    return rule


def clean_conditions(conditions: dict[str, Any]) -> dict[str, Any]:
    """Keep only the conditions that narrow (non-empty lists, set bounds); budgets as strings, lists deduplicated."""
    cleaned: dict[str, Any] = {}
    for key in (*rule_conditions.LIST_KEYS, "weekdays"):
        values = [str(value).strip() if key != "weekdays" else int(value) for value in conditions.get(key) or []]
        values = list(dict.fromkeys(value for value in values if value not in ("", None)))
        if values:
            cleaned[key] = sorted(values) if key == "weekdays" else values
    low, high = conditions.get("budget_min"), conditions.get("budget_max")
    if low is not None and high is not None and low > high:
        raise _invalid(
            {"conditions.budget_max": ("预算上限不能小于下限。", "The budget maximum is below the minimum.")}
        )
    for key, value in (("budget_min", low), ("budget_max", high)):
        if value is not None:
            cleaned[key] = str(value)
    for key in ("time_from", "time_to"):
        if conditions.get(key):
            cleaned[key] = conditions[key]
    if conditions.get("time_from") and conditions.get("time_to") and conditions["time_from"] == conditions["time_to"]:
        raise _invalid({"conditions.time_to": ("起止时间不能相同。", "The window must not start and end together.")})
    return cleaned


def _exists(queryset: Any, pk: Any) -> bool:
    return pk is not None and bool(queryset.filter(pk=pk).exists())


def _check_targets(values: dict[str, Any]) -> None:
    action = values["action"]
    errors: dict[str, tuple[str, str]] = {}
    if action == AssignmentAction.USER:
        if not _exists(User.objects.filter(is_active=True), values.get("target_user_id")):
            errors["target_user_id"] = ("请选择一位在职的销售。", "Choose an active user.")
    elif action in (AssignmentAction.ROUND_ROBIN, AssignmentAction.LEAST_LOADED):
        if not _exists(Department.objects, values.get("target_department_id")):
            errors["target_department_id"] = ("请选择一个团队（部门）。", "Choose a team (department).")
    elif not _exists(Pool.objects.filter(resource="leads"), values.get("target_pool_id")):
        errors["target_pool_id"] = ("请选择一个线索公海。", "Choose a leads pool.")
    if errors:
        raise _invalid(errors)
    # Only the target the action uses is kept, so the editor never shows a stale one.
    keep = {
        AssignmentAction.USER: "target_user_id",
        AssignmentAction.ROUND_ROBIN: "target_department_id",
        AssignmentAction.LEAST_LOADED: "target_department_id",
        AssignmentAction.POOL: "target_pool_id",
    }[action]
    for key in ("target_user_id", "target_department_id", "target_pool_id"):
        if key != keep:
            values[key] = None


def create_rule(*, actor: User, values: dict[str, Any]) -> AssignmentRule:
    """Add a rule (last unless a position is given); the target must suit the action."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "create")
    values = {name: values.get(name) for name in RULE_FIELDS if name in values}
    values["conditions"] = clean_conditions(values.get("conditions") or {})
    _check_targets(values)
    with transaction.atomic():
        if values.get("position") is None:
            highest = AssignmentRule.objects.aggregate(highest=Max("position"))["highest"]
            values["position"] = 0 if highest is None else highest + 1
        rule = AssignmentRule.objects.create(**values)
        _audit(
            "assignment_rule.created",
            "assignment_rules",
            rule.pk,
            rule.name,
            actor,
            changes=diff({}, snapshot(rule, RULE_FIELDS)),
        )
    return get_rule(actor, rule.pk)


def update_rule(*, actor: User, rule_id: int, version: int, values: dict[str, Any]) -> AssignmentRule:
    """Edit a rule (409 with the current rule when `version` is stale)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "edit")
    with transaction.atomic():
        rule = AssignmentRule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None:
            raise NotFoundError()
        if rule.version != version:
            raise StaleVersionError(get_rule(actor, rule_id))
        before = snapshot(rule, RULE_FIELDS)
        merged = {**before, **{name: value for name, value in values.items() if name in RULE_FIELDS}}
        if "conditions" in values and values["conditions"] is not None:
            merged["conditions"] = clean_conditions(values["conditions"])
        merged["name"] = merged["name"] or rule.name
        merged["is_active"] = rule.is_active if merged["is_active"] is None else merged["is_active"]
        merged["action"] = merged["action"] or rule.action
        _check_targets(merged)
        for name, value in merged.items():
            setattr(rule, name, value)
        changes = diff(before, snapshot(rule, RULE_FIELDS))
        if changes:
            bump_version(rule)
            rule.save()
            _audit("assignment_rule.updated", "assignment_rules", rule.pk, rule.name, actor, changes=changes)
    return get_rule(actor, rule_id)


def delete_rule(*, actor: User, rule_id: int) -> None:
    """Delete a rule; leads and logs keep pointing at nothing (their history stays)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "delete")
    with transaction.atomic():
        rule = AssignmentRule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None:
            raise NotFoundError()
        _audit(
            "assignment_rule.deleted",
            "assignment_rules",
            rule.pk,
            rule.name,
            actor,
            changes=diff(snapshot(rule, RULE_FIELDS), {}),
        )
        rule.delete()


def reorder_rules(*, actor: User, ids: list[int]) -> list[AssignmentRule]:
    """Put every rule in the given order (the list must name each rule exactly once)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "edit")
    with transaction.atomic():
        rules = {rule.pk: rule for rule in AssignmentRule.objects.select_for_update().order_by("pk")}
        if len(ids) != len(set(ids)) or set(ids) != set(rules):
            raise _invalid(
                {"ids": ("请按新顺序列出全部规则，每条一次。", "List every rule exactly once, in the new order.")}
            )
        before = [rule.pk for rule in sorted(rules.values(), key=lambda rule: (rule.position, rule.pk))]
        for position, rule_id in enumerate(ids):
            rule = rules[rule_id]
            if rule.position != position:
                rule.position = position
                bump_version(rule)
                rule.save(update_fields=["position", "version", "updated_at"])
        if before != ids:
            _audit(
                "assignment_rule.reordered",
                "assignment_rules",
                "",
                "分配规则顺序",
                actor,
                changes={"order": (before, ids)},
            )
    return list_rules(actor)


# Availability --------------------------------------------------------------------------------


def _open_counts(user_ids: list[int]) -> dict[int, int]:
    rows = Lead.objects.filter(owner_id__in=user_ids, status__in=OPEN).values("owner_id").annotate(total=Count("id"))
    return {row["owner_id"]: row["total"] for row in rows}


def render_availabilities(users: list[User], now: datetime | None = None) -> list[dict[str, Any]]:
    """Each user's availability and open leads (two queries for the whole list: users come with theirs)."""
    now = now or timezone.now()
    counts = _open_counts([user.pk for user in users])
    items = []
    for user in users:
        availability = getattr(user, "availability", None)
        values = snapshot(availability, AVAILABILITY_FIELDS) if availability else dict.fromkeys(AVAILABILITY_FIELDS)
        if availability is not None:
            values |= {"work_start": availability.work_start, "work_end": availability.work_end}
            values |= {"leave_from": availability.leave_from, "leave_to": availability.leave_to}
        values["work_days"] = values.get("work_days") or []
        open_leads = counts.get(user.pk, 0)
        capacity = values.get("capacity")
        items.append(
            {
                **values,
                "user_id": user.pk,
                "user_name": _name(user),
                "department_id": user.department_id,
                "department_name": user.department.name if user.department else "",
                "open_leads": open_leads,
                "is_available_now": rule_conditions.is_available(availability, now)
                and (capacity is None or open_leads < capacity),
            }
        )
    return items


def _users() -> Any:
    return User.objects.filter(is_active=True).select_related("department", "availability")


def list_availability(actor: User) -> list[dict[str, Any]]:
    """Every active user's availability (lead-settings view right)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    return render_availabilities(list(_users().order_by("department__path", "pk")))


def get_availability(actor: User, user_id: int) -> dict[str, Any]:
    """One user's availability: their own, or anyone's with the lead-settings view right."""
    if user_id != actor.pk:
        engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    user = User.objects.select_related("department", "availability").filter(pk=user_id).first()
    if user is None:
        raise NotFoundError()
    return render_availabilities([user])[0]


def _clean_availability(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    cleaned = {name: values.get(name) for name in AVAILABILITY_FIELDS}
    cleaned["work_days"] = sorted(set(cleaned["work_days"] or []))
    errors: dict[str, tuple[str, str]] = {}
    if (cleaned["work_start"] is None) != (cleaned["work_end"] is None):
        errors[f"{prefix}work_end"] = ("请同时填写上班和下班时间。", "Give both the start and the end of work.")
    elif cleaned["work_start"] is not None and cleaned["work_start"] == cleaned["work_end"]:
        errors[f"{prefix}work_end"] = ("上下班时间不能相同。", "Work cannot start and end at the same time.")
    if cleaned["leave_from"] and cleaned["leave_to"] and cleaned["leave_from"] > cleaned["leave_to"]:
        errors[f"{prefix}leave_to"] = ("休假结束日期不能早于开始日期。", "Leave cannot end before it starts.")
    if errors:
        raise _invalid(errors)
    return cleaned


def _save_availability(actor: User, user_id: int, cleaned: dict[str, Any]) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFoundError()
    availability = RepAvailability.objects.select_for_update().filter(user=user).first()
    before = snapshot(availability, AVAILABILITY_FIELDS) if availability else {}
    availability = availability or RepAvailability(user=user)
    for name, value in cleaned.items():
        setattr(availability, name, value)
    changes = diff(before, snapshot(availability, AVAILABILITY_FIELDS))
    if changes:
        availability.save()
        _audit("rep_availability.updated", "users", user.pk, _name(user), actor, changes=changes)


def save_availability(*, actor: User, user_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Set one rep's capacity, working days and hours, and leave (lead-settings edit right)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "edit")
    cleaned = _clean_availability(values)
    with transaction.atomic():
        _save_availability(actor, user_id, cleaned)
    return get_availability(actor, user_id)


def save_availabilities(*, actor: User, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Set several reps' availability at once, all or nothing."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "edit")
    cleaned = [(item["user_id"], _clean_availability(item, f"items.{index}.")) for index, item in enumerate(items)]
    with transaction.atomic():
        for user_id, values in sorted(cleaned, key=lambda pair: pair[0]):
            _save_availability(actor, user_id, values)
    users = list(_users().filter(pk__in=[user_id for user_id, _ in cleaned]).order_by("department__path", "pk"))
    return render_availabilities(users)


# First-contact SLA -----------------------------------------------------------------------------


def _policy(lock: bool = False) -> LeadSlaPolicy:
    rows = LeadSlaPolicy.objects.order_by("pk")
    policy = (rows.select_for_update() if lock else rows.select_related("return_pool")).first()
    return policy or LeadSlaPolicy.objects.create()


def get_sla(actor: User) -> LeadSlaPolicy:
    """The first-contact SLA (lead-settings view right)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    return _policy()


def update_sla(*, actor: User, version: int, values: dict[str, Any]) -> LeadSlaPolicy:
    """Change the SLA: remind < escalate < return hours; returning needs a leads pool (409 when stale)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "edit")
    cleaned = {name: values.get(name) for name in SLA_FIELDS}
    errors: dict[str, tuple[str, str]] = {}
    remind: int = cleaned["remind_after_hours"] or 0
    escalate: int | None = cleaned["escalate_after_hours"]
    back: int | None = cleaned["return_after_hours"]
    if escalate is not None and escalate <= remind:
        errors["escalate_after_hours"] = ("升级时限应晚于提醒时限。", "Escalation must come after the reminder.")
    if back is not None and back <= max(remind, escalate or 0):
        errors["return_after_hours"] = (
            "退回公海时限应晚于提醒和升级。",
            "The return must come after reminder and escalation.",
        )
    if back is not None and not _exists(Pool.objects.filter(resource="leads"), cleaned["return_pool_id"]):
        errors["return_pool_id"] = ("请选择超时退回的线索公海。", "Choose the leads pool to return to.")
    if errors:
        raise _invalid(errors)
    if back is None:
        cleaned["return_pool_id"] = None
    with transaction.atomic():
        policy = _policy(lock=True)
        if policy.version != version:
            raise StaleVersionError(policy)
        before = snapshot(policy, SLA_FIELDS)
        for name, value in cleaned.items():
            setattr(policy, name, value)
        changes = diff(before, snapshot(policy, SLA_FIELDS))
        if changes:
            policy.version += 1
            policy.save()
            _audit("lead_sla.updated", "lead_settings", policy.pk, "首次联系时限", actor, changes=changes)
    return _policy()
