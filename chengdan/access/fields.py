"""Field rules: hidden fields never leave the server, masked ones leave masked."""

import re
from collections.abc import Iterable
from typing import Any

from chengdan.access.policies import find_policy, get_policy
from chengdan.access.profile import load_profile
from chengdan.accounts.choices import FieldRuleKind
from chengdan.core.errors import DomainError, ErrorCode


def mask_value(value: Any, style: str) -> Any:
    """Mask a value so it can be recognised but not used (138****5678, 9144********1234X)."""
    if value is None or value == "":
        return value
    text = str(value)
    if style == "mobile":
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 7:
            return f"{digits[:3]}****{digits[-4:]}"
        return "****"
    if style == "id":
        if len(text) <= 8:
            return "*" * len(text)
        return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"
    if style == "email" and "@" in text:
        local, _, domain = text.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(text) <= 2:
        return "*" * len(text)
    return f"{text[0]}{'*' * (len(text) - 2)}{text[-1]}"


def field_rules(actor: Any, resource: str) -> dict[str, str]:
    """The fields of `resource` the actor sees masked or not at all."""
    profile = load_profile(actor)
    if profile.is_superuser:
        return {}
    return profile.field_rules.get(resource, {})


def hidden_fields(actor: Any, resource: str) -> set[str]:
    """The fields of `resource` that must not appear in any output for the actor."""
    return {name for name, rule in field_rules(actor, resource).items() if rule == FieldRuleKind.HIDDEN}


def apply_field_rules(actor: Any, resource: str, data: dict[str, Any]) -> dict[str, Any]:
    """Drop hidden fields and mask masked ones in one record's output ("custom.x" reaches into `custom`)."""
    rules = field_rules(actor, resource)
    if not rules:
        return data
    styles = get_policy(resource).all_fields()
    result: dict[str, Any] = {}
    for key, value in data.items():
        rule = rules.get(key)
        if rule == FieldRuleKind.HIDDEN:
            continue
        result[key] = mask_value(value, styles.get(key, "text")) if rule == FieldRuleKind.MASKED else value
    nested = {name for name in rules if "." in name}
    for name in nested:
        outer, inner = name.split(".", 1)
        block = result.get(outer)
        if isinstance(block, dict) and inner in block:
            block = result[outer] = dict(block)
            if rules[name] == FieldRuleKind.HIDDEN:
                del block[inner]
            else:
                block[inner] = mask_value(block[inner], styles.get(name, "text"))
    return result


def _restrict_items(items: Any, keys: tuple[str, ...], rule: str) -> Any:
    """Drop (hidden) or mask (masked) `keys` inside every dict of a list."""
    if not isinstance(items, list):
        return items
    restricted: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            if rule == FieldRuleKind.HIDDEN:
                item = {key: value for key, value in item.items() if key not in keys}
            else:
                item = {key: mask_value(value, "text") if key in keys else value for key, value in item.items()}
        restricted.append(item)
    return restricted


def _apply_implied(rules: dict[str, str], resource: str, data: dict[str, Any], pairs: bool) -> None:
    """Extend each rule to the list-item keys its policy says it covers (in place)."""
    policy = find_policy(resource)
    if policy is None:
        return
    for name, covered in policy.implied.items():
        rule = rules.get(name)
        if rule is None:
            continue
        for list_field, keys in covered.items():
            if list_field in data:
                value = data[list_field]
                data[list_field] = (
                    [_restrict_items(side, keys, rule) for side in value]
                    if pairs
                    else _restrict_items(value, keys, rule)
                )


def apply_field_rules_to_changes(actor: Any, resource: str, changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The same rules on an audit diff: hidden fields vanish, masked ones are masked both sides."""
    rules = field_rules(actor, resource)
    if not rules:
        return changes
    policy = find_policy(resource)
    styles = policy.all_fields() if policy else {}
    result: dict[str, list[Any]] = {}
    for key, pair in changes.items():
        rule = rules.get(key)
        if rule == FieldRuleKind.HIDDEN:
            continue
        if rule == FieldRuleKind.MASKED:
            result[key] = [mask_value(value, styles.get(key, "text")) for value in pair]
        else:
            result[key] = pair
    _apply_implied(rules, resource, result, pairs=True)
    return result


def ensure_fields_usable(actor: Any, resource: str, names: Iterable[str]) -> None:
    """Refuse filtering, sorting or grouping on a field the actor cannot see in clear."""
    restricted = field_rules(actor, resource)
    blocked = sorted({name for name in names if name in restricted or f"custom.{name}" in restricted})
    if blocked:
        raise DomainError(ErrorCode.FIELD_NOT_ALLOWED, fields={name: ErrorCode.FIELD_NOT_ALLOWED for name in blocked})
