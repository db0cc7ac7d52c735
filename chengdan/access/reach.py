"""Scope terms: each compiles into a SQL condition and into a Python test of one record."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Q

from chengdan.access.models import RecordShare
from chengdan.access.policies import Policy
from chengdan.accounts.models import Department, User


def _value(obj: Any, attribute: str) -> Any:
    if attribute == "pk":
        return obj.pk
    # Child records reach their root's columns through relations ("customer__owner_id").
    for step in attribute.split("__"):
        obj = getattr(obj, step)
    return obj


def _subtree_q(paths: tuple[str, ...]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


@dataclass(frozen=True)
class OwnerIs:
    """Records owned by one user."""

    user_id: int

    def q(self, policy: Policy) -> Q:
        return Q(**{policy.owner_field: self.user_id}) if policy.owner_field else Q(pk__in=[])

    def matches(self, policy: Policy, obj: Any) -> bool:
        return bool(policy.owner_field) and _value(obj, policy.owner_field or "") == self.user_id


@dataclass(frozen=True)
class AuthoredBy:
    """Records one user wrote (a task they assigned to someone else stays theirs to follow)."""

    user_id: int

    def q(self, policy: Policy) -> Q:
        return Q(**{policy.author_field: self.user_id}) if policy.author_field else Q(pk__in=[])

    def matches(self, policy: Policy, obj: Any) -> bool:
        return bool(policy.author_field) and _value(obj, policy.author_field or "") == self.user_id


@dataclass(frozen=True)
class OwnerInLine:
    """Records owned by anyone on the reporting line below `line_path` (the actor included)."""

    line_path: str

    def q(self, policy: Policy) -> Q:
        if not policy.owner_field or not self.line_path:
            return Q(pk__in=[])
        users = User.objects.filter(line_path__startswith=self.line_path).values("pk")
        return Q(**{f"{policy.owner_field}__in": users})

    @cached_property
    def user_ids(self) -> frozenset[int]:
        if not self.line_path:
            return frozenset()
        return frozenset(User.objects.filter(line_path__startswith=self.line_path).values_list("pk", flat=True))

    def matches(self, policy: Policy, obj: Any) -> bool:
        return bool(policy.owner_field) and _value(obj, policy.owner_field or "") in self.user_ids


@dataclass(frozen=True)
class DepartmentIn:
    """Records that belong to one of a fixed set of departments."""

    department_ids: frozenset[int]

    def q(self, policy: Policy) -> Q:
        if not policy.department_field:
            return Q(pk__in=[])
        return Q(**{f"{policy.department_field}__in": sorted(self.department_ids)})

    def matches(self, policy: Policy, obj: Any) -> bool:
        return bool(policy.department_field) and _value(obj, policy.department_field or "") in self.department_ids


@dataclass(frozen=True)
class DepartmentUnder:
    """Records that belong to a department in the subtrees rooted at `paths` (resolved in SQL)."""

    paths: tuple[str, ...]

    def q(self, policy: Policy) -> Q:
        if not policy.department_field or not self.paths:
            return Q(pk__in=[])
        # The subtree is resolved in SQL from the materialized path. The planners want it differently:
        # PostgreSQL guesses half the table for an IN (subquery) and scans it, so it gets the ids as a
        # literal list (one indexed query first); SQLite walks the created_at index backwards and stops
        # after a page with the subquery, but sorts every match when given a literal list.
        if connection.vendor == "postgresql":
            return Q(**{f"{policy.department_field}__in": sorted(self.department_ids)})
        departments = Department.objects.filter(_subtree_q(self.paths)).values("pk")
        return Q(**{f"{policy.department_field}__in": departments})

    @cached_property
    def department_ids(self) -> frozenset[int]:
        if not self.paths:
            return frozenset()
        return frozenset(Department.objects.filter(_subtree_q(self.paths)).values_list("pk", flat=True))

    def matches(self, policy: Policy, obj: Any) -> bool:
        return bool(policy.department_field) and _value(obj, policy.department_field or "") in self.department_ids


@dataclass(frozen=True)
class SharedWith:
    """Records shared with the actor at one of the given access levels (ids resolved once)."""

    user_id: int
    resource: str
    accesses: tuple[str, ...]
    # Where the ids come from when the rule fetches them with other sets (access.profile.ReachSets).
    load_object_ids: Callable[[], frozenset[int]] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def object_ids(self) -> frozenset[int]:
        # Resolved eagerly: an actor has few shares, and a literal id list keeps the owner and
        # department indexes usable where an OR with a subquery would force a scan.
        if self.load_object_ids is not None:
            return self.load_object_ids()
        shares = RecordShare.objects.filter(user_id=self.user_id, resource=self.resource, access__in=self.accesses)
        return frozenset(shares.values_list("object_id", flat=True))

    def q(self, policy: Policy) -> Q:
        return Q(**{f"{policy.share_field}__in": sorted(self.object_ids)})

    def matches(self, policy: Policy, obj: Any) -> bool:
        return _value(obj, policy.share_field) in self.object_ids


@dataclass(frozen=True)
class InPools:
    """Records waiting in one of the public pools the actor is a member or manager of."""

    load_pool_ids: Callable[[], frozenset[int]]

    @cached_property
    def pool_ids(self) -> frozenset[int]:
        return self.load_pool_ids()

    def q(self, policy: Policy) -> Q:
        if not policy.pool_field:
            return Q(pk__in=[])
        return Q(**{f"{policy.pool_field}__in": sorted(self.pool_ids)})

    def matches(self, policy: Policy, obj: Any) -> bool:
        if not policy.pool_field:
            return False
        pool_id = _value(obj, policy.pool_field)
        # Owned records are in no pool: answer without loading the actor's memberships.
        return pool_id is not None and pool_id in self.pool_ids


Term = AuthoredBy | OwnerIs | OwnerInLine | DepartmentIn | DepartmentUnder | SharedWith | InPools


@dataclass(frozen=True)
class Reach:
    """What an actor reaches for one (resource, action): everything, nothing, or a union of terms."""

    everything: bool
    terms: tuple[Term, ...]

    def q(self, policy: Policy) -> Q | None:
        """The SQL condition; None means no restriction."""
        if self.everything:
            return None
        condition: Q | None = None
        for term in self.terms:
            if isinstance(term, SharedWith) and not term.object_ids:
                continue
            if isinstance(term, InPools) and not term.pool_ids:
                continue
            part = term.q(policy)
            condition = part if condition is None else condition | part
        return condition if condition is not None else Q(pk__in=[])

    def matches(self, policy: Policy, obj: Any) -> bool:
        """The same rule, tested on one record in Python."""
        return self.everything or any(term.matches(policy, obj) for term in self.terms)
