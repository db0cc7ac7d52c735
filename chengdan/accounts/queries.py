"""Reads on the organisation; each starts from a `visible_*` choke point."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from chengdan.access import engine
from chengdan.access.fields import ensure_fields_usable
from chengdan.accounts.models import Department, Role, User
from chengdan.accounts.permissions import USERS, visible_departments, visible_roles, visible_users
from chengdan.core.pagination import Page, PageRequest, paginate

USER_ORDERING = {"username": "username", "date_joined": "date_joined", "id": "id"}


@dataclass(frozen=True)
class UserFilters:
    """What the user list can be narrowed by."""

    q: str = ""
    department_id: int | None = None
    is_active: bool | None = None


def list_departments(actor: Any) -> list[Department]:
    """The visible departments, flat, in tree order."""
    engine.require_action(actor, "departments", "view")
    return list(visible_departments(actor).order_by("path"))


def _users_with_relations(queryset: QuerySet[User]) -> QuerySet[User]:
    return queryset.select_related("department", "manager").prefetch_related(
        Prefetch("roles", queryset=Role.objects.order_by("pk")), "extra_departments"
    )


def list_users(actor: Any, filters: UserFilters, page: PageRequest) -> Page[User]:
    """One page of visible users (search over username, display name, and mobile when visible)."""
    engine.require_action(actor, USERS.resource, "view")
    queryset = visible_users(actor)
    if filters.q:
        condition = Q(username__icontains=filters.q) | Q(display_name__icontains=filters.q)
        queryset = queryset.filter(condition)
    if filters.department_id is not None:
        queryset = queryset.filter(department_id=filters.department_id)
    if filters.is_active is not None:
        queryset = queryset.filter(is_active=filters.is_active)
    if page.ordering:
        ensure_fields_usable(actor, USERS.resource, [page.ordering.lstrip("-")])
    return paginate(_users_with_relations(queryset), page, allowed_ordering=USER_ORDERING, default_ordering="username")


def get_user(actor: Any, user_id: int) -> User | None:
    """One visible user with their roles and departments."""
    return _users_with_relations(visible_users(actor)).filter(pk=user_id).first()


def list_roles(actor: Any) -> list[Role]:
    """The visible roles with their matrices."""
    engine.require_action(actor, "roles", "view")
    return list(visible_roles(actor).prefetch_related("grants__departments", "field_rules").order_by("pk"))


def get_me(user: User) -> User:
    """The signed-in user with department and roles loaded."""
    return User.objects.select_related("department").prefetch_related("roles").get(pk=user.pk)
