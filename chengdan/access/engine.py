"""The choke point: every read and write on a user's behalf asks this module first."""

import functools
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet

from chengdan.access.policies import Policy, get_policy
from chengdan.access.profile import Grant, Profile, ReachSets, load_profile
from chengdan.access.reach import (
    AuthoredBy,
    DepartmentIn,
    DepartmentUnder,
    InPools,
    OwnerInLine,
    OwnerIs,
    Reach,
    SharedWith,
    Term,
)
from chengdan.accounts.choices import Scope, ShareAccess
from chengdan.core.errors import DomainError, ErrorCode, NotFoundError, PermissionDeniedError, StaleVersionError
from chengdan.core.events import Event, publish


def _grant_terms(profile: Profile, grant: Grant) -> list[Term]:
    terms: list[Term] = [OwnerIs(profile.user_id)]
    if grant.scope == Scope.SUBORDINATES:
        terms.append(OwnerInLine(profile.line_path))
    elif grant.scope == Scope.DEPARTMENT:
        terms.append(DepartmentIn(profile.department_ids))
    elif grant.scope == Scope.DEPARTMENT_TREE:
        terms.append(DepartmentUnder(profile.department_paths))
    elif grant.scope == Scope.CUSTOM:
        terms.append(DepartmentIn(grant.department_ids))
    return terms


def reach(actor: Any, resource: str, action: str) -> Reach:
    """Compile the actor's rule for (resource, action) once; both paths below use it."""
    resource = get_policy(resource).root.resource
    profile = load_profile(actor)
    if profile.is_superuser:
        return Reach(everything=True, terms=())
    grants = profile.grants_for(resource, action)
    if not grants:
        return Reach(everything=False, terms=())
    if any(grant.scope == Scope.ALL for grant in grants):
        return Reach(everything=True, terms=())
    terms: list[Term] = []
    for grant in grants:
        for term in _grant_terms(profile, grant):
            if term not in terms:
                terms.append(term)
    policy = get_policy(resource)
    if policy.author_field and action in AUTHOR_ACTIONS:
        terms.append(AuthoredBy(profile.user_id))
    pooled = bool(policy.pool_field) and action == "view"
    shared = policy.shareable and action in ("view", "edit")
    # Shares and pool memberships are fetched together, by whichever term needs them first.
    accesses = tuple(
        str(a) for a in ((ShareAccess.READ, ShareAccess.EDIT) if action == "view" else (ShareAccess.EDIT,))
    )
    sets = ReachSets(profile, resource, accesses, with_pools=pooled) if shared else None
    if pooled:
        # Pool members see what waits in their pools; claiming is its own action with its own limits.
        terms.append(InPools(sets.pool_ids if sets else functools.partial(profile.pool_ids, resource)))
    if sets is not None:
        terms.append(SharedWith(profile.user_id, resource, accesses, load_object_ids=lambda: sets.share_ids))
    return Reach(everything=False, terms=tuple(terms))


# What a record that inherits its visibility (`Policy.via`) asks of the record it is about:
# seeing it needs a view of that record; changing it needs the right to edit that record.
VIA_ACTIONS = {"view": "view", "export": "view", "create": "view", "edit": "edit", "delete": "edit"}
AUTHOR_ACTIONS = ("view", "edit", "delete", "export")


def _via_q(actor: Any, policy: Policy, action: str) -> Q:
    parent_action = VIA_ACTIONS.get(action, action)
    condition = Q(pk__in=[])
    earlier_unset = Q()
    for resource, attribute in policy.via:
        linked = visible(actor, resource, parent_action).values("pk")
        condition |= earlier_unset & Q(**{f"{attribute}__isnull": False, f"{attribute}__in": linked})
        earlier_unset &= Q(**{f"{attribute}__isnull": True})
    if policy.author_field and action in AUTHOR_ACTIONS:
        condition |= Q(**{policy.author_field: getattr(actor, "pk", None)})
    return condition


def _via_matches(actor: Any, policy: Policy, action: str, obj: Model) -> bool:
    if policy.author_field and action in AUTHOR_ACTIONS and getattr(obj, policy.author_field) == actor.pk:
        return True
    for resource, attribute in policy.via:
        linked_id = getattr(obj, attribute)
        if linked_id is None:
            continue
        parent = get_policy(resource).model._default_manager.filter(pk=linked_id).first()
        return parent is not None and can(actor, resource, VIA_ACTIONS.get(action, action), parent)
    return False


