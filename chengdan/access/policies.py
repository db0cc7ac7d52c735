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
