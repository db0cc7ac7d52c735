"""Writes on roles: action rights, data scopes and field rules per resource."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from chengdan.access import engine
from chengdan.access.policies import all_policies
from chengdan.access.profile import forget_profile
from chengdan.accounts import permissions
from chengdan.accounts.choices import FieldRuleKind, Scope
from chengdan.accounts.models import Department, FieldRule, Role, RoleGrant, User
from chengdan.core.errors import DomainError, ErrorCode, localized
from chengdan.core.events import Event, publish
from chengdan.core.versioning import bump_version


@dataclass(frozen=True)
class GrantSpec:
    """One row of the role matrix."""

    resource: str
    actions: list[str]
    scope: str
    department_ids: list[int]


@dataclass(frozen=True)
class FieldRuleSpec:
    """One field rule of a role."""

    resource: str
    field: str
    rule: str


def _invalid(field: str, zh: str, en: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, fields={field: localized(zh, en)})


def _validate(grants: list[GrantSpec], rules: list[FieldRuleSpec]) -> None:
    catalog = {policy.resource: policy for policy in all_policies()}
    seen: set[str] = set()
    for index, grant in enumerate(grants):
        policy = catalog.get(grant.resource)
        if policy is None or policy.parent:
            # Child records (contacts) follow their parent's grants; only field rules apply to them.
            raise _invalid(f"grants.{index}.resource", "未知的资源。", "Unknown resource.")
        if grant.resource in seen:
            raise _invalid(f"grants.{index}.resource", "资源重复。", "Resource listed twice.")
        seen.add(grant.resource)
        unknown = set(grant.actions) - set(policy.actions)
        if unknown:
            raise _invalid(
                f"grants.{index}.actions",
                f"未知的操作：{', '.join(sorted(unknown))}",
                f"Unknown actions: {', '.join(sorted(unknown))}",
            )
        if grant.scope not in Scope.values:
            raise _invalid(f"grants.{index}.scope", "未知的数据范围。", "Unknown data scope.")
        if grant.scope == Scope.CUSTOM and not grant.department_ids:
            raise _invalid(
                f"grants.{index}.department_ids", "自定义范围须选择部门。", "Pick departments for a custom scope."
            )
    for index, rule in enumerate(rules):
        policy = catalog.get(rule.resource)
        if policy is None or rule.field not in policy.all_fields():
            raise _invalid(f"field_rules.{index}.field", "该资源没有这个字段。", "Unknown field for this resource.")
        if rule.rule not in FieldRuleKind.values:
            raise _invalid(f"field_rules.{index}.rule", "未知的字段规则。", "Unknown field rule.")


def describe(role: Role) -> dict[str, Any]:
    """The role's matrix as plain data, for the audit diff and the API."""
    grants = [
        {
            "resource": grant.resource,
            "actions": sorted(grant.actions),
            "scope": grant.scope,
            "department_ids": sorted(d.pk for d in grant.departments.all()),
        }
        for grant in role.grants.all().order_by("resource")
    ]
    rules = [
        {"resource": rule.resource, "field": rule.field, "rule": rule.rule}
        for rule in role.field_rules.all().order_by("resource", "field")
    ]
    return {"grants": grants, "field_rules": rules}


def _write_matrix(role: Role, grants: list[GrantSpec], rules: list[FieldRuleSpec]) -> None:
    role.grants.all().delete()
    role.field_rules.all().delete()
    for spec in grants:
        grant = RoleGrant.objects.create(
            role=role, resource=spec.resource, actions=sorted(set(spec.actions)), scope=spec.scope
        )
        if spec.scope == Scope.CUSTOM:
            departments = list(Department.objects.filter(pk__in=spec.department_ids))
            if len(departments) != len(set(spec.department_ids)):
                raise _invalid("department_ids", "部门不存在。", "Unknown department.")
            grant.departments.set(departments)
    FieldRule.objects.bulk_create(
        [FieldRule(role=role, resource=rule.resource, field=rule.field, rule=rule.rule) for rule in rules]
    )


def create_role(
    *, actor: User, code: str, name: str, description: str, grants: list[GrantSpec], field_rules: list[FieldRuleSpec]
) -> Role:
    """Create a role with its matrix."""
    engine.require_action(actor, permissions.ROLES.resource, "create")
    _validate(grants, field_rules)
    if not code.strip() or not name.strip():
        raise _invalid("code" if not code.strip() else "name", "此项为必填项。", "This field is required.")
    with transaction.atomic():
        if Role.objects.filter(code=code.strip()).exists():
            raise DomainError(
                ErrorCode.ORG_ROLE_CODE_TAKEN,
                fields={"code": localized("角色编码已存在。", "This role code is taken.")},
            )
        role = Role.objects.create(code=code.strip()[:50], name=name.strip()[:100], description=description[:255])
        _write_matrix(role, grants, field_rules)
        after = describe(role)
        publish(
            Event(
                "role.created",
                "roles",
                str(role.pk),
                role.name,
                actor.pk,
                changes={k: (None, v) for k, v in after.items()},
            )
        )
    return role


def update_role(
    *,
    actor: User,
    role_id: int,
    version: int,
    name: str | None = None,
    description: str | None = None,
    grants: list[GrantSpec] | None = None,
    field_rules: list[FieldRuleSpec] | None = None,
) -> Role:
    """Change a role's name or matrix; holders get the new rights on their next request."""
    with transaction.atomic():
        role = engine.get_visible(actor, "roles", role_id, "edit", for_update=True, version=version)
        before = {"name": role.name, "description": role.description, **describe(role)}
        if name is not None:
            if not name.strip():
                raise _invalid("name", "此项为必填项。", "This field is required.")
            role.name = name.strip()[:100]
        if description is not None:
            role.description = description[:255]
        if grants is not None or field_rules is not None:
            current = describe(role)
            new_grants = grants if grants is not None else [GrantSpec(**g) for g in current["grants"]]
            new_rules = field_rules if field_rules is not None else [FieldRuleSpec(**r) for r in current["field_rules"]]
            _validate(new_grants, new_rules)
            _write_matrix(role, new_grants, new_rules)
        bump_version(role)
        role.save()
        after = {"name": role.name, "description": role.description, **describe(role)}
        changes = {key: (before[key], after[key]) for key in after if before[key] != after[key]}
        publish(Event("role.updated", "roles", str(role.pk), role.name, actor.pk, changes=changes))
    forget_profile(actor)
    return role
