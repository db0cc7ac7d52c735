"""Policies of the organisation's own resources, and their `visible_*` choke points."""

from typing import Any

from django.db.models import QuerySet

from chengdan.access import engine
from chengdan.access.policies import Policy, register
from chengdan.accounts.models import Department, Role, User

DEPARTMENTS = register(
    Policy(
        resource="departments",
        model=Department,
        owner_field=None,
        department_field="pk",
        actions=("view", "create", "edit", "delete"),
        label="部门",
    )
)
USERS = register(
    Policy(
        resource="users",
        model=User,
        owner_field="pk",
        department_field="department_id",
        actions=("view", "create", "edit", "delete", "assign"),
        fields={"mobile": "mobile", "email": "email"},
        label="用户",
    )
)
ROLES = register(
    Policy(
        resource="roles",
        model=Role,
        owner_field=None,
        department_field=None,
        actions=("view", "create", "edit", "delete"),
        label="角色权限",
    )
)


def visible_departments(actor: Any, action: str = "view") -> QuerySet[Department]:
    """Departments the actor may see (or act on)."""
    return engine.visible(actor, DEPARTMENTS.resource, action)


def visible_users(actor: Any, action: str = "view") -> QuerySet[User]:
    """Users the actor may see (or act on)."""
    return engine.visible(actor, USERS.resource, action)


def visible_roles(actor: Any, action: str = "view") -> QuerySet[Role]:
    """Roles the actor may see (or act on)."""
    return engine.visible(actor, ROLES.resource, action)
