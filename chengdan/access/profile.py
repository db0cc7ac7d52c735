"""An actor's rights, compiled once per request from their roles (so changes apply next request)."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection

from chengdan.access.models import Pool, RecordShare
from chengdan.access.policies import find_policy
from chengdan.accounts.choices import FieldRuleKind, Scope
from chengdan.accounts.models import Department, FieldRule, RoleGrant, User


@dataclass(frozen=True)
class Grant:
    """One role's reach on a resource: its actions and its data scope."""

    role_id: int
    actions: frozenset[str]
    scope: str
    department_ids: frozenset[int] = frozenset()


@dataclass
class Profile:
    """Everything the engine needs to know about an actor, loaded in one query."""

    user_id: int
    is_superuser: bool
    line_path: str
    department_ids: frozenset[int]
    department_paths: tuple[str, ...]
    grants: dict[str, list[Grant]] = field(default_factory=dict)
    field_rules: dict[str, dict[str, str]] = field(default_factory=dict)
    _pools: dict[str, frozenset[int]] | None = field(default=None, repr=False, compare=False)

    def grants_for(self, resource: str, action: str) -> list[Grant]:
        """The grants that allow `action` on `resource`."""
        return [grant for grant in self.grants.get(resource, []) if action in grant.actions]

    def pool_ids(self, resource: str) -> frozenset[int]:
        """The active pools of `resource` the actor belongs to or manages (loaded once, on first use)."""
        if self._pools is None:
            _, self._pools = _load_sets(self, None, (), load_pools=True)
        return self._pools.get(resource, frozenset())

    def actions_on(self, resource: str) -> set[str]:
        """Every action the actor has on a resource, whatever the scope."""
        return {action for grant in self.grants.get(resource, []) for action in grant.actions}


def _ancestors(department_paths: tuple[str, ...]) -> set[int]:
    # Every id on the actor's departments' paths: the departments whose subtrees include the actor.
    return {int(part) for path in department_paths for part in path.strip("/").split("/") if part}


class ReachSets:
    """The small id sets one rule needs — records shared with the actor, the actor's pools — in one query.

    Shares are read afresh for each compiled rule (a share applies at once); pools are kept on the profile
    for the request, so when they are already known only the shares are read.
    """

    def __init__(self, profile: Profile, resource: str, accesses: tuple[str, ...], *, with_pools: bool) -> None:
        self.profile = profile
        self.resource = resource
        self.accesses = accesses
        self.with_pools = with_pools

    @cached_property
    def share_ids(self) -> frozenset[int]:
        """Ids of the records of the resource shared with the actor at one of the accesses."""
        load_pools = self.with_pools and self.profile._pools is None
        shares, pools = _load_sets(self.profile, self.resource, self.accesses, load_pools)
        if load_pools:
            self.profile._pools = pools
        return shares

    def pool_ids(self) -> frozenset[int]:
        """The actor's pools of the resource (fetched with the shares when not known yet)."""
        if self.profile._pools is None:
            _ = self.share_ids
        return self.profile.pool_ids(self.resource)


def _load_sets(
    profile: Profile, resource: str | None, accesses: tuple[str, ...], load_pools: bool
) -> tuple[frozenset[int], dict[str, frozenset[int]]]:
    """The records of `resource` shared with the actor at `accesses` (none when `resource` is None) and,
    with `load_pools`, the actor's active pools of every resource — one statement either way.

    Pool members are listed users and everyone in a member department's subtree, so a member department
    is any department on the paths of the actor's own.
    """
    quote = connection.ops.quote_name
    arms: list[str] = []
    params: list[Any] = []
    if resource is not None:
        marks = ", ".join(["%s"] * len(accesses))
        arms.append(
            f"SELECT 's', s.object_id, '' FROM {quote(RecordShare._meta.db_table)} s"  # noqa: S608 - model tables
            f" WHERE s.user_id = %s AND s.resource = %s AND s.access IN ({marks})"
        )
        params += [profile.user_id, resource, *accesses]
    if load_pools:
        members, managers, departments = (
            quote(field.remote_field.through._meta.db_table)  # type: ignore[union-attr]
            for field in (Pool.members.field, Pool.managers.field, Pool.member_departments.field)
        )
        memberships = [
            f"p.id IN (SELECT m.pool_id FROM {members} m WHERE m.user_id = %s)",  # noqa: S608 - model tables
            f"p.id IN (SELECT m.pool_id FROM {managers} m WHERE m.user_id = %s)",  # noqa: S608 - model tables
        ]
        params += [profile.user_id, profile.user_id]
        ancestors = sorted(_ancestors(profile.department_paths))
        if ancestors:
            in_ancestors = ", ".join(["%s"] * len(ancestors))
            memberships.append(
                f"p.id IN (SELECT m.pool_id FROM {departments} m"  # noqa: S608 - model tables, placeholders
                f" WHERE m.department_id IN ({in_ancestors}))"
            )
            params += ancestors
        arms.append(
            f"SELECT 'p', p.id, p.resource FROM {quote(Pool._meta.db_table)} p"  # noqa: S608 - model table
            f" WHERE p.is_active AND ({' OR '.join(memberships)})"
        )
    shares: set[int] = set()
    pools: dict[str, set[int]] = defaultdict(set)
    if arms:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(arms), params)
            for tag, pk, pool_resource in cursor.fetchall():
                if tag == "s":
                    shares.add(pk)
                else:
                    pools[pool_resource].add(pk)
    return frozenset(shares), {name: frozenset(ids) for name, ids in pools.items()}


