"""The registry of policies: which model backs a resource and which fields carry ownership."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Policy:
    """How the engine reads one resource.

    `owner_field` and `department_field` name the columns the data scopes test (use "pk" when
    the record is itself the user or the department). `fields` lists the output fields field
    rules may hide or mask, with the masking style of each (mobile, id, email, text).
    """

    resource: str
    model: type[models.Model]
    owner_field: str | None = "owner_id"
    department_field: str | None = "department_id"
    shareable: bool = False
    actions: tuple[str, ...] = ("view", "create", "edit", "delete", "export", "import", "assign")
    fields: dict[str, str] = field(default_factory=dict)
    label: str = ""
    filterable: Callable[[], dict[str, str]] | None = None
    share_field: str = "pk"
    # The column naming the public pool a record waits in (records in a pool have no owner).
    pool_field: str | None = None
    parent: str | None = None
    parent_field: str = ""
    extra_fields: Callable[[], dict[str, str]] | None = None
    # A rule on a field also covers keys inside the items of a list field: {"amount": {"lines": ("unit_price",)}}
    # hides line prices wherever the deal amount is hidden: audit diffs apply it here; renderers blank them.
    implied: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # Records about another record (an activity on a deal) inherit its visibility instead of having
    # their own scope: ((resource, foreign-key attribute), ...) in precedence order, and the first
    # link that is set decides. The grants of the resource itself give only the action rights.
    via: tuple[tuple[str, str], ...] = ()
    # The column naming who wrote the record: its author always sees and may edit it.
    author_field: str | None = None

    @property
    def root(self) -> "Policy":
        """The policy whose grants decide this one (itself, or its parent's root for child records)."""
        return get_policy(self.parent).root if self.parent else self

    def scoped(self) -> "Policy":
        """This resource seen through its root's ownership columns (contacts use customer__owner_id)."""
        if not self.parent:
            return self
        parent = get_policy(self.parent).scoped()
        prefix = self.parent_field

        def through(attribute: str | None) -> str | None:
            if attribute is None:
                return None
            return f"{prefix}_id" if attribute == "pk" else f"{prefix}__{attribute}"

        return Policy(
            resource=self.resource,
            model=self.model,
            owner_field=through(parent.owner_field),
            department_field=through(parent.department_field),
            shareable=parent.shareable,
            share_field=through(parent.share_field) or "pk",
            pool_field=through(parent.pool_field),
        )

    def all_fields(self) -> dict[str, str]:
        """Output fields field rules may restrict, with their mask style (custom fields included)."""
        return {**self.fields, **(self.extra_fields() if self.extra_fields else {})}


_registry: dict[str, Policy] = {}


def register(policy: Policy) -> Policy:
    """Declare the policy of a resource; a model without one is denied everywhere."""
    existing = _registry.get(policy.resource)
    if existing is not None and existing.model is not policy.model:
        raise ValueError(f"resource {policy.resource!r} is already bound to {existing.model.__name__}")
    _registry[policy.resource] = policy
    return policy


def get_policy(resource: str) -> Policy:
    """The policy of a resource; unknown resources are a programming error."""
    return _registry[resource]


def find_policy(resource: str) -> Policy | None:
    """The policy of a resource, or None for names that are not resources (e.g. "api_tokens")."""
    return _registry.get(resource)


def all_policies() -> list[Policy]:
    """Every declared policy, by resource name."""
    return [_registry[name] for name in sorted(_registry)]


def policy_for_model(model: type[models.Model]) -> Policy | None:
    """The policy that covers a model, if any."""
    for policy in _registry.values():
        if policy.model is model:
            return policy
    return None
