"""Rule-based lead scoring: active ScoringRules add points for field values and follow-ups."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.core.errors import NotFoundError, localized, validation_error
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.leads.choices import ScoringOperator
from chengdan.leads.models import Lead, ScoringRule
from chengdan.leads.permissions import LEAD_SETTINGS

FOLLOW_UPS = "follow_ups"
# Lead attributes a rule may test (plus "follow_ups", counted outside the lead row).
SCORABLE_FIELDS = (
    "name",
    "mobile",
    "email",
    "wechat",
    "title",
    "company_name",
    "province_code",
    "city_code",
    "district_code",
    "industry",
    "budget",
    "product_interest",
    "source",
    "campaign",
    "status",
    "duplicate_status",
)
RESCORE_BATCH = 2000

FollowUpCounter = Callable[[list[int]], dict[int, int]]
_follow_up_counters: list[FollowUpCounter] = []


@dataclass(frozen=True, slots=True)
class Rule:
    """One active rule, detached from the ORM so a batch scores without touching the database."""

    field: str
    operator: str
    value: Any
    points: int


def register_follow_up_counter(counter: FollowUpCounter) -> None:
    """Declare where follow-ups live (lead ids → count); rescore_all sums every registered counter."""
    if counter not in _follow_up_counters:
        _follow_up_counters.append(counter)


def load_rules() -> list[Rule]:
    """The active rules in their order (one query); pass the result to score_of for a batch."""
    rows = ScoringRule.objects.filter(is_active=True).order_by("position", "pk")
    return [Rule(row.field, row.operator, row.value, row.points) for row in rows]


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip().casefold()


def _equal(actual: Any, expected: Any) -> bool:
    actual_number, expected_number = _number(actual), _number(expected)
    if actual_number is not None and expected_number is not None:
        return actual_number == expected_number
    return _text(actual) == _text(expected) and _text(actual) != ""


def is_present(value: Any) -> bool:
    """Filled in: not None, not blank text, not an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, tuple, dict)):
        return len(value) > 0
    return True


def matches(rule: Rule, actual: Any) -> bool:
    """Whether a field value meets the rule's condition."""
    operator = rule.operator
    if operator == ScoringOperator.PRESENT:
        return is_present(actual)
    if operator == ScoringOperator.EQUALS:
        return _equal(actual, rule.value)
    if operator == ScoringOperator.IN:
        options = rule.value if isinstance(rule.value, list) else []
        return any(_equal(actual, option) for option in options)
    if operator == ScoringOperator.AT_LEAST:
        actual_number, threshold = _number(actual), _number(rule.value)
        return actual_number is not None and threshold is not None and actual_number >= threshold
    if operator == ScoringOperator.CONTAINS:
        needle = _text(rule.value)
        return needle != "" and needle in _text(actual)
    return False


def _points(rule: Rule, lead: Any, follow_ups: int) -> int:
    if rule.field == FOLLOW_UPS:
        if not matches(rule, follow_ups):
            return 0
        # "at least N follow-ups" earns its points for every follow-up, not once.
        return rule.points * follow_ups if rule.operator == ScoringOperator.AT_LEAST else rule.points
    return rule.points if matches(rule, getattr(lead, rule.field, None)) else 0


def score_of(lead: Any, follow_ups: int = 0, rules: Sequence[Rule] | None = None) -> int:
    """The lead's score: the sum of the points of every active rule it meets (loads the rules unless given)."""
    active = load_rules() if rules is None else rules
    return sum(_points(rule, lead, follow_ups) for rule in active)


def follow_up_counts(lead_ids: list[int]) -> dict[int, int]:
    """Follow-ups per lead from every registered source (absent means none)."""
    counts: dict[int, int] = {}
    for counter in _follow_up_counters:
        for lead_id, count in counter(lead_ids).items():
            counts[lead_id] = counts.get(lead_id, 0) + count
    return counts


def _lead_columns(rules: Iterable[Rule]) -> list[str]:
    return sorted({rule.field for rule in rules if rule.field in SCORABLE_FIELDS} | {"score"})


def rescore_all() -> int:
    """Recompute every lead's score in batches (synchronous; fine up to ~50,000 leads); returns rows changed."""
    rules = load_rules()
    columns = _lead_columns(rules)
    counted = any(rule.field == FOLLOW_UPS for rule in rules) and bool(_follow_up_counters)
    changed_total = 0
    last_id = 0
    while True:
        batch = list(Lead.objects.filter(pk__gt=last_id).order_by("pk").only(*columns)[:RESCORE_BATCH])
        if not batch:
            return changed_total
        last_id = batch[-1].pk
        counts = follow_up_counts([lead.pk for lead in batch]) if counted else {}
        changed = []
        for lead in batch:
            score = score_of(lead, counts.get(lead.pk, 0), rules)
            if score != lead.score:
                lead.score = score
                changed.append(lead)
        if changed:
            with transaction.atomic():
                Lead.objects.bulk_update(changed, ["score"], batch_size=500)
            changed_total += len(changed)


