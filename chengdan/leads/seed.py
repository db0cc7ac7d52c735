"""The defaults every installation starts with: one first-contact SLA row and the default scoring rules."""

from typing import Any

# (name, field, operator, value, points): contact details, company, budget, strong channels, interest.
DEFAULT_SCORING_RULES: list[tuple[str, str, str, Any, int]] = [
    ("留有手机", "mobile", "present", None, 10),
    ("留有邮箱", "email", "present", None, 5),
    ("留有公司名称", "company_name", "present", None, 10),
    ("预算不少于 10 万", "budget", "at_least", 100000, 20),
    ("预算不少于 100 万", "budget", "at_least", 1000000, 20),
    ("来源：转介绍", "source", "equals", "referral", 15),
    ("来源：展会", "source", "equals", "exhibition", 10),
    ("填写了意向产品", "product_interest", "present", None, 5),
]


def seed_scoring_rules(scoring_rule_model: Any) -> None:
    """Install the default scoring rules when none exist (an admin's own rules are never touched)."""
    if scoring_rule_model.objects.exists():
        return
    scoring_rule_model.objects.bulk_create(
        scoring_rule_model(name=name, field=field, operator=operator, value=value, points=points, position=position)
        for position, (name, field, operator, value, points) in enumerate(DEFAULT_SCORING_RULES)
    )


def seed_defaults() -> None:
    """Create the missing default rows (never overwrites an admin's edits)."""
    from chengdan.leads.models import LeadSlaPolicy, ScoringRule

    if not LeadSlaPolicy.objects.exists():
        LeadSlaPolicy.objects.create()
    seed_scoring_rules(ScoringRule)