def visible(actor: Any, resource: str, action: str = "view") -> QuerySet[Any]:
    """The records of `resource` the actor may `action`: the one queryset every collection starts from."""
    policy = get_policy(resource)
    queryset = policy.model._default_manager.all()
    if policy.via:
        if not has_action(actor, resource, action):
            return queryset.none()
        if load_profile(actor).is_superuser:
            return queryset
        return queryset.filter(_via_q(actor, policy, action))
    compiled = reach(actor, resource, action)
    if not compiled.everything and not compiled.terms:
        return queryset.none()
    condition = compiled.q(policy.scoped())
    return queryset if condition is None else queryset.filter(condition)


def can(actor: Any, resource: str, action: str, obj: Model) -> bool:
    """The object check: the same rule as `visible`, tested on one record."""
    policy = get_policy(resource)
    if policy.via:
        if not has_action(actor, resource, action):
            return False
        return load_profile(actor).is_superuser or _via_matches(actor, policy, action, obj)
    compiled = reach(actor, resource, action)
    return compiled.matches(get_policy(resource).scoped(), obj)


def has_action(actor: Any, resource: str, action: str) -> bool:
    """Whether any of the actor's roles grants `action` on `resource` (whatever the scope)."""
    profile = load_profile(actor)
    return profile.is_superuser or action in profile.actions_on(get_policy(resource).root.resource)


def actions_by_resource(actor: Any) -> dict[str, list[str]]:
    """Every resource the actor has rights on, with the actions (for the SPA's menus)."""
    from chengdan.access.policies import all_policies

    profile = load_profile(actor)
    result: dict[str, list[str]] = {}
    for policy in all_policies():
        if policy.parent:
            continue
        actions = set(policy.actions) if profile.is_superuser else profile.actions_on(policy.resource)
        if actions:
            result[policy.resource] = sorted(actions)
    return result


def denied(resource: str, action: str, object_id: object = "", code: str = ErrorCode.PERMISSION_DENIED) -> DomainError:
    """The refusal to raise; the API audits it after the action's transaction has rolled back."""
    error = PermissionDeniedError(
        code, denial={"resource": resource, "action": action, "object_id": str(object_id or "")}
    )
    if code != ErrorCode.PERMISSION_DENIED:
        error.status = 422
    return error


def record_denial(actor: Any, denial: dict[str, str]) -> None:
    """Write a permission denial to the audit log (call outside the refused transaction)."""
    publish(
        Event(
            name="permission.denied",
            subject_type=denial.get("resource", ""),
            subject_id=denial.get("object_id", ""),
            actor_id=getattr(actor, "pk", None),
            data={"action": denial.get("action", "")},
        )
    )


def require_action(actor: Any, resource: str, action: str) -> None:
    """Refuse with 403 (and audit the denial) unless the actor has the action right."""
    if not has_action(actor, resource, action):
        raise denied(resource, action)


def get_visible(
    actor: Any,
    resource: str,
    pk: object,
    action: str = "view",
    *,
    for_update: bool = False,
    version: int | None = None,
    related: tuple[str, ...] = (),
) -> Any:
    """Fetch one record for `action`: 404 out of scope, 403 seen but not allowed, 409 on a stale `version`."""
    policy = get_policy(resource)
    if not has_action(actor, resource, action):
        # No right at all on the resource: the answer is the same for every id, so 403 leaks nothing.
        raise denied(resource, action, pk)
    queryset = policy.model._default_manager.all()
    if related:
        queryset = queryset.select_related(*related)
    if for_update:
        queryset = queryset.select_for_update()
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFoundError() from None
    if not can(actor, resource, "view", obj):
        raise NotFoundError()
    if action != "view" and not can(actor, resource, action, obj):
        raise denied(resource, action, pk)
    if version is not None and getattr(obj, "version", None) != version:
        raise StaleVersionError(obj)
    return obj


def ensure_within_reach(actor: Any, resource: str, action: str, obj: Model) -> None:
    """Refuse a write whose result (new owner, new department) would leave the actor's scope."""
    if not can(actor, resource, action, obj):
        raise denied(resource, action, obj.pk, ErrorCode.TARGET_OUT_OF_SCOPE)