# Rule administration (lead_settings rights); every change rescores the leads.

RULE_FIELDS = ["name", "field", "operator", "value", "points", "position", "is_active"]


def _clean_rule(values: dict[str, Any]) -> dict[str, Any]:
    """A rule's values checked together: a known field, an operator that suits it, a value of the right shape."""
    errors: dict[str, str] = {}
    name = str(values.get("name") or "").strip()
    field, operator, value = values.get("field"), values.get("operator"), values.get("value")
    if not name:
        errors["name"] = localized("请填写规则名称。", "Name the rule.")
    if field not in (*SCORABLE_FIELDS, FOLLOW_UPS):
        errors["field"] = localized("不能按该字段评分。", "Leads cannot be scored on this field.")
    if operator not in ScoringOperator.values:
        errors["operator"] = localized("未知的比较方式。", "Unknown operator.")
    elif field == FOLLOW_UPS and operator not in (
        ScoringOperator.PRESENT,
        ScoringOperator.EQUALS,
        ScoringOperator.AT_LEAST,
    ):
        errors["operator"] = localized(
            "跟进次数只能用“已填写”“等于”或“不少于”。", "Follow-ups take present, equals or at_least."
        )
    elif operator == ScoringOperator.PRESENT:
        value = None
    elif operator == ScoringOperator.IN:
        if not isinstance(value, list) or not value or len(value) > 100 or not all(_scalar(item) for item in value):
            errors["value"] = localized("请给出 1 到 100 个取值。", "Give a list of 1 to 100 values.")
    elif operator == ScoringOperator.AT_LEAST:
        if _number(value) is None:
            errors["value"] = localized("请填写一个数字。", "Give a number.")
    elif not _scalar(value) or _text(value) == "":
        errors["value"] = localized("请填写比较的值。", "Give the value to compare with.")
    if errors:
        raise validation_error(errors)
    return {**values, "name": name, "value": value}


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) <= 200


def _audit(name: str, rule: ScoringRule, actor: User, changes: dict[str, Any]) -> None:
    publish(Event(name, "lead_scoring_rules", str(rule.pk), rule.name[:255], actor.pk, changes=changes))


def list_scoring_rules(actor: User) -> list[ScoringRule]:
    """Every scoring rule in its order (lead_settings view right)."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "view")
    return list(ScoringRule.objects.order_by("position", "pk"))


def create_scoring_rule(*, actor: User, values: dict[str, Any]) -> tuple[ScoringRule, int]:
    """Add a rule and rescore every lead; returns the rule and how many scores changed."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "create")
    clean = _clean_rule({name: values.get(name) for name in RULE_FIELDS if name in values})
    with transaction.atomic():
        rule = ScoringRule.objects.create(**clean)
        _audit("scoring_rule.created", rule, actor, diff({}, snapshot(rule, RULE_FIELDS)))
    return rule, rescore_all()


def _locked_rule(rule_id: int) -> ScoringRule:
    rule = ScoringRule.objects.select_for_update().filter(pk=rule_id).first()
    if rule is None:
        raise NotFoundError()
    return rule


def update_scoring_rule(*, actor: User, rule_id: int, changes: dict[str, Any]) -> tuple[ScoringRule, int]:
    """Change a rule (absent keys kept) and rescore every lead."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "edit")
    with transaction.atomic():
        rule = _locked_rule(rule_id)
        before = snapshot(rule, RULE_FIELDS)
        merged = {**before, **{name: changes[name] for name in RULE_FIELDS if name in changes}}
        for name, value in _clean_rule(merged).items():
            setattr(rule, name, value)
        rule.save()
        _audit("scoring_rule.updated", rule, actor, diff(before, snapshot(rule, RULE_FIELDS)))
    return rule, rescore_all()


def delete_scoring_rule(*, actor: User, rule_id: int) -> int:
    """Remove a rule and rescore every lead; returns how many scores changed."""
    engine.require_action(actor, LEAD_SETTINGS.resource, "delete")
    with transaction.atomic():
        rule = _locked_rule(rule_id)
        _audit("scoring_rule.deleted", rule, actor, diff(snapshot(rule, RULE_FIELDS), {}))
        rule.delete()
    return rescore_all()