ANONYMOUS = Profile(user_id=0, is_superuser=False, line_path="", department_ids=frozenset(), department_paths=())


def _effective_field_rules(
    grants: dict[str, list[Grant]], rules: list[tuple[int, str, str, str]]
) -> dict[str, dict[str, str]]:
    """A field is restricted only when every role that may view the resource restricts it."""
    by_role: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    for role_id, resource, field_name, rule in rules:
        by_role[(role_id, resource)][field_name] = rule
    effective: dict[str, dict[str, str]] = {}
    # Child resources (contacts) take their viewers from their root's grants (customers).
    resources = set(grants) | {resource for _, resource, _, _ in rules}
    for resource in resources:
        policy = find_policy(resource)
        root = policy.root.resource if policy else resource
        viewers = [grant.role_id for grant in grants.get(root, []) if "view" in grant.actions]
        if not viewers:
            continue
        restricted = set().union(*(by_role.get((role_id, resource), {}).keys() for role_id in viewers))
        result: dict[str, str] = {}
        for field_name in restricted:
            per_role = [by_role.get((role_id, resource), {}).get(field_name) for role_id in viewers]
            if any(rule is None for rule in per_role):
                continue
            result[field_name] = FieldRuleKind.MASKED if FieldRuleKind.MASKED in per_role else FieldRuleKind.HIDDEN
        if result:
            effective[resource] = result
    return effective


def _profile_sql() -> str:
    """One statement for everything a profile is made of, each row tagged with what it is.

    g: a grant of one of the user's roles; c: a department of a custom-scope grant; f: a field rule of
    one of the user's roles; d: one of the user's departments (primary or extra).
    """
    quote = connection.ops.quote_name
    grant, rule, department = (quote(model._meta.db_table) for model in (RoleGrant, FieldRule, Department))
    user_roles = quote(User.roles.through._meta.db_table)
    grant_departments = quote(RoleGrant.departments.through._meta.db_table)
    extra = quote(User.extra_departments.through._meta.db_table)
    return f"""
        SELECT 'g', g.id, g.role_id, g.resource, CAST(g.actions AS TEXT), g.scope
          FROM {grant} g JOIN {user_roles} ur ON ur.role_id = g.role_id WHERE ur.user_id = %s
        UNION ALL
        SELECT 'c', gd.rolegrant_id, gd.department_id, '', '', ''
          FROM {grant_departments} gd JOIN {grant} g ON g.id = gd.rolegrant_id
          JOIN {user_roles} ur ON ur.role_id = g.role_id WHERE ur.user_id = %s AND g.scope = %s
        UNION ALL
        SELECT 'f', NULL, r.role_id, r.resource, r.field, r.rule
          FROM {rule} r JOIN {user_roles} ur ON ur.role_id = r.role_id WHERE ur.user_id = %s
        UNION ALL
        SELECT 'd', d.id, NULL, d.path, '', ''
          FROM {department} d
         WHERE d.id = %s OR d.id IN (SELECT e.department_id FROM {extra} e WHERE e.user_id = %s)
    """  # noqa: S608 - table names from the models


def _load_rows(
    user: Any,
) -> tuple[
    list[tuple[int, int, str, list[str], str]],
    dict[int, set[int]],
    list[tuple[int, str, str, str]],
    set[tuple[int, str]],
]:
    """The user's grants, custom-scope departments, field rules and own departments, in one query."""
    grant_rows: list[tuple[int, int, str, list[str], str]] = []
    custom_departments: dict[int, set[int]] = defaultdict(set)
    rules: list[tuple[int, str, str, str]] = []
    pairs: set[tuple[int, str]] = set()
    params = [user.pk, user.pk, Scope.CUSTOM.value, user.pk, user.department_id, user.pk]
    with connection.cursor() as cursor:
        cursor.execute(_profile_sql(), params)
        # Columns: tag, an id, another id, then three texts (see _profile_sql for each tag's meaning).
        for tag, key, other, text, first, second in cursor.fetchall():
            if tag == "g":  # grant id, role id, resource, actions (JSON), scope
                grant_rows.append((key, other, text, json.loads(first), second))
            elif tag == "c":  # grant id, department id
                custom_departments[key].add(other)
            elif tag == "f":  # -, role id, resource, field, rule
                rules.append((other, text, first, second))
            else:  # department id, -, path
                pairs.add((key, text))
    return grant_rows, custom_departments, rules, pairs


def load_profile(user: Any) -> Profile:
    """Compile the actor's grants and field rules; cached on the user object for one request."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return ANONYMOUS
    cached = getattr(user, "_access_profile", None)
    if cached is not None:
        return cached
    grant_rows, custom_departments, rules, pairs = _load_rows(user)
    grants: dict[str, list[Grant]] = defaultdict(list)
    for pk, role_id, resource, actions, scope in grant_rows:
        grants[resource].append(
            Grant(
                role_id=role_id,
                actions=frozenset(actions),
                scope=scope,
                department_ids=frozenset(custom_departments[pk]),
            )
        )
    department_ids = frozenset(pk for pk, _ in pairs)
    paths = tuple(sorted({path for _, path in pairs}))
    profile = Profile(
        user_id=user.pk,
        is_superuser=bool(user.is_superuser),
        line_path=user.line_path,
        department_ids=department_ids,
        department_paths=paths,
        grants=dict(grants),
        field_rules=_effective_field_rules(grants, rules),
    )
    user._access_profile = profile
    return profile


def forget_profile(user: Any) -> None:
    """Drop the cached profile (after changing the actor's own roles or departments)."""
    if hasattr(user, "_access_profile"):
        del user._access_profile
